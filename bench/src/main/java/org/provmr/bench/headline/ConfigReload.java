package org.provmr.bench.headline;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.mapreduce.ProvenanceJob;

/**
 * What a task JVM paid, until 2026-12-02, the first time ProvMR code read a setting: loading
 * {@code ProvenanceJob} registered {@code provmr-default.xml} and {@code provmr-site.xml} as
 * Hadoop default resources, and Hadoop then parses every Configuration of the JVM again, the
 * task's {@code job.xml} and Hadoop's {@code *-default.xml} files included.
 *
 * <p>The JVM is set up as a task's: YARN's and MapReduce's default resources registered, a
 * JobConf read from a {@code job.xml} (Hadoop's defaults and ProvMR's, 170 KB, written by the
 * first run into {@code args[1]}) and one copy of it, both read once. Then, timed, the variant:
 * "getters" (what a task does now: ProvenanceJob's getters on the JobConf, then both confs read),
 * "register" (the former behaviour: the two resources registered first, so the same reads parse
 * everything again) or "none" (both confs read). Prints this process's CPU (all threads, the JIT's included) and
 * wall time, plus a pause for the compilations queued. bench/config-reload.sh starts one JVM
 * per variant, taking turns, and takes the medians.
 */
public final class ConfigReload {
  private ConfigReload() {
  }

  public static void main(String[] args) throws Exception {
    String variant = args[0];
    File jobXml = new File(args[1]);
    if (variant.equals("write")) {
      // As a client writes job.xml: ProvMR's defaults in it too. Its own JVM, since it
      // registers them.
      ProvenanceKeys.init();
      JobConf client = new JobConf(new YarnConfiguration());
      client.setBoolean("provenance.enabled", true);
      Files.createDirectories(jobXml.toPath().getParent());
      try (OutputStream out = Files.newOutputStream(jobXml.toPath())) {
        client.writeXml(out);
      }
      return;
    }
    new YarnConfiguration(); // registers yarn-default.xml and yarn-site.xml, as in YarnChild
    JobConf job = new JobConf(new org.apache.hadoop.fs.Path(jobXml.getAbsolutePath()));
    job.get("mapreduce.job.name");
    JobConf copy = new JobConf(job);
    copy.get("mapreduce.job.name");
    long cpu0 = Stats.processCpuNanos();
    long t0 = System.nanoTime();
    if (!variant.matches("register|getters|none")) {
      throw new IllegalArgumentException("register, getters or none, not " + variant);
    }
    if (variant.equals("register")) {
      Configuration.addDefaultResource("provmr-default.xml");
      Configuration.addDefaultResource("provmr-site.xml");
    }
    if (!variant.equals("none")) {
      ProvenanceJob.isEnabled(job);
      ProvenanceJob.getChecksumAlgorithm(job);
      ProvenanceJob.getHeaderMode(job);
    }
    job.get("mapreduce.task.id");
    copy.get("mapreduce.task.id");
    double wall = (System.nanoTime() - t0) / 1e6;
    Thread.sleep(300);
    System.out.printf(java.util.Locale.ROOT, "%s cpu_ms %d wall_ms %.1f%n", variant,
        (Stats.processCpuNanos() - cpu0) / 1_000_000, wall);
  }
}
