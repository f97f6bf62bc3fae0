package org.provmr.bench.headline;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;

/** Medians and the process clock. */
final class Stats {
  private Stats() {
  }

  static double median(List<Double> v) {
    if (v.isEmpty()) {
      return Double.NaN;
    }
    double[] c = v.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(c);
    int m = c.length / 2;
    return c.length % 2 == 1 ? c[m] : (c[m - 1] + c[m]) / 2;
  }

  /** CPU time of this JVM, all threads (JIT and GC included), in ns. */
  /** Milliseconds all collectors have spent collecting since the JVM started. */
  static long gcMillis() {
    long n = 0;
    for (java.lang.management.GarbageCollectorMXBean gc
        : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionTime());
    }
    return n;
  }

  /** Milliseconds the JIT compilers have spent since the JVM started (0 if not reported). */
  static long jitMillis() {
    java.lang.management.CompilationMXBean c = ManagementFactory.getCompilationMXBean();
    return c != null && c.isCompilationTimeMonitoringSupported() ? c.getTotalCompilationTime() : 0;
  }

  static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    throw new IllegalStateException("process CPU time is not available on this JVM");
  }
}
