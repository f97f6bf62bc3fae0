package org.provmr.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.mapreduce.Job;
import org.provmr.cli.ProvMR;
import org.provmr.examples.SampleText;

/** Shared set-up for tests that run jobs in local mode on a temporary directory. */
public final class TestData {

  private TestData() {
  }

  /** A local-mode configuration whose scratch space lives under {@code tmp}. */
  public static Configuration localConf(Path tmp) {
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapreduce.framework.name", "local");
    conf.set("hadoop.tmp.dir", tmp.resolve("hadoop-tmp").toString());
    conf.setInt(Job.COMPLETION_POLL_INTERVAL_KEY, 50);
    conf.set("provenance.validate.source.roots", tempRoot());
    return conf;
  }

  /**
   * The source root of tests: the JVM's temporary directory, under which JUnit creates every
   * {@code @TempDir}. Each output is still confined to the inputs it recorded.
   */
  public static String tempRoot() {
    return new java.io.File(System.getProperty("java.io.tmpdir")).toURI().toString();
  }

  /** Writes deterministic sample text into a new directory {@code dir}. */
  public static org.apache.hadoop.fs.Path text(Configuration conf, Path dir, long bytes,
      int files) throws IOException {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(dir.toUri());
    SampleText.write(FileSystem.getLocal(conf), p, bytes, files, 7);
    return p;
  }

  /** What one provmr command line did. */
  public record Run(int exitCode, String out, String err) {
  }

  /** Runs {@code provmr args...} in this JVM, capturing its output. */
  public static Run provmr(Configuration conf, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
         PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      rc = ProvMR.run(conf, args, o, e);
    }
    return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
