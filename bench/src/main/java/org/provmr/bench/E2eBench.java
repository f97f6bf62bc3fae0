package org.provmr.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.examples.WordCount.IntSumReducer;
import org.apache.hadoop.examples.WordCount.TokenizerMapper;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;
import org.provmr.examples.SampleText;
import org.provmr.header.ProvenanceHeader;
import org.provmr.mapreduce.ProvenanceFileReader;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.StoredJob;

/**
 * End-to-end benchmark: plain Hadoop WordCount against ProvMR's WordCount on the same
 * generated text, in one JVM, in Hadoop's local mode, interleaved run by run so that a noisy
 * neighbour hurts both sides alike. Then the payload-read figure: a ProvMR output read with
 * headers skipped, kept raw, or decoded, against a plain SequenceFile of the same records.
 *
 * <p>Prints per-run times, medians and ratios, and writes the same as JSON.
 */
public final class E2eBench {

  /** Goal from the specification's "minimise overhead": ProvMR within 5% of plain. */
  static final double WALL_RATIO_GOAL = 1.05;
  /** Goal for compact headers (docs/header-format.md: about 10 bytes a header). */
  static final double HEADER_BYTES_GOAL = 12.0;

  private final Settings s;
  private final Configuration conf;
  private final FileSystem fs;
  private final Map<String, List<Run>> runs = new LinkedHashMap<>();

  private E2eBench(Settings s) throws IOException {
    this.s = s;
    conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapreduce.framework.name", "local");
    conf.setInt("mapreduce.client.completion.pollinterval", 50);
    conf.setBoolean("mapreduce.client.genericoptionsparser.used", true);
    conf.set("hadoop.tmp.dir", new File(s.work, "hadoop-tmp").getAbsolutePath());
    for (Map.Entry<String, String> e : s.extraConf.entrySet()) {
      conf.set(e.getKey(), e.getValue());
    }
    fs = FileSystem.getLocal(conf);
  }

  /** One job flavour: how to build it. */
  enum Variant {
    /** Hadoop's own WordCount classes, TextOutputFormat. */
    PLAIN("plain"),
    /** ProvMR's WordCount: provenance-aware classes, ProvenanceOutputFormat. */
    PROVMR("provmr"),
    /** Hadoop's WordCount with SequenceFileOutputFormat: the container without provenance. */
    PLAIN_SEQ("plain-seq"),
    /** ProvMR without the map-side split fingerprint, to see what the fingerprint costs. */
    PROVMR_NOFP("provmr-nofp");

    final String label;

    Variant(String label) {
      this.label = label;
    }

    static Variant of(String label) {
      for (Variant v : values()) {
        if (v.label.equals(label)) {
          return v;
        }
      }
      throw new IllegalArgumentException("unknown variant '" + label
          + "'; use plain, provmr, plain-seq, provmr-nofp");
    }
  }

  /** What one job run measured. */
  record Run(String variant, int round, boolean warmup, long wallMillis, long cpuMillis,
      long gcMillis, long outputBytes, long outputRecords, long mapOutputRecords,
      long mapOutputMaterializedBytes, long combineInputRecords, long spilledRecords) {
  }

  public static void main(String[] args) throws Exception {
    Settings s = Settings.parse(args);
    new E2eBench(s).run();
  }

