package org.provmr.mapreduce;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCompletionEvent;

/**
 * Why a job failed, in the words of the task that failed. Hadoop's own answer,
 * {@code JobStatus.getFailureInfo()}, is "NA" under LocalJobRunner and a count of failed tasks
 * on YARN. On YARN the cause is in the failed attempts' diagnostics; LocalJobRunner only logs
 * it, so {@link LocalRunnerAppender} (wired in log4j.properties) hands it over.
 */
public final class JobFailures {
  /** Distinct task errors quoted: the first few say it, the rest repeat it. */
  private static final int MAX_TASK_ERRORS = 3;
  /** Completion events fetched per call (the client API pages them). */
  private static final int EVENT_PAGE = 100;
  /** Failed local jobs whose client never asked (bounded: a long-lived JVM runs many jobs). */
  private static final int MAX_UNCLAIMED = 32;

  private static final Map<String, Throwable> LOCAL = Collections.synchronizedMap(
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Throwable> eldest) {
          return size() > MAX_UNCLAIMED;
        }
      });

  private JobFailures() {
  }

  /**
   * Why a job failed.
   *
   * @param summary one line: the failing task's exception ("Class: message"), the failed
   *     attempts' diagnostics, or what Hadoop said when it gave no cause
   * @param cause the task's exception when it ran in this JVM (LocalJobRunner), else null
   */
  public record Failure(String summary, Throwable cause) {
  }

  /** Asks a job that did not succeed why; call once, after it finished. */
  public static Failure of(Job job) throws IOException, InterruptedException {
    Throwable local = localCause(String.valueOf(job.getJobID()));
    if (local != null) {
      Throwable t = unwrapRunner(local);
      return new Failure(firstLine(t.toString()), t);
    }
    Map<String, String> errors = taskErrors(job);
    if (!errors.isEmpty()) {
      StringBuilder s = new StringBuilder();
      for (Map.Entry<String, String> e : errors.entrySet()) {
        s.append(s.length() == 0 ? "" : "; ").append(e.getValue()).append(": ")
            .append(e.getKey());
      }
      return new Failure(s.toString(), null);
    }
    String info = job.getStatus() == null ? null : job.getStatus().getFailureInfo();
    if (info != null && !info.isBlank() && !info.trim().equals("NA")) {
      return new Failure(info.trim().replaceAll("\\s*\n\\s*", " "), null);
    }
    return new Failure("Hadoop reports no cause; the failed task's exception is in the task"
        + " logs (local mode: logger org.apache.hadoop.mapred.LocalJobRunner at WARN)", null);
  }

  /**
   * The exception LocalJobRunner logged for a failed local job. Its job thread sets the run
   * state to FAILED before it logs, so a client polling the state can ask first: wait for the
   * log line, briefly (it follows at once; a job without a task exception never logs one).
   */
  private static Throwable localCause(String jobId) throws InterruptedException {
    Throwable t = LOCAL.remove(jobId);
    if (t != null || !jobId.startsWith("job_local")) {
      return t;
    }
    long deadline = System.nanoTime() + LOCAL_LOG_WAIT_NANOS;
    while (t == null && System.nanoTime() < deadline) {
      Thread.sleep(10);
      t = LOCAL.remove(jobId);
    }
    return t;
  }

  /** How long a failed local job's client waits for LocalJobRunner's log line. */
  private static final long LOCAL_LOG_WAIT_NANOS = 2_000_000_000L;

  /** First line of each distinct error of the failed attempts, with the first attempt's id. */
  private static Map<String, String> taskErrors(Job job) throws IOException,
      InterruptedException {
    Map<String, String> errors = new LinkedHashMap<>();
    int from = 0;
    while (errors.size() < MAX_TASK_ERRORS) {
      TaskCompletionEvent[] events = job.getTaskCompletionEvents(from, EVENT_PAGE);
      if (events == null || events.length == 0) {
        break;
      }
      from += events.length;
      for (TaskCompletionEvent e : events) {
        if (e.getStatus() != TaskCompletionEvent.Status.FAILED
            && e.getStatus() != TaskCompletionEvent.Status.TIPFAILED) {
          continue;
        }
        String[] diagnostics = job.getTaskDiagnostics(e.getTaskAttemptId());
        for (String d : diagnostics == null ? new String[0] : diagnostics) {
          if (d != null && !d.isBlank() && errors.size() < MAX_TASK_ERRORS) {
            errors.putIfAbsent(firstLine(d), String.valueOf(e.getTaskAttemptId()));
          }
        }
      }
    }
    return errors;
  }

  /** LocalJobRunner rethrows a task's exception wrapped in a bare Exception. */
  private static Throwable unwrapRunner(Throwable t) {
    return t.getClass() == Exception.class && t.getCause() != null ? t.getCause() : t;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }

  /**
   * A log4j appender for LocalJobRunner's logger, which is the only place a local job's task
   * exception goes ({@code LOG.warn(jobId, throwable)}): it keeps the exception for
   * {@link #of} instead of printing a stack trace. Nested so that only log4j loads it.
   */
  public static final class LocalRunnerAppender extends org.apache.log4j.AppenderSkeleton {
    @Override
    protected void append(org.apache.log4j.spi.LoggingEvent event) {
      org.apache.log4j.spi.ThrowableInformation info = event.getThrowableInformation();
      Object message = event.getMessage();
      if (info != null && info.getThrowable() != null && message != null
          && String.valueOf(message).startsWith("job_")) {
        LOCAL.put(String.valueOf(message), info.getThrowable());
      }
    }

    @Override
    public void close() {
    }

    @Override
    public boolean requiresLayout() {
      return false;
    }
  }
}
