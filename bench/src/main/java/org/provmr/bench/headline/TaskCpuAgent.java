package org.provmr.bench.headline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * plain task JVM would not load, and the hook at exit reads one small file.
 */
public final class TaskCpuAgent {
  /** What the hook prints before the CPU in milliseconds. */
  static final String MARK = "provmr-bench task-jvm-cpu-ms ";
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
      String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
      // Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15,
      // and cutime 16, cstime 17: the children it waited for (Hadoop's Shell commands).
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13])
          + Long.parseLong(f[14]);
      System.err.println(MARK + ticks * 1000 / TICKS_PER_SECOND);
    } catch (IOException | RuntimeException e) {
      System.err.println("provmr-bench task-cpu-agent: " + e);
    }
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
