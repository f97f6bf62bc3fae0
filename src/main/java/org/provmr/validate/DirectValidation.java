package org.provmr.validate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.KeyedMode;
import org.provmr.store.MacKey;

/**
 * The validation of a few small outputs inside the calling JVM, with no MapReduce job: the same
 * plan ({@link ValidationPlan}) and the same store, part and source checkers the validator
 * mapper runs, one work unit after the other. A long-running service uses it so that a small
 * clean output costs milliseconds instead of a job's fixed start-up; an output with findings
 * then goes through the job (whose alerts a recompute reads).
 */
public final class DirectValidation {

  /**
   * What the checks found.
   *
   * @param findings alerts by type, only types that occurred
   * @param counters the validation counters, as the job would have counted them
   * @param alerts the alerts, in the job's sort order
   * @param partBytes bytes of part files the plan covers
   */
  public record Result(Map<AlertType, Long> findings, Map<ValidationCounters, Long> counters,
      List<Alert> alerts, long partBytes) {

    public long total() {
      long n = 0;
      for (long v : findings.values()) {
        n += v;
      }
      return n;
    }
  }

  private DirectValidation() {
  }

  /** Bytes of part files the lineage stores of {@code outputs} record: what a check would read. */
  public static long partBytes(Configuration conf, List<Path> outputs) throws IOException {
    return partBytes(conf, outputs, u -> true);
  }

  /** Bytes of the part files of the units {@code which} selects. */
  public static long partBytes(Configuration conf, List<Path> outputs,
      Predicate<WorkUnit> which) throws IOException {
    long n = 0;
    for (WorkUnit u : ValidationPlan.of(conf, outputs).units()) {
      if (u.kind() == WorkUnit.Kind.PART && which.test(u)) {
        n += u.bytes();
      }
    }
    return n;
  }

  /**
   * Validates {@code outputs} here and now. Staleness is measured against now; keyed mode reads
   * its verifying keys from the configuration.
   *
   * @throws org.provmr.conf.BadConfigurationException if source roots or windows are malformed
   */
  public static Result run(Configuration conf, List<Path> outputs) throws IOException {
    return run(conf, outputs, u -> true);
  }

  /**
   * Validates the units of the plan {@code which} selects: a service checks an output's
   * {@code priority/} parts first, then the rest, so that what matters most is known first.
   */
  public static Result run(Configuration conf, List<Path> outputs, Predicate<WorkUnit> which)
      throws IOException {
    SourceRoots.configured(conf);
    ValidationPlan plan = ValidationPlan.of(conf, outputs);
    Map<AlertType, Long> findings = new EnumMap<>(AlertType.class);
    Map<ValidationCounters, Long> counters = new EnumMap<>(ValidationCounters.class);
    List<Alert> alerts = new ArrayList<>();
    Sink sink = new Sink() {
      @Override
      public void alert(Alert alert) {
        alerts.add(alert);
        findings.merge(alert.type(), 1L, Long::sum);
        counters.merge(ValidationCounters.FINDINGS, 1L, Long::sum);
        counters.merge(alert.type().counter(), 1L, Long::sum);
      }

      @Override
      public void count(ValidationCounters counter, long amount) {
        counters.merge(counter, amount, Long::sum);
      }
    };
    Map<String, MacKey> keys = KeyedMode.verifyingKeys(conf);
    Map<String, LoadedOutput> loaded = new HashMap<>();
    java.util.function.Function<String, LoadedOutput> output = d -> loaded.computeIfAbsent(d,
        k -> {
          try {
            return LoadedOutput.load(conf, k);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    StoreChecker stores = new StoreChecker(conf, sink, keys);
    PartChecker parts = new PartChecker(conf, sink, ValidationJob.isDeep(conf), keys);
    SourceChecker sources = new SourceChecker(conf, sink, StalenessPolicy.of(conf),
        System.currentTimeMillis(), conf.getLong(ProvenanceKeys.VALIDATE_RECORD_ALERTS_MAX,
            ProvenanceKeys.VALIDATE_RECORD_ALERTS_MAX_DEFAULT), output);
    long partBytes = 0;
    try {
      for (WorkUnit unit : plan.units()) {
        if (!which.test(unit)) {
          continue;
        }
        if (unit.kind() == WorkUnit.Kind.STORE) {
          stores.check(unit.output()); // streamed: the store is not held
        } else if (unit.kind() == WorkUnit.Kind.PART) {
          partBytes += unit.bytes();
          LoadedOutput out = output.apply(unit.output());
          parts.check(out, out.job.part(unit.part()));
        } else {
          sources.check(unit);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      sources.close(); // the file systems the composite-CRC path opened
    }
    alerts.sort((a, b) -> ValidatorMapper.sortKey(a).compareTo(ValidatorMapper.sortKey(b)));
    return new Result(Collections.unmodifiableMap(findings),
        Collections.unmodifiableMap(counters), List.copyOf(alerts), partBytes);
  }
}
