package org.provmr.bench.headline;

import java.io.File;
import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.nodemanager.containermanager.container.Container;

/**
 * Capture cost as a cluster pays it: the jobs on a MiniMRYarnCluster (one node manager, file:///
 * inputs and outputs), every task and the MRAppMaster in a container JVM of its own, as YARN runs
 * them. Under LocalJobRunner the client, the MRAppMaster's work (commitJob) and every task share
 * one JVM, and the JIT compiles the user's code from what all of them ran before (a ProvMR job's
 * client does more Hadoop Path work, and Path normalises with java.util.regex, which a grep
 * mapper uses too: bench/README.md); here each task JVM has run only its own task.
 *
 * <p>Three measures per job. Containers: the CPU of every container process of the job (the
 * MRAppMaster included, so ProvMR's commitJob is counted), read as this JVM's reaped children's
 * CPU ({@code /proc/self/stat} cutime + cstime): the node manager launches each container as a
 * child process and waits for it. Tasks: Hadoop's own "CPU time spent" counter
 * ({@link TaskCounter#CPU_MILLISECONDS}): each task's process tree
 * ({@code ResourceCalculatorProcessTree}) from the task's initialisation to its end, so without
 * the JVM's start-up and without the MRAppMaster. Task JVMs: each task JVM's own CPU from its
 * start to its exit ({@link TaskCpuAgent}), without the MRAppMaster. The table's goal row is the
 * tasks' figure, the one a Hadoop user reads in the job history.
 */
final class YarnCapture implements AutoCloseable {
  /** Hadoop 3.4 reflects into java.base on Java 17, in the containers' JVMs too. */
  private static final String OPENS = "--add-opens java.base/java.lang=ALL-UNNAMED"
      + " --add-opens java.base/java.util=ALL-UNNAMED"
      + " --add-opens java.base/java.lang.reflect=ALL-UNNAMED"
      + " --add-opens java.base/java.io=ALL-UNNAMED"
      + " --add-opens java.base/java.net=ALL-UNNAMED"
      + " --add-opens java.base/java.nio=ALL-UNNAMED"
      + " --add-opens java.base/sun.nio.ch=ALL-UNNAMED";
  private static final int CONTAINER_MB = 512;
  /** The longest a finished job's containers may take to exit before the sample is refused. */
  private static final long EXIT_WAIT_MILLIS = 60_000;

  /**
   * One job on the cluster. taskJvmCpuSeconds: the task JVMs' own CPU, start-up to exit
   * (TaskCpuAgent), summed over the taskJvms that reported it.
   */
  record Sample(int round, double wallSeconds, double containerCpuSeconds,
      double taskCpuSeconds, long tasks, double taskJvmCpuSeconds, int taskJvms) {
  }

  private final MiniMRYarnCluster yarn;
  private final Configuration client;

