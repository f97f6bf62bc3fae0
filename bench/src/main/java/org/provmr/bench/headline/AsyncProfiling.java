package org.provmr.bench.headline;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * async-profiler around each timed job (bench/async-profile.sh): CPU samples of every thread
 * with inlined methods named as themselves, which perf's view of compiled code (one symbol per
 * compiled method, inlined callees folded into it) cannot give. The profiler's own cost (its
 * signal handler, the file written at each job's end) is in a profiled run's CPU figures, so
 * compare those only with each other. Off unless
 * -Dbench.asprof.jar names async-profiler's jar (tools.profiler:async-profiler, whose jar
 * carries the native library) and -Dbench.asprof.out the collapsed-stacks file to write. Loaded
 * reflectively, so the benchmark does not depend on it.
 */
final class AsyncProfiling {
  private static final String JAR = System.getProperty("bench.asprof.jar");
  private static final String LIB = System.getProperty("bench.asprof.lib");
  private static final String OUT = System.getProperty("bench.asprof.out");
  private static final String EVENT = System.getProperty("bench.asprof.event", "cpu");
  private static final String INTERVAL = System.getProperty("bench.asprof.interval", "1000000");
  private static Object profiler;
  private static Method execute;
  private static boolean started;

  private AsyncProfiling() {
  }

  static boolean enabled() {
    return JAR != null && LIB != null && OUT != null;
  }

  /** Starts sampling for one timed job. */
  static void start() throws Exception {
    if (!enabled()) {
      return;
    }
    if (profiler == null) {
      ClassLoader loader = new URLClassLoader(new URL[] {Path.of(JAR).toUri().toURL()},
          AsyncProfiling.class.getClassLoader());
      Class<?> c = Class.forName("one.profiler.AsyncProfiler", true, loader);
      profiler = c.getMethod("getInstance", String.class).invoke(null, LIB);
      execute = c.getMethod("execute", String.class);
    }
    started = true;
    execute.invoke(profiler, "start,event=" + EVENT + ",interval=" + INTERVAL + ",threads");
  }

  /**
   * Stops sampling and writes the job's samples to the out file with ".LABEL.ROUND" appended
   * (the label's "/" as "-": grep-provmr).
   */
  static void stop(String label, int round) throws Exception {
    if (started) { // only ever set when enabled
      started = false;
      execute.invoke(profiler, "stop,collapsed,file=" + OUT + "." + label.replace('/', '-')
          + "." + round);
    }
  }
}
