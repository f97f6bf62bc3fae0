package org.provmr.bench.headline;

import java.util.Locale;

/** Command-line settings of the headline benchmark; public fields, so they go into the JSON. */
public final class Settings {
  public boolean quick;
  /**
   * Timed rounds. A full run takes 9: single pairs of full-size jobs swing by 0.8-1.3 on this
   * shared machine, and the median of 5 moved by 0.15 between runs (bench/README.md).
   */
  public int rounds = 9;
  /**
   * Untimed capture rounds first: after one, the ProvMR sort still spent 2 s of compiler-thread
   * CPU in its first timed round (bench/README.md).
   */
  public int captureWarmups = 2;
  public long wordcountBytes = 100L << 20;
  public long grepBytes = 200L << 20;
  public long sortBytes = 100L << 20;
  public int writerRecords = 1_000_000;
  public int writerReps = 9;
  /** Size of a separate text input validated (full run: >= 1.5 GB with its grep parts). */
  public long validateBytes = 1280L << 20;
  public int validateReps = 5;
  /** provmr validate --mode: auto (in process up to provenance.validate.direct.max.bytes), job, direct. */
  public String validateMode = "auto";
  public boolean growth = true;
  public int growthRounds = 5;
  /** Passes of the four growth jobs before the timed rounds (they run in the bench's JVM). */
  public int growthWarmups = 1;
  public String work = "target/headline-work";
  public String json;
  public String gitRevision;
  /** "shape/flavour": only run that job, rounds times (for a JFR profile of it). */
  public String profile;
  /** Comma-separated parts to run (capture, yarn, sizes, read, writer, validation, growth); null: all. */
  public String only;
  /** Comma-separated capture shapes to time (wordcount, grep, sort); null: all three. */
  public String shapes;
  /**
   * Capture rounds. "flavour" (default) gives each flavour of each shape a JVM of its own, kept
   * for all its rounds; the JVMs take turns, a job at a time, so each JVM's JIT only ever sees
   * one job's code, as a YARN task JVM does (bench/README.md, "A JVM per flavour"). "one" runs
   * every shape and flavour in this JVM, as LocalJobRunner runs a session's jobs; "shape" runs
   * each shape in a JVM of its own, its flavours interleaved in it. On 2026-12-02 neither
   * lowered ProvMR's ratios beyond the runs' spread (a JVM per flavour, three sets: grep
   * 1.157, sort 1.119, against 1.080-1.137 and 1.139-1.174 before), but every job ran faster
   * in a JVM of its own: the plain sort used about a quarter less CPU.
   */
  public String captureJvm = "flavour";
  /**
   * With --capture-jvm flavour: successive sets of JVMs the rounds are shared among, each set
   * warmed up (--capture-warmups) before its rounds. A JVM compiles a job's hot loops once and
   * keeps that code, and the same grep measured 1.039 with one set and 1.216 with the next.
   * A full run takes a set per round, nine draws a flavour: with three sets the sort measured
   * 1.099, with nine 1.022, its excess being mostly which compiled form of Hadoop's sort each
   * JVM drew (bench/README.md, "Where the sort's excess sits"). --quick keeps three.
   */
  public int captureJvmSets = 9;
  /** Inside a --capture-jvm flavour JVM: the "shape/flavour" it runs, a round per request. */
  public String captureWorker;
  /**
   * Routing: JVMs per variant (on, off), alternating, each warmed up before it is timed, so
   * that neither variant's JIT profile is spoilt by the other's code paths; 0 interleaves both
   * variants in this JVM.
   */
  public int routingForks = 4;
  /** Routing, inside a fork: the one variant this JVM runs ("on" or "off"). */
  public String routingVariant;
  /**
   * Routing: the routed variant's provenance.substream.by. "age" (default) sends every record
   * of the bench's fresh inputs to priority/; "confidence" keeps the routing wrapper but sends
   * capture's (HIGH) records to the main parts, which tells the wrapper from the second part.
   */
  public String routingBy = "age";
  /** Routing, inside a fork: untimed rounds first. */
  public int routingWarmups = 3;
  /**
   * Capture on a MiniMRYarnCluster, a JVM per task (YarnCapture): timed rounds, after one
   * untimed. Each job takes 15-60 s there (container start-up), so fewer than --rounds; a
   * --quick run leaves the part out unless --only names it.
   */
  public int yarnRounds = 5;
  /**
   * Split sizes of the YARN jobs, MiB, comma-separated, taking turns in every round. The first
   * gives the goal's rows: 128, HDFS's default block size (dfs.blocksize), the split a job over
   * HDFS gets. 32 is what Hadoop cuts on file:// (fs.local.block.size), shown beside it: a
   * ProvMR task JVM's excess, 0.3-0.4 s made during the JIT's warm-up (bench/README.md, "Capture
   * on YARN at HDFS's split size"), is a larger share of a smaller split.
   */
  public String yarnSplitMib = "128,32";

