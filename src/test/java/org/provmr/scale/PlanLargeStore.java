package org.provmr.scale;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.provmr.recompute.Planner;
import org.provmr.recompute.RecomputePlan;
import org.provmr.recompute.RecomputePolicy;
import org.provmr.store.LineageStore;
import org.provmr.store.StoredJob;
import org.provmr.validate.ValidationPlan;

/**
 * Plans a sweep and a recompute (dry run: nothing runs) of one output, printing time and peak
 * heap; run in a JVM of its own with -Xmx1g by {@code LargeStorePlanningTest}, or by hand:
 * {@code java -Xmx1g -cp ... org.provmr.scale.PlanLargeStore OUTPUT PART SPLIT_URI}.
 */
public final class PlanLargeStore {
  private PlanLargeStore() {
  }

  public static void main(String[] args) throws Exception {
    Configuration conf = new Configuration();
    Path output = new Path(args[0]);
    long t0 = System.nanoTime();
    ValidationPlan sweep = ValidationPlan.of(conf, List.of(output));
    long t1 = System.nanoTime();
    System.out.println("validation units " + sweep.units().size() + " in "
        + (t1 - t0) / 1_000_000 + " ms");
    sweep = null;
    StoredJob store = LineageStore.read(conf, output);
    List<org.provmr.recompute.LoadedAlert> alerts = List.of(
        LargeStorePlanningTest.alert("checksum_mismatch", store.output().toString(), args[1],
            null, null),
        LargeStorePlanningTest.alert("source_mismatch", store.output().toString(), null, 123_456,
            args[2]));
    RecomputePlan plan = new Planner(RecomputePolicy.defaults()).plan(alerts,
        Map.of(store.output().toString(), store));
    long t2 = System.nanoTime();
    System.out.println("recompute stages " + plan.stages().size() + " deferred "
        + plan.deferred().size() + (plan.stages().isEmpty() ? ""
            : " partitions " + plan.stages().get(0).partitions().size() + " retired "
                + plan.stages().get(0).changedFiles())
        + (plan.deferred().isEmpty() ? "" : " (" + plan.deferred().get(0).reason() + ")")
        + " in " + (t2 - t1) / 1_000_000 + " ms");
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.println("peak heap " + (peak >> 20) + " MiB of max "
        + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
  }
}
