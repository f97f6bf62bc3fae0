package org.provmr.scale;

import java.lang.management.ManagementFactory;
import org.apache.hadoop.conf.Configuration;
import org.provmr.cli.ProvMR;

/**
 * {@code provmr recompute --dry-run ...} as the command line runs it ({@link ProvMR#run}), in a
 * JVM of its own started by {@code StreamedPlanningTest} with a small -Xmx, printing wall and
 * CPU time and peak heap after the command's own output.
 */
public final class RecomputeDryRun {
  private RecomputeDryRun() {
  }

  public static void main(String[] args) throws Exception {
    PlanLargeStore.watchLiveHeap();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean();
    long c0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    int exit = ProvMR.run(new Configuration(), args, System.out, System.err);
    System.out.println("provmr " + String.join(" ", args) + ": exit " + exit + " in "
        + (System.nanoTime() - t0) / 1_000_000 + " ms (" + (os.getProcessCpuTime() - c0)
        / 1_000_000 + " ms CPU, all threads)");
    System.out.println(PlanLargeStore.heap());
    System.exit(exit);
  }
}