  private void run() throws Exception {
    System.out.printf(Locale.ROOT, "ProvMR e2e benchmark: %s of text, %d files, %d reduce(s),"
        + " %d measured round(s) after 1 warm-up, variants %s%n", human(s.size), s.files,
        s.reduces, s.runs, s.variants.stream().map(v -> v.label).toList());
    Path input = ensureInput();
    Path outBase = new Path(new File(s.work, "out").getAbsolutePath());
    fs.delete(outBase, true);

    for (Variant v : s.variants) {
      runs.put(v.label, new ArrayList<>());
    }
    for (int round = 0; round <= s.runs; round++) {
      boolean warmup = round == 0;
      for (Variant v : s.variants) {
        Path out = new Path(outBase, v.label);
        fs.delete(out, true);
        Run r = runOnce(v, input, out, round, warmup);
        runs.get(v.label).add(r);
        System.out.printf(Locale.ROOT, "%-8s %-12s wall %7.2f s  cpu %7.2f s  gc %5.2f s"
            + "  out %,12d B  shuffle %,12d B%n", warmup ? "warm-up" : "run " + round,
            v.label, r.wallMillis / 1e3, r.cpuMillis / 1e3, r.gcMillis / 1e3, r.outputBytes,
            r.mapOutputMaterializedBytes);
      }
      if (warmup) {
        checkSameCounts(outBase);
      }
    }

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("benchmark", "provmr-e2e-wordcount");
    json.put("date", Instant.now().toString());
    json.put("environment", environment());
    json.put("settings", s.toJson());
    printSummary(json, outBase);
    if (s.readReps > 0 && s.variants.contains(Variant.PROVMR)) {
      json.put("read", readThroughput(outBase));
    }
    if (s.json != null) {
      File f = new File(s.json);
      if (f.getParentFile() != null) {
        f.getParentFile().mkdirs();
      }
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(f, json);
      System.out.println("JSON: " + f.getPath());
    }
  }

  private Path ensureInput() throws IOException {
    Path input = new Path(new File(s.work, String.format(Locale.ROOT, "input-%s-f%d-s%d",
        human(s.size), s.files, s.seed)).getAbsolutePath());
    if (fs.exists(input)) {
      System.out.println("Input: " + input + " (reused; SampleText is deterministic)");
    } else {
      long t0 = System.nanoTime();
      long n = SampleText.write(fs, input, s.size, s.files, s.seed);
      System.out.printf(Locale.ROOT, "Input: generated %,d bytes in %d files in %.1f s: %s%n",
          n, s.files, (System.nanoTime() - t0) / 1e9, input);
    }
    return input;
  }

  private Job createJob(Variant v, Path in, Path out) throws IOException {
    Configuration c = new Configuration(conf);
    switch (v) {
      case PROVMR:
        return org.provmr.examples.WordCount.createJob(c, in, out, s.reduces);
      case PROVMR_NOFP:
        c.setBoolean(org.provmr.conf.ProvenanceKeys.FINGERPRINT_ENABLED, false);
        return org.provmr.examples.WordCount.createJob(c, in, out, s.reduces);
      case PLAIN:
      case PLAIN_SEQ:
        Job job = Job.getInstance(c, "plain wordcount");
        job.setJarByClass(org.apache.hadoop.examples.WordCount.class);
        job.setMapperClass(TokenizerMapper.class);
        job.setCombinerClass(IntSumReducer.class);
        job.setReducerClass(IntSumReducer.class);
        job.setNumReduceTasks(s.reduces);
        job.setOutputKeyClass(Text.class);
        job.setOutputValueClass(IntWritable.class);
        FileInputFormat.addInputPath(job, in);
        FileOutputFormat.setOutputPath(job, out);
        if (v == Variant.PLAIN_SEQ) {
          job.setOutputFormatClass(SequenceFileOutputFormat.class);
        }
        return job;
      default:
        throw new IllegalStateException(v.toString());
    }
  }

  private Run runOnce(Variant v, Path in, Path out, int round, boolean warmup)
      throws Exception {
    // Leave the previous job's garbage out of this job's time.
    System.gc();
    Job job = createJob(v, in, out);
    long cpu0 = processCpuNanos();
    long gc0 = gcMillis();
    long t0 = System.nanoTime();
    boolean ok = job.waitForCompletion(false);
    long wall = System.nanoTime() - t0;
    long cpu = processCpuNanos() - cpu0;
    long gc = gcMillis() - gc0;
    if (!ok) {
      throw new IOException("job " + v.label + " failed (round " + round + ")");
    }
    Counters c = job.getCounters();
    return new Run(v.label, round, warmup, wall / 1_000_000, cpu / 1_000_000, gc,
        partBytes(out), c.findCounter(TaskCounter.REDUCE_OUTPUT_RECORDS).getValue(),
        c.findCounter(TaskCounter.MAP_OUTPUT_RECORDS).getValue(),
        c.findCounter(TaskCounter.MAP_OUTPUT_MATERIALIZED_BYTES).getValue(),
        c.findCounter(TaskCounter.COMBINE_INPUT_RECORDS).getValue(),
        c.findCounter(TaskCounter.SPILLED_RECORDS).getValue());
  }

