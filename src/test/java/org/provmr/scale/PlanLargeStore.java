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
import org.provmr.cadence.SourceSurvey;
import org.provmr.history.Observation;
import org.provmr.store.LineageStore;
import org.provmr.store.StoreReader;
import org.provmr.store.StoredJob;
import org.provmr.validate.ValidationPlan;

/**
 * Plans a sweep and a recompute (dry run: nothing runs) of one output, printing time and peak
 * heap; run in a JVM of its own with -Xmx1g by {@code LargeStorePlanningTest}, or by hand:
 * {@code java -Xmx1g -cp ... org.provmr.scale.PlanLargeStore OUTPUT PART SPLIT_URI [full]}.
 */
public final class PlanLargeStore {
  private PlanLargeStore() {
  }

  /** The most heap found live after a collection: the planner's working set, not garbage. */
  private static final java.util.concurrent.atomic.AtomicLong LIVE =
      new java.util.concurrent.atomic.AtomicLong();

  static void watchLiveHeap() {
    java.util.Set<String> heap = new java.util.HashSet<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heap.add(pool.getName());
      }
    }
    for (java.lang.management.GarbageCollectorMXBean gc
        : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((javax.management.NotificationEmitter) gc).addNotificationListener((n, h) -> {
        if (n.getUserData() instanceof javax.management.openmbean.CompositeData cd) {
          long used = 0;
          for (var u : com.sun.management.GarbageCollectionNotificationInfo.from(cd)
              .getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            used += heap.contains(u.getKey()) ? u.getValue().getUsed() : 0;
          }
          LIVE.accumulateAndGet(used, Math::max);
        }
      }, null, null);
    }
  }

  public static void main(String[] args) throws Exception {
    watchLiveHeap();
    Configuration conf = new Configuration();
    Path output = new Path(args[0]);
    var cpu = ManagementFactory.getThreadMXBean();
    long c0 = cpu.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    ValidationPlan sweep = ValidationPlan.of(conf, List.of(output));
    long t1 = System.nanoTime();
    long c1 = cpu.getCurrentThreadCpuTime();
    System.out.println("validation units " + sweep.units().size() + " in "
        + (t1 - t0) / 1_000_000 + " ms (" + (c1 - c0) / 1_000_000 + " ms CPU)");
    sweep = null;
    // The validation's cadence survey: its view (LoadedOutput.forSurvey, the planner's) and
    // SourceSurvey over it, as CadenceCheck.prepare runs them.
    StoredJob surveyed = StoreReader.open(conf, output).forPlanning();
    SourceSurvey.Result survey = SourceSurvey.survey(conf, List.of(surveyed), uri -> true,
        System.currentTimeMillis(), Observation.Kind.VALIDATE);
    surveyed = null;
    long ts = System.nanoTime();
    long cs = cpu.getCurrentThreadCpuTime();
    System.out.println("cadence survey " + survey.families().size() + " families in "
        + (ts - t1) / 1_000_000 + " ms (" + (cs - c1) / 1_000_000 + " ms CPU)");
    t1 = ts;
    c1 = cs;
    // The planner's view, streamed and slimmed (StoreReader.forPlanning); "full" reads the
    // whole store as before, for comparison.
    StoredJob store = args.length > 3 && args[3].equals("full") ? LineageStore.read(conf, output)
        : StoreReader.open(conf, output).forPlanning();
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
        + " in " + (t2 - t1) / 1_000_000 + " ms (" + (cpu.getCurrentThreadCpuTime() - c1)
        / 1_000_000 + " ms CPU)");
    System.out.println(heap());
  }

  /** Peak heap: the sum of the pools' peaks, and the most found live after a collection. */
  static String heap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return "peak heap " + (peak >> 20) + " MiB of max "
        + (Runtime.getRuntime().maxMemory() >> 20) + " MiB (sum of pool peaks); live after GC"
        + " at most " + (LIVE.get() >> 20) + " MiB";
  }
}
