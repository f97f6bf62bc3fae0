package org.provmr.cli;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets local jobs finish their last step before the command exits the JVM. In local mode the
 * job runs on a {@code LocalJobRunner$Job} thread that marks the job SUCCEEDED, then calls
 * {@code JobEndNotifier.localRunnerNotification} (the HTTP GET of
 * {@code mapreduce.job.end-notification.url}) and then deletes its staging files. The client's
 * {@code waitForCompletion} returns as soon as it sees SUCCEEDED, so a {@code System.exit}
 * right after it kills the notification in flight: {@code provmr run} with the URL set never
 * notified. On YARN the MRAppMaster notifies in its own process, and this finds no thread.
 */
final class LocalJobThreads {
  private static final Logger LOG = LoggerFactory.getLogger(LocalJobThreads.class);
  private static final String JOB_THREAD = "org.apache.hadoop.mapred.LocalJobRunner$Job";

  private LocalJobThreads() {
  }

  /**
   * Waits for the live local job threads, at most {@code timeoutMs} in all (the notifier's own
   * retries can take long when the service is down; the job itself is already done).
   *
   * @return how many threads were still alive when the time ran out
   */
  static int await(long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    List<Thread> left = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t != Thread.currentThread() && t.isAlive() && t.getClass().getName().equals(JOB_THREAD)) {
        long rest = deadline - System.currentTimeMillis();
        if (rest > 0) {
          t.join(rest);
        }
        if (t.isAlive()) {
          left.add(t);
        }
      }
    }
    if (!left.isEmpty()) {
      LOG.warn("{} local job thread(s) still running after {} ms (a job-end notification that"
          + " keeps retrying?); exiting anyway", left.size(), timeoutMs);
    }
    return left.size();
  }
}