  private FileStatus[] parts(Path out) throws IOException {
    FileStatus[] parts = fs.listStatus(out, p -> p.getName().startsWith("part-"));
    Arrays.sort(parts);
    return parts;
  }

  private long partBytes(Path out) throws IOException {
    long n = 0;
    for (FileStatus st : parts(out)) {
      n += st.getLen();
    }
    return n;
  }

  /** The benchmark is only fair if both jobs computed the same thing. */
  private void checkSameCounts(Path outBase) throws IOException {
    if (!s.variants.contains(Variant.PLAIN) || !s.variants.contains(Variant.PROVMR)) {
      return;
    }
    Map<String, Integer> plain = new HashMap<>();
    for (FileStatus st : parts(new Path(outBase, Variant.PLAIN.label))) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(st.getPath()),
          StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          int tab = line.lastIndexOf('\t');
          plain.put(line.substring(0, tab), Integer.parseInt(line.substring(tab + 1)));
        }
      }
    }
    Map<String, Integer> prov = new HashMap<>();
    for (FileStatus st : parts(new Path(outBase, Variant.PROVMR.label))) {
      try (ProvenanceFileReader<Text, IntWritable> r =
          new ProvenanceFileReader<>(conf, st.getPath())) {
        while (r.next()) {
          prov.put(r.key().toString(), r.value().value().get());
        }
      }
    }
    if (!plain.equals(prov)) {
      throw new IllegalStateException("plain and provmr word counts differ: " + plain.size()
          + " vs " + prov.size() + " words");
    }
    System.out.printf(Locale.ROOT, "Check: plain and provmr outputs hold the same %,d word"
        + " counts%n", plain.size());
  }

  private void printSummary(Map<String, Object> json, Path outBase) throws IOException {
    System.out.println();
    System.out.println("Summary (medians of the measured runs; warm-up excluded)");
    Map<String, Object> variants = new LinkedHashMap<>();
    Map<String, Double> medianWall = new LinkedHashMap<>();
    Map<String, Double> medianCpu = new LinkedHashMap<>();
    Map<String, Double> minWall = new LinkedHashMap<>();
    Map<String, Double> minCpu = new LinkedHashMap<>();
    for (Map.Entry<String, List<Run>> e : runs.entrySet()) {
      List<Run> measured = e.getValue().stream().filter(r -> !r.warmup).toList();
      double wall = median(measured.stream().mapToLong(Run::wallMillis).toArray());
      double cpu = median(measured.stream().mapToLong(Run::cpuMillis).toArray());
      medianWall.put(e.getKey(), wall);
      medianCpu.put(e.getKey(), cpu);
      minWall.put(e.getKey(), (double) minOf(measured, Run::wallMillis));
      minCpu.put(e.getKey(), (double) minOf(measured, Run::cpuMillis));
      Run last = measured.get(measured.size() - 1);
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("wallMillis", measured.stream().map(Run::wallMillis).toList());
      v.put("cpuMillis", measured.stream().map(Run::cpuMillis).toList());
      v.put("gcMillis", measured.stream().map(Run::gcMillis).toList());
      v.put("warmupWallMillis", e.getValue().get(0).wallMillis);
      v.put("medianWallMillis", wall);
      v.put("minWallMillis", minOf(measured, Run::wallMillis));
      v.put("medianCpuMillis", cpu);
      v.put("minCpuMillis", minOf(measured, Run::cpuMillis));
      v.put("outputBytes", last.outputBytes);
      v.put("outputRecords", last.outputRecords);
      v.put("mapOutputRecords", last.mapOutputRecords);
      v.put("mapOutputMaterializedBytes", last.mapOutputMaterializedBytes);
      v.put("combineInputRecords", last.combineInputRecords);
      v.put("spilledRecords", last.spilledRecords);
      variants.put(e.getKey(), v);
      System.out.printf(Locale.ROOT, "  %-12s wall median %6.2f s, min %6.2f s  runs %s%n"
          + "  %-12s cpu  median %6.2f s, min %6.2f s  runs %s%n"
          + "  %-12s output %,d B in %,d records, shuffle %,d B, spilled records %,d%n",
          e.getKey(), wall / 1e3, minOf(measured, Run::wallMillis) / 1e3,
          secs(measured, Run::wallMillis), "", cpu / 1e3, minOf(measured, Run::cpuMillis) / 1e3,
          secs(measured, Run::cpuMillis), "", last.outputBytes, last.outputRecords,
          last.mapOutputMaterializedBytes, last.spilledRecords);
    }
    json.put("variants", variants);

    Map<String, Object> ratios = new LinkedHashMap<>();
    if (medianWall.containsKey("plain") && medianWall.containsKey("provmr")) {
      double r = medianWall.get("provmr") / medianWall.get("plain");
      double rc = medianCpu.get("provmr") / medianCpu.get("plain");
      ratios.put("provmrOverPlainWall", r);
      ratios.put("provmrOverPlainCpu", rc);
      ratios.put("goal", WALL_RATIO_GOAL);
      ratios.put("meetsGoal", r <= WALL_RATIO_GOAL);
      List<Double> pairedCpu = pairedRatios("provmr", "plain", Run::cpuMillis);
      double pairedCpuMedian = median(pairedCpu.stream().mapToDouble(Double::doubleValue)
          .toArray());
      ratios.put("pairedWallRatios", pairedRatios("provmr", "plain"));
      ratios.put("pairedCpuRatios", pairedCpu);
      ratios.put("medianPairedCpuRatio", pairedCpuMedian);
      ratios.put("provmrOverPlainMinWall", minWall.get("provmr") / minWall.get("plain"));
      ratios.put("provmrOverPlainMinCpu", minCpu.get("provmr") / minCpu.get("plain"));
      System.out.printf(Locale.ROOT, "  ratio provmr/plain: wall %.3f (goal <= %.2f: %s),"
          + " cpu %.3f; per round %s%n", r, WALL_RATIO_GOAL,
          r <= WALL_RATIO_GOAL ? "MET" : "NOT MET", rc, fmt(pairedRatios("provmr", "plain")));
      System.out.printf(Locale.ROOT, "  paired cpu ratios provmr/plain per round %s, median %.3f%n",
          fmt(pairedCpu), pairedCpuMedian);
      System.out.printf(Locale.ROOT, "  ratio provmr/plain of the fastest runs: wall %.3f,"
          + " cpu %.3f (less sensitive to a noisy neighbour than medians)%n",
          minWall.get("provmr") / minWall.get("plain"), minCpu.get("provmr") / minCpu.get("plain"));
    }
    if (medianWall.containsKey("plain-seq") && medianWall.containsKey("plain")) {
      double r = medianWall.get("plain-seq") / medianWall.get("plain");
      double rc = medianCpu.get("plain-seq") / medianCpu.get("plain");
      ratios.put("plainSeqOverPlainWall", r);
      ratios.put("plainSeqOverPlainCpu", rc);
      System.out.printf(Locale.ROOT, "  ratio plain-seq/plain (container cost): wall %.3f,"
          + " cpu %.3f%n", r, rc);
    }
    if (medianWall.containsKey("plain-seq") && medianWall.containsKey("provmr")) {
      double r = medianWall.get("provmr") / medianWall.get("plain-seq");
      double rc = medianCpu.get("provmr") / medianCpu.get("plain-seq");
      ratios.put("provmrOverPlainSeqWall", r);
      ratios.put("provmrOverPlainSeqCpu", rc);
      System.out.printf(Locale.ROOT, "  ratio provmr/plain-seq (provenance cost): wall %.3f,"
          + " cpu %.3f%n", r, rc);
    }
    if (medianWall.containsKey("provmr-nofp") && medianWall.containsKey("plain")) {
      double r = medianWall.get("provmr-nofp") / medianWall.get("plain");
      double rc = medianCpu.get("provmr-nofp") / medianCpu.get("plain");
      ratios.put("provmrNoFingerprintOverPlainWall", r);
      ratios.put("provmrNoFingerprintOverPlainCpu", rc);
      System.out.printf(Locale.ROOT, "  ratio provmr-nofp/plain: wall %.3f, cpu %.3f%n", r, rc);
    }
    json.put("ratios", ratios);

    if (s.variants.contains(Variant.PROVMR)) {
      StoredJob stored = LineageStore.read(conf, new Path(outBase, "provmr"));
      long records = 0;
      long headerBytes = 0;
      for (PartEntry p : stored.parts()) {
        records += p.records();
        headerBytes += p.headerBytes();
      }
      double perRecord = records == 0 ? 0 : headerBytes / (double) records;
      long storeBytes = fs.getContentSummary(LineageStore.dir(stored.output())).getLength();
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("records", records);
      h.put("headerBytes", headerBytes);
      h.put("headerBytesPerRecord", perRecord);
      h.put("goal", HEADER_BYTES_GOAL);
      h.put("meetsGoal", perRecord <= HEADER_BYTES_GOAL);
      h.put("headerMode", stored.job().headerMode());
      h.put("checksumAlgorithm", stored.job().checksumAlgorithm());
      h.put("lineageStoreBytes", storeBytes);
      json.put("headers", h);
      System.out.printf(Locale.ROOT, "  header bytes/record: %.2f (%,d B over %,d records, %s,"
          + " %s; goal <= %.0f: %s); lineage store %,d B%n", perRecord, headerBytes, records,
          stored.job().headerMode(), stored.job().checksumAlgorithm(), HEADER_BYTES_GOAL,
          perRecord <= HEADER_BYTES_GOAL ? "MET" : "NOT MET", storeBytes);
    }
  }

  private List<Double> pairedRatios(String a, String b) {
    return pairedRatios(a, b, Run::wallMillis);
  }

  /** Ratio a/b of each measured round: both ran back to back, under similar load. */
  private List<Double> pairedRatios(String a, String b,
      java.util.function.ToLongFunction<Run> f) {
    List<Run> ra = runs.get(a);
    List<Run> rb = runs.get(b);
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < ra.size(); i++) {
      if (!ra.get(i).warmup) {
        out.add(f.applyAsLong(ra.get(i)) / (double) f.applyAsLong(rb.get(i)));
      }
    }
    return out;
  }

  /**
   * Reads the ProvMR output (and the plain SequenceFile output, if it was produced) over and
   * over, interleaving the ways of reading, and reports records per second.
   */
  private Map<String, Object> readThroughput(Path outBase) throws IOException {
    System.out.println();
    FileStatus[] prov = parts(new Path(outBase, "provmr"));
    FileStatus[] seq = s.variants.contains(Variant.PLAIN_SEQ)
        ? parts(new Path(outBase, "plain-seq")) : null;
    String[] modes = seq == null ? new String[] {"provmr-skip", "provmr-raw", "provmr-decode"}
        : new String[] {"plain-seq", "provmr-skip", "provmr-raw", "provmr-decode"};
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    for (String m : modes) {
      rates.put(m, new ArrayList<>());
    }
    // One pass per mode first, untimed, as JIT warm-up.
    for (String m : modes) {
      readPass(m, m.equals("plain-seq") ? seq : prov, s.readMinRecords / 10);
    }
    for (int rep = 0; rep < s.readReps; rep++) {
      for (String m : modes) {
        long t0 = System.nanoTime();
        long n = readPass(m, m.equals("plain-seq") ? seq : prov, s.readMinRecords);
        double secs = (System.nanoTime() - t0) / 1e9;
        rates.get(m).add(n / secs);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("what", "records/s reading the part files whole (open, every record, close),"
        + " repeated until at least minRecordsPerPass records; median of reps");
    out.put("minRecordsPerPass", s.readMinRecords);
    out.put("reps", s.readReps);
    Map<String, Double> medians = new LinkedHashMap<>();
    System.out.println("Payload read throughput (records/s, median of " + s.readReps
        + " passes of >= " + String.format(Locale.ROOT, "%,d", s.readMinRecords) + " records)");
    for (String m : modes) {
      double med = median(rates.get(m).stream().mapToDouble(Double::doubleValue).toArray());
      medians.put(m, med);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("recordsPerSecond", rates.get(m));
      r.put("medianRecordsPerSecond", med);
      out.put(m, r);
      System.out.printf(Locale.ROOT, "  %-14s %,14.0f rec/s%n", m, med);
    }
    if (medians.containsKey("plain-seq")) {
      double r = medians.get("provmr-skip") / medians.get("plain-seq");
      out.put("provmrSkipOverPlainSeq", r);
      System.out.printf(Locale.ROOT, "  ratio provmr-skip/plain-seq: %.3f (payload-only"
          + " reading of ProvMR output vs a plain SequenceFile of the same records)%n", r);
    }
    double d = medians.get("provmr-decode") / medians.get("provmr-skip");
    out.put("provmrDecodeOverSkip", d);
    System.out.printf(Locale.ROOT, "  ratio provmr-decode/provmr-skip: %.3f%n", d);
    return out;
  }

  /** Reads the files until at least {@code min} records were read; returns the count. */
  private long readPass(String mode, FileStatus[] files, long min) throws IOException {
    long n = 0;
    long sink = 0;
    while (n < Math.max(1, min)) {
      for (FileStatus st : files) {
        if (mode.equals("plain-seq")) {
          Text k = new Text();
          IntWritable v = new IntWritable();
          try (SequenceFile.Reader r = new SequenceFile.Reader(conf,
              SequenceFile.Reader.file(st.getPath()))) {
            while (r.next(k, v)) {
              sink += k.getLength() + v.get();
              n++;
            }
          }
        } else {
          try (ProvenanceFileReader<Text, IntWritable> r =
              new ProvenanceFileReader<>(conf, st.getPath())) {
            if (mode.equals("provmr-skip")) {
              r.skipHeaders();
            }
            boolean decode = mode.equals("provmr-decode");
            while (r.next()) {
              sink += r.key().getLength() + r.value().value().get();
              if (decode) {
                ProvenanceHeader h = r.value().header();
                sink += h.timestampMillis();
              }
              n++;
            }
          }
        }
      }
    }
    if (sink == 42) {
      System.out.print(""); // keeps the reads observable to the JIT
    }
    return n;
  }

  private Map<String, Object> environment() {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty(
        "java.runtime.version"));
    env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    env.put("availableProcessors", Runtime.getRuntime().availableProcessors());
    env.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    env.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
    env.put("hadoop", org.apache.hadoop.util.VersionInfo.getVersion());
    env.put("loadAverageAtEnd", ManagementFactory.getOperatingSystemMXBean()
        .getSystemLoadAverage());
    if (s.gitRevision != null) {
      env.put("provmrRevision", s.gitRevision);
    }
    return env;
  }

  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
    }
    return 0;
  }

  private static long gcMillis() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionTime());
    }
    return n;
  }

  static double median(long[] v) {
    return median(Arrays.stream(v).asDoubleStream().toArray());
  }

  static double median(double[] v) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double[] c = v.clone();
    Arrays.sort(c);
    int m = c.length / 2;
    return c.length % 2 == 1 ? c[m] : (c[m - 1] + c[m]) / 2;
  }

  private static long minOf(List<Run> runs, java.util.function.ToLongFunction<Run> f) {
    return runs.stream().mapToLong(f).min().orElse(0);
  }

  private static List<String> secs(List<Run> runs, java.util.function.ToLongFunction<Run> f) {
    return runs.stream().map(r -> String.format(Locale.ROOT, "%.2f", f.applyAsLong(r) / 1e3))
        .toList();
  }

  private static String fmt(List<Double> v) {
    return v.stream().map(d -> String.format(Locale.ROOT, "%.3f", d)).toList().toString();
  }

  static String human(long bytes) {
    if (bytes % (1L << 30) == 0) {
      return (bytes >> 30) + "g";
    }
    if (bytes % (1L << 20) == 0) {
      return (bytes >> 20) + "m";
    }
    if (bytes % (1L << 10) == 0) {
      return (bytes >> 10) + "k";
    }
    return Long.toString(bytes);
  }

  /** Command-line settings. */
  static final class Settings {
    long size = 100L << 20;
    int runs = 5;
    int files = 4;
    int reduces = 1;
    long seed = 1;
    File work = new File("target/e2e-work");
    String json;
    List<Variant> variants = new ArrayList<>(List.of(Variant.PLAIN, Variant.PROVMR,
        Variant.PLAIN_SEQ));
    int readReps = 5;
    long readMinRecords = 2_000_000;
    String gitRevision;
    Map<String, String> extraConf = new LinkedHashMap<>();

    static Settings parse(String[] args) {
      Settings s = new Settings();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("-h") || a.equals("--help")) {
          usage(0);
        }
        if (i + 1 >= args.length) {
          System.err.println("missing value after " + a);
          usage(2);
        }
        String v = args[++i];
        switch (a) {
          case "--size" -> s.size = parseSize(v);
          case "--runs" -> s.runs = Integer.parseInt(v);
          case "--files" -> s.files = Integer.parseInt(v);
          case "--reduces" -> s.reduces = Integer.parseInt(v);
          case "--seed" -> s.seed = Long.parseLong(v);
          case "--work" -> s.work = new File(v);
          case "--json" -> s.json = v;
          case "--variants" -> {
            s.variants.clear();
            for (String x : v.split(",")) {
              s.variants.add(Variant.of(x.trim()));
            }
          }
          case "--read-reps" -> s.readReps = Integer.parseInt(v);
          case "--read-min-records" -> s.readMinRecords = Long.parseLong(v);
          case "--git-revision" -> s.gitRevision = v;
          case "-D" -> {
            int eq = v.indexOf('=');
            if (eq <= 0) {
              System.err.println("-D takes key=value, not '" + v + "'");
              usage(2);
            }
            s.extraConf.put(v.substring(0, eq), v.substring(eq + 1));
          }
          default -> {
            System.err.println("unknown option " + a);
            usage(2);
          }
        }
      }
      if (s.runs < 1 || s.files < 1 || s.reduces < 1) {
        System.err.println("--runs, --files and --reduces must be >= 1");
        usage(2);
      }
      return s;
    }

    static long parseSize(String v) {
      String t = v.trim().toLowerCase(Locale.ROOT);
      long unit = 1;
      char last = t.charAt(t.length() - 1);
      if (last == 'k' || last == 'm' || last == 'g') {
        unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
        t = t.substring(0, t.length() - 1);
      }
      return Long.parseLong(t) * unit;
    }

    static void usage(int code) {
      System.err.println("usage: E2eBench [--size 100m] [--runs 5] [--files 4] [--reduces 1]"
          + " [--seed 1] [--work DIR] [--json FILE]"
          + " [--variants plain,provmr,plain-seq[,provmr-nofp]] [--read-reps 5]"
          + " [--read-min-records 2000000] [--git-revision REV] [-D key=value]...");
      System.exit(code);
    }

    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("sizeBytes", size);
      m.put("files", files);
      m.put("reduces", reduces);
      m.put("seed", seed);
      m.put("runs", runs);
      m.put("warmupRounds", 1);
      m.put("order", "interleaved per round: " + variants.stream().map(v -> v.label).toList());
      m.put("mode", "Hadoop local (LocalJobRunner, file:///),"
          + " mapreduce.client.completion.pollinterval=50");
      m.put("extraConf", extraConf);
      return m;
    }
  }
}
