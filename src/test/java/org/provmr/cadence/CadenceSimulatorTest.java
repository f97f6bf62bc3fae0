package org.provmr.cadence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.history.FamilyRule;
import org.provmr.history.Observation;
import org.provmr.history.SourceHistory;

/**
 * The simulator of docs/prediction.md: 60 days of five kinds of synthetic source, 50 seeds
 * each (100 source-months a kind), replayed with a sweep every 15 minutes through the learned
 * cadence (and, for comparison, the same without hour-of-day seasonality), a fixed 7-day
 * window and a fixed window tuned per source. Prints the table and holds the cadence model to
 * the goals: a missed update found within 2 expected intervals (median), at most 1 false
 * finding per 100 source-months, none at weekends. Not timed.
 */
class CadenceSimulatorTest {
  private static final int SEEDS = 50;

  private static final Map<String, LongFunction<SyntheticSource>> KINDS = new LinkedHashMap<>();

  static {
    KINDS.put("hourly", SyntheticSource::hourly);
    KINDS.put("business", SyntheticSource::businessHours);
    KINDS.put("weekdays", SyntheticSource::weekdays);
    KINDS.put("irregular", SyntheticSource::irregular);
    KINDS.put("stops", SyntheticSource::stops);
  }

  @Test
  void learnedCadenceFindsMissedUpdatesWithinTwoIntervalsAndRarelyCriesWolf() {
    CadenceSettings settings = CadenceSettings.defaults();
    Map<String, Replay.Score[]> scores = new LinkedHashMap<>();
    for (Map.Entry<String, LongFunction<SyntheticSource>> k : KINDS.entrySet()) {
      Replay.Score[] s = {new Replay.Score(), new Replay.Score(), new Replay.Score(),
          new Replay.Score()};
      for (long seed = 1; seed <= SEEDS; seed++) {
        SyntheticSource src = k.getValue().apply(seed);
        Replay.run(src, Replay.cadence(settings), s[0]);
        Replay.run(src, Replay.cadence(settings, false), s[1]);
        Replay.run(src, Replay.fixed(7 * SyntheticSource.DAY), s[2]);
        Replay.run(src, Replay.tuned(src), s[3]);
      }
      scores.put(k.getKey(), s);
    }
    print(scores);
    int falseTotal = 0;
    double months = 0;
    for (Map.Entry<String, Replay.Score[]> e : scores.entrySet()) {
      Replay.Score c = e.getValue()[0];
      falseTotal += c.falseFindings;
      months += c.sourceMonths;
      assertEquals(0, c.weekendFindings, e.getKey() + ": findings at a weekend");
      if (e.getKey().equals("business")) {
        assertEquals(0, c.nightFindings, "business hours: false findings at night");
      }
      assertEquals(0, c.undetected, e.getKey() + ": missed updates never found");
      if (!e.getKey().equals("irregular")) {
        assertTrue(c.median(c.delaysInIntervals) <= 2.0, e.getKey() + ": median delay "
            + c.median(c.delaysInIntervals) + " intervals");
      }
    }
    assertTrue(100.0 * falseTotal / months <= 1.0, falseTotal + " false findings in "
        + months + " source-months");
    // The comparison means something only if the fixed window misses what the model finds.
    assertTrue(scores.get("hourly")[2].undetected > 0);
    // Hour-of-day seasonality is what keeps the business-hours source quiet at night.
    assertTrue(scores.get("business")[1].nightFindings > 100,
        scores.get("business")[1].nightFindings + " night findings without it");
  }

  private static void print(Map<String, Replay.Score[]> scores) {
    String[] names = {"learned cadence", "learned, no hour-of-day", "fixed 7d",
        "fixed, tuned per source"};
    System.out.printf("%-10s %-24s %9s %12s %12s %10s %8s %6s%n", "source", "detector",
        "detected", "median h", "median int.", "false/100m", "weekend", "night");
    scores.forEach((kind, s) -> {
      for (int i = 0; i < s.length; i++) {
        Replay.Score x = s[i];
        System.out.printf("%-10s %-24s %4d/%-4d %12.2f %12.2f %10.2f %8d %6d%n", kind,
            names[i], x.missedEvents - x.undetected, x.missedEvents, x.median(x.delaysHours),
            x.median(x.delaysInIntervals), x.falsePer100(), x.weekendFindings,
            x.nightFindings);
      }
    });
  }

  /**
   * One source of each kind goes through the real store, a day's files at a time, with
   * compaction every 4 files: what the store gives back is the newest 1000 updates, and the
   * model learned from it is the model learned from those updates.
   */
  @Test
  void historyStoreReplaysTheSameUpdatesTheModelLearnsFrom(@TempDir Path dir) throws Exception {
    // Hadoop's defaults: the local file system created here is cached for the whole JVM.
    Configuration conf = new Configuration();
    conf.set(ProvenanceKeys.HISTORY_DIR, dir.toUri().toString());
    conf.setInt(ProvenanceKeys.HISTORY_COMPACT_FILES, 4);
    FamilyRule rule = FamilyRule.of(conf);
    SourceHistory history = SourceHistory.of(conf);
    for (Map.Entry<String, LongFunction<SyntheticSource>> k : KINDS.entrySet()) {
      SyntheticSource src = k.getValue().apply(7);
      for (long day = 0; day < SyntheticSource.DAYS; day++) {
        List<Observation> batch = new ArrayList<>();
        long from = SyntheticSource.START + day * SyntheticSource.DAY;
        for (long t : src.updates()) {
          if (t >= from && t < from + SyntheticSource.DAY) {
            String file = "hdfs://nn/sim/" + k.getKey() + "/" + t + ".log";
            batch.add(new Observation(rule.familyOf(file), file, 100, t, null,
                from + SyntheticSource.DAY, Observation.Kind.LISTING));
          }
        }
        history.record(batch);
      }
      String family = rule.familyOf("hdfs://nn/sim/" + k.getKey() + "/1.log");
      SourceHistory.Loaded loaded = history.load();
      assertEquals(List.of(), loaded.problems());
      long[] stored = Updates.of(loaded.family(family), 0);
      long[] all = src.updates();
      long[] newest = Arrays.copyOfRange(all, Math.max(0, all.length - 1000), all.length);
      assertTrue(stored.length >= newest.length && stored.length <= all.length,
          k.getKey() + ": " + stored.length + " stored");
      assertArrayEquals(newest, Arrays.copyOfRange(stored, stored.length - newest.length,
          stored.length), k.getKey());
      CadenceSettings s = CadenceSettings.defaults();
      assertEquals(Cadence.learn(newest, s).summary(),
          Cadence.learn(Arrays.copyOfRange(stored, stored.length - newest.length,
              stored.length), s).summary());
    }
    assertTrue(dir.toFile().list((d, n) -> n.endsWith(".h1")).length <= 5,
        "compaction keeps the store to a few files");
  }
}
