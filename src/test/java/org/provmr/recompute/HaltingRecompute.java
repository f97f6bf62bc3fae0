package org.provmr.recompute;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.provmr.testing.TestData;

/**
 * Runs a recompute in a JVM of its own and kills that JVM (Runtime.halt: no finally blocks,
 * no shutdown hooks, as kill -9) right after a given commit step. Used by RecomputeCrashTest.
 *
 * <p>Arguments: scratch dir, alerts dir URI, step name.
 */
public final class HaltingRecompute {
  static final int HALTED = 86;

  private HaltingRecompute() {
  }

  public static void main(String[] args) throws Exception {
    Configuration conf = TestData.localConf(Path.of(args[0]));
    String step = args[2];
    AlertLog log = AlertLog.read(conf, new org.apache.hadoop.fs.Path(args[1]));
    new RecomputeManager(conf, RecomputePolicy.defaults(), s -> {
      if (s.equals(step)) {
        Runtime.getRuntime().halt(HALTED);
      }
    }).run(log.alerts(), List.of(), List.of(), false);
    System.exit(0); // the step never came: the test fails on the exit code
  }
}
