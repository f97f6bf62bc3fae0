package org.provmr.it;

import java.io.File;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * One MiniDFSCluster and one MiniMRYarnCluster for an integration test class: inputs and
 * outputs on HDFS, tasks in YARN containers (separate JVMs), the built ProvMR jar shipped as
 * the job jar as on a real cluster. (Mini-cluster containers also inherit the test JVM's class
 * path, so only classes that are on no class path prove shipping: see docs/cluster.md.)
 * Share the one pair of the test JVM unless the class needs cluster settings of its own
 * ({@link #start} then gives it a private pair, stopped by {@link #close}):
 *
 * <pre>
 * static MiniClusters clusters;
 * &#64;BeforeAll static void start() throws IOException {
 *   clusters = MiniClusters.shared(MyIT.class);
 * }
 * &#64;AfterAll static void stop() throws IOException { clusters.close(); }
 * ... TestData.provmr(clusters.conf(), "run", "wordcount", "--input", clusters.path("in"), ...)
 * </pre>
 *
 * {@link #conf()} is a client configuration for the clusters with the built ProvMR jar as the
 * job jar ({@code target/provmr-<version>.jar}: failsafe runs after {@code package}).
 */
public final class MiniClusters implements AutoCloseable {
  /** Hadoop 3.4 reflects into java.base on Java 17, in the containers' JVMs too. */
  /** Short-lived JVMs on a small machine: C1 only and the serial collector start faster. */
  private static final String JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC ";
  private static final String OPENS = "--add-opens java.base/java.lang=ALL-UNNAMED"
      + " --add-opens java.base/java.util=ALL-UNNAMED"
      + " --add-opens java.base/java.lang.reflect=ALL-UNNAMED"
      + " --add-opens java.base/java.io=ALL-UNNAMED"
      + " --add-opens java.base/java.net=ALL-UNNAMED"
      + " --add-opens java.base/java.nio=ALL-UNNAMED"
      + " --add-opens java.base/sun.nio.ch=ALL-UNNAMED";

  private final MiniDFSCluster dfs;
  private final MiniMRYarnCluster yarn;
  private final Configuration conf;
  /** Where {@link #path} puts names: {@code /it}, or {@code /it/<class>} for a shared view. */
  private final String root;
  /** Whether {@link #close} stops the clusters: not for a view of the shared pair. */
  private final boolean owned;

  private static MiniClusters shared;

  private MiniClusters(MiniDFSCluster dfs, MiniMRYarnCluster yarn, Configuration conf,
      String root, boolean owned) {
    this.dfs = dfs;
    this.yarn = yarn;
    this.conf = conf;
    this.root = root;
    this.owned = owned;
  }

  /**
   * The clusters shared by every integration test class in this JVM (failsafe runs them all
   * in one): started by the first class that asks, stopped when the JVM exits. Starting and
   * stopping a pair costs 20-40 s on a small machine, so classes that need no special cluster
   * settings share one. The view's {@link #path} names live under {@code /it/<class>}, so
   * classes never see each other's files; its {@link #close} leaves the clusters running.
   */
  public static synchronized MiniClusters shared(Class<?> testClass) throws IOException {
    if (shared == null) {
      MiniClusters started = start(MiniClusters.class);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.stop();
        } catch (IOException | RuntimeException e) {
          // The JVM is exiting; the cluster directories are under target/ and reused.
        }
      }, "stop-shared-mini-clusters"));
      shared = started;
    }
    return new MiniClusters(shared.dfs, shared.yarn, shared.conf,
        "/it/" + testClass.getSimpleName(), false);
  }

  /** Starts both clusters, with their data under {@code target/mini-clusters/<test class>}. */
  public static MiniClusters start(Class<?> testClass) throws IOException {
    File base = new File(target(), "mini-clusters/" + testClass.getSimpleName());
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(base, "dfs").getAbsolutePath());
    conf.set("hadoop.tmp.dir", new File(base, "tmp").getAbsolutePath());
    MiniDFSCluster dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).format(true).build();
    MiniMRYarnCluster yarn = null;
    try {
      dfs.waitActive();
      conf.set(FileSystem.FS_DEFAULT_NAME_KEY, dfs.getFileSystem().getUri().toString());
      // Small containers, no virtual-memory policing (JVMs reserve far more than they use).
      conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
      conf.setInt(YarnConfiguration.NM_PMEM_MB, 6144);
      conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
      conf.setInt(MRJobConfig.MR_AM_VMEM_MB, 768);
      conf.set(MRJobConfig.MR_AM_COMMAND_OPTS, "-Xmx512m " + JVM + OPENS);
      conf.setInt(MRJobConfig.MAP_MEMORY_MB, 512);
      conf.setInt(MRJobConfig.REDUCE_MEMORY_MB, 512);
      conf.set(MRJobConfig.MAP_JAVA_OPTS, "-Xmx384m " + JVM + OPENS);
      conf.set(MRJobConfig.REDUCE_JAVA_OPTS, "-Xmx384m " + JVM + OPENS);
      // The scheduler hands out containers on node heartbeats and the MRAppMaster asks for them
      // on its own: at the defaults of 1 s each, a job can wait up to 2 s per allocation round
      // (the AM, then maps, then reduces), idle time in every small IT job.
      conf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 100);
      conf.setInt(MRJobConfig.MR_AM_TO_RM_HEARTBEAT_INTERVAL_MS, 100);
      yarn = new MiniMRYarnCluster(testClass.getSimpleName(), 1);
      yarn.init(conf);
      yarn.start();
      Configuration client = new Configuration(yarn.getConfig());
      client.setInt(Job.COMPLETION_POLL_INTERVAL_KEY, 200);
      client.set(MRJobConfig.JAR, jobJar().getAbsolutePath());
      // Every test path is on this cluster's HDFS; outputs are still confined to their inputs.
      client.set("provenance.validate.source.roots", dfs.getFileSystem().getUri() + "/");
      return new MiniClusters(dfs, yarn, client, "/it", true);
    } catch (IOException | RuntimeException e) {
      if (yarn != null) {
        yarn.stop();
      }
      dfs.shutdown();
      throw e;
    }
  }

  /** The project's target directory, from the working directory Maven runs tests in. */
  static File target() {
    return new File(System.getProperty("user.dir"), "target");
  }

  /** The built ProvMR jar, the job jar the containers get. */
  public static File jobJar() {
    File[] jars = target().listFiles((d, n) -> n.matches("provmr-[0-9][^/]*\\.jar")
        && !n.endsWith("-sources.jar") && !n.endsWith("-tests.jar"));
    if (jars == null || jars.length != 1) {
      throw new IllegalStateException("Expected one target/provmr-<version>.jar (run the"
          + " integration tests with 'mvn verify', after package); found "
          + (jars == null ? "none" : java.util.Arrays.toString(jars)));
    }
    return jars[0];
  }

  /** A client configuration for these clusters: default FS HDFS, framework YARN. */
  public Configuration conf() {
    return new Configuration(conf);
  }

  public FileSystem fs() throws IOException {
    return dfs.getFileSystem();
  }

  /** A fully qualified HDFS path under /it (under /it/<class> for a shared view). */
  public String path(String name) throws IOException {
    return fs().makeQualified(new Path(root, name)).toString();
  }

  @Override
  public void close() throws IOException {
    if (owned) {
      stop();
    }
  }

  private void stop() throws IOException {
    try {
      yarn.stop();
    } finally {
      dfs.shutdown();
    }
  }
}
