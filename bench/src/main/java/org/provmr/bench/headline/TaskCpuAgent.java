package org.provmr.bench.headline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A Java agent for the YARN rounds' task JVMs: at the JVM's exit it prints the CPU the whole
 * process used, start-up to exit, all threads and the child processes it waited for, to the
 * container's stderr ({@link #MARK}).
 *
 * <p>Hadoop's task CPU counter covers only the window from the end of {@code Task.initialize}
 * to the task's last counter update, while a task JVM's start-up and its compiler threads'
 * work before and after that window are CPU the cluster pays too (bench/README.md, "The task
 * counter's window"). This figure has no window. It is read from {@code /proc/self/stat}
 * (utime, stime, cutime and cstime, in clock ticks): nothing is loaded at start-up that a
 * plain task JVM would not load, and the hook at exit reads a few small files.
 */
public final class TaskCpuAgent {
  /** What the hook prints before the CPU in milliseconds. */
  static final String MARK = "provmr-bench task-jvm-cpu-ms ";
  /**
   * What the hook prints before the same CPU split by thread: the JVM's threads still alive at
   * exit grouped by name (main, the C2 and C1 compiler threads, GC, VM, the others by name) and
   * "exited", the CPU of the threads that had ended and of the child processes waited for (the
   * total less the others).
   */
  static final String THREADS_MARK = "provmr-bench task-jvm-threads-ms ";
  /** The groups always printed, in this order, before the other threads' by name. */
  private static final List<String> FIXED_GROUPS =
      List.of("main", "c2", "c1", "gc", "vm", "exited");
  /** USER_HZ, the unit of /proc/[pid]/stat's CPU fields: 100 on Linux for every architecture. */
  private static final int TICKS_PER_SECOND = 100;

  private TaskCpuAgent() {
  }

  /** The agent's entry point (-javaagent:JAR). */
  public static void premain(String args) {
    Runtime.getRuntime().addShutdownHook(new Thread(TaskCpuAgent::report, "task-cpu-agent"));
  }

  private static void report() {
    try {
      // cutime and cstime too: the children it waited for (Hadoop's Shell commands).
      long ticks = cpuTicks(
          Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII), true);
      System.err.println(MARK + ticks * 1000 / TICKS_PER_SECOND);
      System.err.println(THREADS_MARK + byThread(ticks));
    } catch (IOException | RuntimeException e) {
      System.err.println("provmr-bench task-cpu-agent: " + e);
    }
  }

  /**
   * "main=N c2=N c1=N gc=N vm=N exited=N NAME=N..." in milliseconds, from each live thread's
   * /proc/self/task/TID/stat (its name, cut to 15 characters by the kernel, in parentheses).
   * Which of them a ProvMR task JVM's excess is in says whether it is the JIT's or the task's.
   */
  static String byThread(long totalTicks) throws IOException {
    Map<String, Long> groups = new LinkedHashMap<>();
    for (String g : FIXED_GROUPS) {
      groups.put(g, 0L);
    }
    long live = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path t : tasks) {
        String stat;
        try {
          stat = Files.readString(t.resolve("stat"), StandardCharsets.US_ASCII);
        } catch (IOException gone) {
          continue; // the thread ended while the directory was listed
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        long ticks = cpuTicks(stat, false);
        groups.merge(group(name), ticks, Long::sum);
        live += ticks;
      }
    }
    groups.put("exited", Math.max(0, totalTicks - live));
    StringBuilder out = new StringBuilder();
    groups.forEach((g, ticks) -> {
      long ms = ticks * 1000 / TICKS_PER_SECOND;
      if (ms > 0 || FIXED_GROUPS.contains(g)) { // the rest: only threads that used the CPU
        out.append(out.length() == 0 ? "" : " ").append(g).append('=').append(ms);
      }
    });
    return out.toString();
  }

  /**
   * The CPU in a /proc stat line (a process's or a thread's), in clock ticks: utime and stime,
   * with {@code children} cutime and cstime as well. Fields are counted after the command's
   * closing parenthesis, since the command itself may hold spaces: state is field 3, utime 14,
   * stime 15, cutime 16, cstime 17.
   */
  private static long cpuTicks(String stat, boolean children) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return children ? ticks + Long.parseLong(f[13]) + Long.parseLong(f[14]) : ticks;
  }

  /**
   * The thread's group: the JVM's own threads by kind; the task's threads by name, digits
   * dropped ("java" is the JVM's main thread, which runs the task; Hadoop names its others).
   */
  private static String group(String thread) {
    if (thread.startsWith("C2 Compiler")) {
      return "c2";
    } else if (thread.startsWith("C1 Compiler")) {
      return "c1";
    } else if (thread.startsWith("GC Thread") || thread.startsWith("G1 ")) {
      return "gc";
    } else if (thread.startsWith("VM ")) {
      return "vm";
    } else if (thread.equals("java")) {
      return "main";
    }
    String name = thread.replaceAll("[\\d\\s=]+", "");
    return name.isEmpty() ? "other" : name;
  }

  /** Writes the agent's jar (this class and a manifest naming it) to {@code jar}. */
  static void writeJar(Path jar) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"),
        TaskCpuAgent.class.getName());
    String entry = TaskCpuAgent.class.getName().replace('.', '/') + ".class";
    byte[] bytes;
    try (var in = TaskCpuAgent.class.getClassLoader().getResourceAsStream(entry)) {
      if (in == null) {
        throw new IOException("no " + entry + " on the bench's class path");
      }
      bytes = in.readAllBytes();
    }
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      out.putNextEntry(new JarEntry(entry));
      out.write(bytes);
      out.closeEntry();
    }
  }
}
