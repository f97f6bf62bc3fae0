package org.provmr.wrap;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A jar of third-party job code that is on no class path: compiled at test time from source,
 * so a job can only find its classes if {@code wrap --jar} loads them on the client and ships
 * them to the tasks (in YARN containers too, whose class path otherwise mirrors the test's).
 */
public final class ForeignJar {
  /** An unmodified new-API Mapper: upper-cases each line, keyed by the line. */
  public static final String MAPPER = "com.example.thirdparty.UpperCaseMapper";

  private static final String SOURCE = String.join("\n",
      "package com.example.thirdparty;",
      "import java.io.IOException;",
      "import org.apache.hadoop.io.LongWritable;",
      "import org.apache.hadoop.io.NullWritable;",
      "import org.apache.hadoop.io.Text;",
      "import org.apache.hadoop.mapreduce.Mapper;",
      "public class UpperCaseMapper extends Mapper<LongWritable, Text, Text, NullWritable> {",
      "  private final Text out = new Text();",
      "  @Override",
      "  protected void map(LongWritable offset, Text line, Context context)",
      "      throws IOException, InterruptedException {",
      "    out.set(line.toString().toUpperCase(java.util.Locale.ROOT));",
      "    context.write(out, NullWritable.get());",
      "  }",
      "}",
      "");

  private ForeignJar() {
  }

  /** Compiles the mapper against this JVM's class path and jars it under {@code dir}. */
  public static File build(Path dir) throws IOException {
    Path src = dir.resolve("src/com/example/thirdparty/UpperCaseMapper.java");
    Path classes = dir.resolve("classes");
    Files.createDirectories(src.getParent());
    Files.createDirectories(classes);
    Files.writeString(src, SOURCE, StandardCharsets.UTF_8);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("No Java compiler in this JVM (a JRE, not a JDK?)");
    }
    int rc = javac.run(null, null, null, "-classpath", System.getProperty("java.class.path"),
        "-d", classes.toString(), src.toString());
    if (rc != 0) {
      throw new IllegalStateException("javac failed with " + rc);
    }
    Path jar = dir.resolve("thirdparty.jar");
    String entry = MAPPER.replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(jar);
         JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry(entry));
      out.write(Files.readAllBytes(classes.resolve(entry)));
      out.closeEntry();
    }
    return jar.toFile();
  }

  /** What the mapper makes of some lines: the payload a correct run has, sorted. */
  public static List<String> expected(List<String> lines) {
    return lines.stream().map(l -> l.toUpperCase(java.util.Locale.ROOT)).sorted().toList();
  }
}
