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

  /**
   * A confidence interval for the median of {@code v} that assumes nothing of the
   * distribution: the k-th smallest and the k-th largest value, k the largest rank whose
   * coverage is still at least 95%. The chance that the true median lies below the k-th
   * smallest of n values is P(Binomial(n, 1/2) < k), so the interval covers it with
   * 1 - 2 P(Binomial(n, 1/2) < k). With fewer than six values no k reaches 95%: the interval
   * is then the whole range, with its lower coverage. This machine's paired ratios swing by
   * more than the goals' margins, and the interval says whether a median is above a goal or
   * only drawn there.
   *
   * @return {lower, upper, coverage}, or null when {@code v} has fewer than two values
   */
  static double[] medianInterval(List<Double> v) {
    int n = v.size();
    if (n < 2) {
      return null;
    }
    double[] c = v.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(c);
    int k = 1;
    double below = Math.pow(0.5, n); // P(Binomial(n, 1/2) < k) for k = 1
    double binomial = 1; // C(n, k - 1)
    while (k < n / 2) {
      binomial = binomial * (n - (k - 1)) / k; // C(n, k)
      double next = below + binomial * Math.pow(0.5, n);
      if (1 - 2 * next < 0.95) {
        break;
      }
      below = next;
      k++;
    }
    return new double[] {c[k - 1], c[n - k], 1 - 2 * below};
  }

  /** ", 96% interval of the median 1.012-1.140" ({@link #medianInterval}), or "". */
  static String intervalNote(List<Double> v) {
    double[] i = medianInterval(v);
    return i == null ? "" : String.format(java.util.Locale.ROOT, ", %.0f%% interval of the median"
        + " %.3f-%.3f", Math.floor(i[2] * 100), i[0], i[1]);
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

  /** Per-round ratios a/b of one measure of two sample lists that ran back to back. */
  static <T> List<Double> paired(List<T> a, List<T> b,
      java.util.function.ToDoubleFunction<T> measure) {
    List<Double> r = new java.util.ArrayList<>();
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      r.add(measure.applyAsDouble(a.get(i)) / measure.applyAsDouble(b.get(i)));
    }
    return r;
  }

  /**
   * CPU time, in ns, of this JVM's reaped child processes and theirs ({@code /proc/self/stat}
   * cutime + cstime, the 16th and 17th fields): a child's CPU is added when it has exited and
   * been waited for.
   */
  static long reapedChildrenCpuNanos() throws java.io.IOException {
    String[] f = fieldsAfterName(java.nio.file.Files.readString(
        new java.io.File("/proc/self/stat").toPath()));
    return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10_000_000L; // USER_HZ 100
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
        ticks += cpuTicks(java.nio.file.Files.readString(new java.io.File(t, "stat").toPath()));
      } catch (java.io.IOException | RuntimeException e) {
        // The thread ended between listing and reading: it has no CPU left to count here.
      }
    }
    return ticks * 10_000_000L; // USER_HZ is 100 on Linux
  }

  /**
   * A thread's CPU time in clock ticks (USER_HZ, 100 per second) from its
   * {@code /proc/self/task/<tid>/stat} line: utime + stime, the 14th and 15th fields, counted
   * after the parenthesised name, which may itself hold spaces.
   */
  private static long cpuTicks(String stat) {
    String[] f = fieldsAfterName(stat);
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** The fields of a proc(5) stat line after the parenthesised name (field 3 at index 0). */
  private static String[] fieldsAfterName(String stat) {
    return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
  }

  /**
   * Follows the CPU time of the threads a job starts (LocalJobRunner's job thread, its map and
   * reduce executors, the sort-and-spill thread, shuffle fetchers, the child-process readers):
   * they end with the job, so {@code /proc/self/task} is polled and each thread's last reading
   * kept. What the job itself costs, apart from its submission on the calling thread and the
   * JVM's own threads (JIT, GC).
   *
   * <p>The polling is the benchmark's own work, not the job's: {@link #ownSeconds} is what it
   * cost (about 50 ms of a 3.5 s grep job under perf, 2026-12-03), which JobRunner takes off the
   * job's process CPU.
   */
  static final class TaskThreads implements AutoCloseable {
    private final java.util.Set<String> before = new java.util.HashSet<>();
    private final java.util.Map<String, Long> last =
        new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, String> names =
        new java.util.concurrent.ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean done;
    private volatile long pollerNanos;
    private long finalPollNanos;

    TaskThreads() {
      java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
      if (tasks != null) {
        for (java.io.File t : tasks) {
          before.add(t.getName());
        }
      }
      poller = new Thread(() -> {
        try {
          while (!done) {
            poll();
            Thread.sleep(20);
          }
        } catch (InterruptedException e) {
          // stop polling; the CPU used so far is still read below
        } finally {
          pollerNanos = java.lang.management.ManagementFactory.getThreadMXBean()
              .getCurrentThreadCpuTime();
        }
      }, "bench-task-cpu");
      poller.setDaemon(true);
      poller.start();
    }

    private void poll() {
      java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
      if (tasks == null) {
        return;
      }
      for (java.io.File t : tasks) {
        if (before.contains(t.getName())) {
          continue;
        }
        try {
          String stat = java.nio.file.Files.readString(new java.io.File(t, "stat").toPath());
          if (stat.contains("(bench-task-cpu)")) {
            continue;
          }
          last.put(t.getName(), cpuTicks(stat));
          // The latest name: a thread can be read before the JVM has given it its own.
          names.put(t.getName(), stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
        } catch (java.io.IOException | RuntimeException e) {
          // ended between listing and reading: its previous reading stands
        }
      }
    }

    /** Seconds of CPU the threads started during the job used. */
    double seconds() {
      return last.values().stream().mapToLong(Long::longValue).sum() / 100.0;
    }

    /**
     * The same seconds by the job phase the thread's name (as the kernel keeps it, 15
     * characters) tells: LocalJobRunner's map executor, the reduce executor (pool-N-thread-N),
     * the map side's sort-and-spill thread, the shuffle's fetchers and merger, and the rest (the
     * job thread, which runs the commits). Tells which phase a ratio's excess is in, round by
     * round, without a profiler.
     */
    String byPhase() {
      java.util.Map<String, Long> ticks = new java.util.LinkedHashMap<>();
      for (String phase : new String[] {"map", "reduce", "spill", "shuffle", "other"}) {
        ticks.put(phase, 0L);
      }
      last.forEach((tid, t) -> ticks.merge(phase(names.getOrDefault(tid, "")), t, Long::sum));
      StringBuilder b = new StringBuilder();
      ticks.forEach((phase, t) -> b.append(b.length() == 0 ? "" : " ").append(phase)
          .append(String.format(java.util.Locale.ROOT, " %.2f", t / 100.0)));
      return b.toString();
    }

    private static String phase(String comm) {
      if (comm.startsWith("LocalJobRunner")) {
        return "map";
      }
      if (comm.startsWith("pool-")) {
        return "reduce";
      }
      if (comm.startsWith("SpillThread")) {
        return "spill";
      }
      if (comm.startsWith("localfetcher") || comm.startsWith("fetcher") || comm.contains("Merge")
          || comm.contains("merge")) {
        return "shuffle";
      }
      return "other";
    }

    /** Seconds of CPU the polling itself used (its thread and the last poll on the caller's). */
    double ownSeconds() {
      return (Math.max(0, pollerNanos) + finalPollNanos) / 1e9;
    }

    @Override
    public void close() throws InterruptedException {
      done = true;
      poller.join();
      java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
      long before = mx.getCurrentThreadCpuTime();
      poll();
      finalPollNanos = Math.max(0, mx.getCurrentThreadCpuTime() - before);
    }
  }
}
