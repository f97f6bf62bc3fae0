package org.provmr.validate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.KeyedMode;
import org.provmr.store.MacKey;

/**
 * The post-job validator: each input record is a work unit (an output part, or a source file
 * with the manifest entries that refer to it); findings leave as {@code sortKey -> alert JSON}
 * for the reducer to write in a stable order, and every check is counted.
 */
public class ValidatorMapper extends Mapper<IntWritable, Text, Text, Text> {
  private final Map<String, LoadedOutput> outputs = new HashMap<>();
  private final Text sortKey = new Text();
  private final Text line = new Text();
  private StoreChecker stores;
  private PartChecker parts;
  private SourceChecker sources;
  private Configuration conf;

  @Override
  protected void setup(Context context) throws IOException {
    conf = context.getConfiguration();
    Sink sink = new Sink() {
      @Override
      public void alert(Alert alert) throws IOException {
        sortKey.set(sortKey(alert));
        line.set(alert.toJson());
        try {
          context.write(sortKey, line);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("Interrupted while writing an alert", e);
        }
        context.getCounter(ValidationCounters.FINDINGS).increment(1);
        context.getCounter(alert.type().counter()).increment(1);
      }

      @Override
      public void count(ValidationCounters counter, long amount) {
        context.getCounter(counter).increment(amount);
      }
    };
    Map<String, MacKey> keys = KeyedMode.verifyingKeys(context);
    stores = new StoreChecker(conf, sink, keys);
    parts = new PartChecker(conf, sink, ValidationJob.isDeep(conf), keys);
    sources = new SourceChecker(conf, sink, StalenessPolicy.of(conf),
        ValidationJob.getSweepTime(conf),
        conf.getLong(ProvenanceKeys.VALIDATE_RECORD_ALERTS_MAX,
            ProvenanceKeys.VALIDATE_RECORD_ALERTS_MAX_DEFAULT),
        this::output);
  }

  @Override
  protected void map(IntWritable index, Text unitJson, Context context) throws IOException {
    WorkUnit unit = WorkUnit.fromJson(unitJson.toString());
    try {
      if (unit.kind() == WorkUnit.Kind.STORE) {
        stores.check(unit.output()); // streamed: the store is not held
      } else if (unit.kind() == WorkUnit.Kind.PART) {
        LoadedOutput out = output(unit.output());
        parts.check(out, out.job.part(unit.part()));
      } else {
        sources.check(unit);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (RuntimeException e) {
      // A store the planner read but a task cannot use: name the unit in the task's failure.
      throw new IOException("Cannot validate " + (unit.kind() == WorkUnit.Kind.STORE
          ? "the lineage store of " + unit.output() : unit.kind() == WorkUnit.Kind.PART
          ? "part " + unit.part() + " of " + unit.output() : "source " + unit.uri())
          + ": " + e, e);
    }
    context.progress();
  }

  @Override
  protected void cleanup(Context context) throws IOException {
    sources.close();
  }

  private LoadedOutput output(String dir) {
    return outputs.computeIfAbsent(dir, d -> {
      try {
        return LoadedOutput.load(conf, d);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** Alerts sort by output, part, record (part alerts first), then type. */
  static String sortKey(Alert a) {
    return String.format("%s\t%s\t%020d\t%d\t%s", a.output(), a.part() == null ? "" : a.part(),
        a.record() == null ? 0 : a.record() + 1, a.type().ordinal(),
        a.dataId() == null ? "" : a.dataId().uri() + "@" + a.dataId().offset());
  }
}