  /**
   * Starts the cluster. Task containers get the default JIT (tiered, C2) and a 384 MiB heap;
   * the node manager has room for the MRAppMaster and two tasks at a time, one per core here, so
   * the tasks do not queue for CPU inside their own measurement.
   */
  YarnCapture(Configuration base, File dir) throws IOException {
    Configuration conf = new Configuration(base);
    conf.set("mapreduce.framework.name", "yarn");
    conf.set("hadoop.tmp.dir", new File(dir, "tmp").getAbsolutePath());
    conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    conf.setInt(YarnConfiguration.NM_PMEM_MB, 3 * CONTAINER_MB);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
    conf.setInt(MRJobConfig.MR_AM_VMEM_MB, CONTAINER_MB);
    conf.set(MRJobConfig.MR_AM_COMMAND_OPTS, "-Xmx384m " + OPENS);
    conf.setInt(MRJobConfig.MAP_MEMORY_MB, CONTAINER_MB);
    conf.setInt(MRJobConfig.REDUCE_MEMORY_MB, CONTAINER_MB);
    // -Dbench.yarn.task.opts adds options to the task JVMs, e.g. a flight recording per task.
    // Every task JVM reports its whole CPU at exit (TaskCpuAgent); the MRAppMaster does not.
    java.nio.file.Path agent = new File(dir, "task-cpu-agent.jar").toPath();
    java.nio.file.Files.createDirectories(agent.getParent());
    TaskCpuAgent.writeJar(agent);
    String taskOpts = "-Xmx384m " + OPENS + " -javaagent:" + agent + " "
        + System.getProperty("bench.yarn.task.opts", "");
    conf.set(MRJobConfig.MAP_JAVA_OPTS, taskOpts.trim());
    conf.set(MRJobConfig.REDUCE_JAVA_OPTS, taskOpts.trim());
    // A reduce that started early would hold one of the two task slots while maps still run.
    conf.setFloat(MRJobConfig.COMPLETED_MAPS_FOR_REDUCE_SLOWSTART, 1.0f);
    conf.setBoolean(MRJobConfig.MAP_SPECULATIVE, false);
    conf.setBoolean(MRJobConfig.REDUCE_SPECULATIVE, false);
    conf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 100);
    conf.setInt(MRJobConfig.MR_AM_TO_RM_HEARTBEAT_INTERVAL_MS, 100);
    yarn = new MiniMRYarnCluster("provmr-bench", 1);
    yarn.init(conf);
    yarn.start();
    client = new Configuration(yarn.getConfig());
    client.setInt(Job.COMPLETION_POLL_INTERVAL_KEY, 100);
  }

  /** The client configuration jobs for this cluster start from. */
  Configuration conf() {
    return client;
  }

  /** Runs {@code job} (its output deleted first) and measures it once its containers exited. */
  Sample run(String label, int round, Job job, Path out) throws Exception {
    FileSystem fs = out.getFileSystem(client);
    fs.delete(out, true);
    awaitContainersExited();
    long children0 = childrenCpuMillis();
    long t0 = System.nanoTime();
    if (!job.waitForCompletion(false)) {
      throw new IOException("job " + label + " failed on YARN in round " + round);
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    awaitContainersExited();
    double containers = (childrenCpuMillis() - children0) / 1e3;
    double tasks = job.getCounters().findCounter(TaskCounter.CPU_MILLISECONDS).getValue() / 1e3;
    long launched = job.getCounters().findCounter(
        org.apache.hadoop.mapreduce.JobCounter.TOTAL_LAUNCHED_MAPS).getValue()
        + job.getCounters().findCounter(
        org.apache.hadoop.mapreduce.JobCounter.TOTAL_LAUNCHED_REDUCES).getValue();
    Reported jvms = taskJvmCpu(job.getJobID().toString().replace("job_", "application_"));
    System.out.printf(Locale.ROOT, "  %-8s %-22s wall %6.2f s  containers cpu %6.2f s"
        + "  tasks cpu %6.2f s (%d tasks)  task JVMs cpu %6.2f s (%d)%n",
        round == 0 ? "warm-up" : "round " + round, label + " yarn", wall, containers, tasks,
        launched, jvms.seconds(), jvms.jvms());
    return new Sample(round, wall, containers, tasks, launched, jvms.seconds(), jvms.jvms());
  }

  /** What an application's task JVMs reported at exit: the sum, and how many reported. */
  private record Reported(double seconds, int jvms) {
  }

  /**
   * What the application's task JVMs reported at exit (TaskCpuAgent), read from their stderr
   * in the node manager's log directories. A JVM that did not report is not counted, so the
   * caller compares the count with the tasks launched.
   */
  private Reported taskJvmCpu(String application) throws IOException {
    long millis = 0;
    int reported = 0;
    for (String logDir : yarn.getNodeManager(0).getConfig()
        .getTrimmedStrings(YarnConfiguration.NM_LOG_DIRS)) {
      File[] containers = new File(new Path(logDir).toUri().getPath(), application)
          .listFiles(f -> f.getName().startsWith("container_"));
      if (containers == null) {
        continue;
      }
      for (File c : containers) {
        File stderr = new File(c, "stderr");
        if (c.getName().endsWith("_000001") || !stderr.isFile()) {
          continue; // the MRAppMaster's container, not given the agent
        }
        String text = java.nio.file.Files.readString(stderr.toPath(),
            java.nio.charset.StandardCharsets.UTF_8);
        int at = text.lastIndexOf(TaskCpuAgent.MARK);
        if (at < 0) {
          continue;
        }
        int end = text.indexOf('\n', at);
        millis += Long.parseLong(text.substring(at + TaskCpuAgent.MARK.length(),
            end < 0 ? text.length() : end).trim());
        reported++;
      }
    }
    return new Reported(millis / 1e3, reported);
  }

  /**
   * Waits until every container the node manager has launched is complete and its process
   * reaped: a job reports success before its MRAppMaster (and sometimes a task JVM) exits.
   */
  private void awaitContainersExited() throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + EXIT_WAIT_MILLIS;
    long last = -1;
    while (System.currentTimeMillis() < deadline) {
      boolean running = false;
      for (Container c : yarn.getNodeManager(0).getNMContext().getContainers().values()) {
        running |= c.cloneAndGetContainerStatus().getState() != ContainerState.COMPLETE;
      }
      long now = childrenCpuMillis();
      if (!running && now == last) {
        return; // complete, and no more CPU reaped since the last look
      }
      last = now;
      Thread.sleep(200);
    }
    throw new IOException("containers still running " + EXIT_WAIT_MILLIS + " ms after the job");
  }

  private static long childrenCpuMillis() throws IOException {
    return Stats.reapedChildrenCpuNanos() / 1_000_000;
  }

  @Override
  public void close() {
    yarn.stop();
  }
}
