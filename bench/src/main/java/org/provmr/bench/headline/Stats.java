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

  /** CPU time of this JVM, all threads (JIT and GC included), in ns. */
  static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    throw new IllegalStateException("process CPU time is not available on this JVM");
  }

  /**
   * CPU time, in ns, of this JVM's JIT compiler threads (Linux: {@code /proc/self/task}, whose
   * thread names HotSpot sets; -1 where that is not readable). They are long-lived (bench/run
   * turns off their dynamic retirement), so a difference of two readings is the compilers' CPU
   * in between: what {@code processCpuNanos} counts that is neither the job's threads nor GC.
   */
  static long compilerCpuNanos() {
    java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
    if (tasks == null) {
      return -1;
    }
    long ticks = 0;
    for (java.io.File t : tasks) {
      try {
        String comm = java.nio.file.Files.readString(new java.io.File(t, "comm").toPath()).trim();
        if (!comm.startsWith("C1 Compiler") && !comm.startsWith("C2 Compiler")) {
          continue;
        }
        String stat = java.nio.file.Files.readString(new java.io.File(t, "stat").toPath());
        // Fields after the parenthesised name: state is 3rd, utime 14th, stime 15th.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
      } catch (java.io.IOException | RuntimeException e) {
        // The thread ended between listing and reading: it has no CPU left to count here.
      }
    }
    return ticks * 10_000_000L; // USER_HZ is 100 on Linux
  }
}