  /** {@link #yarnSplitMib} as numbers, the goal's first. */
  java.util.List<Long> yarnSplitMibs() {
    java.util.List<Long> mibs = new java.util.ArrayList<>();
    for (String v : yarnSplitMib.split(",")) {
      long mib;
      try {
        mib = Long.parseLong(v.trim());
      } catch (NumberFormatException e) {
        mib = 0;
      }
      if (mib < 1 || mibs.contains(mib)) {
        throw new IllegalArgumentException("--yarn-split-mib " + yarnSplitMib
            + ": give distinct sizes of at least 1 MiB, e.g. 128,32");
      }
      mibs.add(mib);
    }
    return mibs;
  }

  boolean times(String shape) {
    return listed(shapes, shape);
  }

  boolean runs(String part) {
    if (part.equals("yarn") && quick && only == null) {
      return false; // a quick run stays within 10 minutes
    }
    return listed(only, part);
  }

  /** Whether a comma-separated option lists {@code item}; an option not given lists all. */
  private static boolean listed(String option, String item) {
    return option == null || java.util.Arrays.asList(option.split(",")).contains(item);
  }

  static Settings parse(String[] args) {
    Settings s = new Settings();
    for (String a : args) {
      if (a.equals("--quick")) {
        s.quick();
      }
    }
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--quick")) {
        continue;
      }
      if (a.equals("--no-growth")) {
        s.growth = false;
        continue;
      }
      if (a.equals("-h") || a.equals("--help") || i + 1 >= args.length) {
        usage(a.startsWith("-h") || a.equals("--help") ? 0 : 2);
      }
      String v = args[++i];
      switch (a) {
        case "--rounds" -> s.rounds = Integer.parseInt(v);
        case "--wordcount-size" -> s.wordcountBytes = size(v);
        case "--grep-size" -> s.grepBytes = size(v);
        case "--sort-size" -> s.sortBytes = size(v);
        case "--validate-size" -> s.validateBytes = size(v);
        case "--validate-mode" -> s.validateMode = v;
        case "--writer-records" -> s.writerRecords = Integer.parseInt(v);
        case "--work" -> s.work = v;
        case "--json" -> s.json = v;
        case "--git-revision" -> s.gitRevision = v;
        case "--profile" -> s.profile = v;
        case "--only" -> s.only = v;
        case "--shapes" -> s.shapes = v;
        case "--capture-warmups" -> s.captureWarmups = Integer.parseInt(v);
        case "--capture-jvm" -> s.captureJvm = v;
        case "--capture-worker" -> s.captureWorker = v;
        case "--capture-jvm-sets" -> s.captureJvmSets = Integer.parseInt(v);
        case "--routing-forks" -> s.routingForks = Integer.parseInt(v);
        case "--routing-variant" -> s.routingVariant = v;
        case "--routing-warmups" -> s.routingWarmups = Integer.parseInt(v);
        case "--routing-by" -> s.routingBy = v;
        case "--yarn-rounds" -> s.yarnRounds = Integer.parseInt(v);
        case "--yarn-split-mib" -> s.yarnSplitMib = v;
        case "--growth-rounds" -> s.growthRounds = Integer.parseInt(v);
        case "--growth-warmups" -> s.growthWarmups = Integer.parseInt(v);
        default -> {
          System.err.println("unknown option " + a);
          usage(2);
        }
      }
    }
    try {
      s.yarnSplitMibs(); // checked now, not when the YARN part starts after the others
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      usage(2);
    }
    if (s.rounds < 1 || s.json == null || !(s.captureJvm.equals("shape")
        || s.captureJvm.equals("one") || s.captureJvm.equals("flavour"))) {
      usage(2);
    }
    return s;
  }

  /** A few minutes on 2 cores: small inputs, 256 MiB validated, one growth round. */
  private void quick() {
    quick = true;
    rounds = 5;
    captureWarmups = 1;
    captureJvmSets = 3;
    wordcountBytes = 12L << 20;
    grepBytes = 24L << 20;
    sortBytes = 12L << 20;
    writerRecords = 200_000;
    writerReps = 5;
    validateBytes = 256L << 20;
    validateReps = 3;
    growthRounds = 1;
  }

  static long size(String v) {
    String t = v.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    char last = t.charAt(t.length() - 1);
    if (last == 'k' || last == 'm' || last == 'g') {
      unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
      t = t.substring(0, t.length() - 1);
    }
    return Long.parseLong(t) * unit;
  }

  private static void usage(int code) {
    System.err.println("usage: bench/run [--quick] [--rounds N] [--wordcount-size 100m]"
        + " [--grep-size 200m] [--sort-size 100m] [--validate-size 1280m|0]"
        + " [--validate-mode auto|job|direct]"
        + " [--writer-records N] [--no-growth] [--growth-rounds 5] [--growth-warmups 1]"
        + " [--work DIR] [--json FILE]"
        + " [--profile wordcount|grep|sort/plain|plain-seq|provmr]"
        + " [--shapes wordcount,grep,sort] [--capture-warmups 2]"
        + " [--capture-jvm flavour|one|shape] [--capture-jvm-sets 9]"
        + " [--only capture,yarn,sizes,read,writer,validation,growth,routing]  (routing: only when"
        + " named; yarn: not in --quick unless named) [--yarn-rounds 5] [--yarn-split-mib 128,32] [--routing-forks 4 (0: both variants in this JVM)] [--routing-warmups 3] [--routing-by age|confidence]");
    System.exit(code);
  }
}
