package org.provmr.validate;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;

/**
 * The part alerts of one source file's findings (a work unit of {@link SourceChecker}): at most
 * provenance.validate.source.part.alerts.max for each output and finding (type and reason),
 * the rest counted in one alert for the file when the unit ends. A finding is written for each
 * part computed from each range of the file, so a stale file read by every reducer of a job
 * was splits × reducers alerts (ten million for 10,000 splits and 1,000 reducers); a recompute
 * acts on the source the alerts name, which the counting alert names too.
 */
final class PartAlertBudget {
  private final long max;
  /** Per output, type and reason: part alerts written, and left out. */
  private final Map<String, long[]> counts = new HashMap<>();
  /** Per key with some left out: the counting alert, but for its message's end. */
  private final Map<String, Alert.Builder> rest = new LinkedHashMap<>();
  private final Map<String, String> messages = new HashMap<>();

  /** @throws BadConfigurationException if the maximum is negative */
  PartAlertBudget(Configuration conf) {
    String key = ProvenanceKeys.VALIDATE_SOURCE_PART_ALERTS_MAX;
    max = conf.getLong(key, ProvenanceKeys.VALIDATE_SOURCE_PART_ALERTS_MAX_DEFAULT);
    if (max < 0) {
      throw new BadConfigurationException(key, Long.toString(max),
          "a number of alerts, 0 or more (0: only the counting alert)");
    }
  }

  /** A new source file: nothing used. */
  void start() {
    counts.clear();
    rest.clear();
    messages.clear();
  }

  /**
   * The parts of {@code out} computed from source {@code id} to write an alert for; those past
   * the budget are counted, for {@link #end}.
   *
   * @param counting the counting alert (source-scoped), if some are left out
   * @param message what the finding says
   */
  LoadedOutput.Dependents parts(LoadedOutput out, int id, AlertType type, String reason,
      Supplier<Alert.Builder> counting, String message) {
    String key = out.output + '\n' + type + '\n' + reason;
    long[] c = counts.computeIfAbsent(key, k -> new long[2]);
    LoadedOutput.Dependents d = out.dependents(id, max - c[0]);
    c[0] += d.first().size();
    long left = d.total() - d.first().size();
    if (left > 0) {
      c[1] += left;
      rest.computeIfAbsent(key, k -> counting.get());
      messages.putIfAbsent(key, message);
    }
    return d;
  }

  /** Writes one alert per finding that had parts left out, counting them. */
  void end(Sink sink) throws IOException {
    for (Map.Entry<String, Alert.Builder> e : rest.entrySet()) {
      long left = counts.get(e.getKey())[1];
      sink.alert(e.getValue().message(messages.get(e.getKey()) + "; " + left + " more alerts"
          + " of this finding (one a part computed from the file, and a range of it) are not"
          + " written: at most " + max + " a source file and finding ("
          + ProvenanceKeys.VALIDATE_SOURCE_PART_ALERTS_MAX + ")").build(Instant.now()));
    }
    start();
  }
}
