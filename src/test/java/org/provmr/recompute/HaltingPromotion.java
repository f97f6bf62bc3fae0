package org.provmr.recompute;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.provmr.testing.TestData;

/**
 * Runs a promotion in a JVM of its own and kills that JVM (Runtime.halt, as kill -9) right
 * after a given commit step. Used by PromotionTest.
 *
 * <p>Arguments: scratch dir, alerts dir URI, step name.
 */
public final class HaltingPromotion {
  static final int HALTED = 86;

  private HaltingPromotion() {
  }

  public static void main(String[] args) throws Exception {
    Configuration conf = TestData.localConf(Path.of(args[0]));
    String step = args[2];
    new Promotion(conf, s -> {
      if (s.equals(step)) {
        Runtime.getRuntime().halt(HALTED);
      }
    }).run(List.of(new org.apache.hadoop.fs.Path(args[1])), List.of());
    System.exit(0); // the step never came: the test fails on the exit code
  }
}
