package org.provmr.service;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The time limit of one output's processing under its lock
 * ({@code provenance.serve.validate.timeout}). Without it, one output whose validation never
 * ends (a stuck job, a source on a hung mount) held one of the workers for ever. Past the limit
 * the worker thread is interrupted: the in-process check stops at its next unit or within
 * one, every buffer or few thousand records ({@code DirectValidation}), a job the sweep waits
 * for is killed ({@code JobProgress}), and what the attempt wrote is discarded by the worker
 * once the work has unwound. An interrupt, not a second thread the worker abandons: the work
 * must be over before the lock is released.
 */
final class ValidationDeadline {
  private final long limitMs;
  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
    Thread t = new Thread(r, "provmr-serve-validate-deadline");
    t.setDaemon(true);
    return t;
  });

  /** @param limitMs the limit; 0 for none */
  ValidationDeadline(long limitMs) {
    this.limitMs = limitMs;
    timer.setRemoveOnCancelPolicy(true); // one pending task per running output, not per one
  }

  long limitMs() {
    return limitMs;
  }

  /** Starts the limit for the calling thread's work; {@link Guard#end} it when that ends. */
  Guard start() {
    Guard g = new Guard(Thread.currentThread());
    if (limitMs > 0) {
      g.future = timer.schedule(g::expire, limitMs, TimeUnit.MILLISECONDS);
    }
    return g;
  }

  void stop() {
    timer.shutdownNow();
  }

  /** One output's limit, shared by its worker thread and the timer. */
  static final class Guard {
    private final Thread thread;
    private ScheduledFuture<?> future;
    private boolean ended;
    private boolean expired;

    private Guard(Thread thread) {
      this.thread = thread;
    }

    private synchronized void expire() {
      if (!ended) {
        expired = true;
        thread.interrupt();
      }
    }

    /**
     * Ends the limit. Its interrupt is cleared then, so that the worker's
     * next wait for work, or the lock's release, is not cut by it; another interrupt (the
     * service's shutdown) is left alone.
     */
    void end() {
      boolean passed;
      synchronized (this) {
        ended = true;
        passed = expired;
      }
      if (future != null) {
        future.cancel(false);
      }
      if (passed) {
        Thread.interrupted();
      }
    }

    /** Whether the limit passed before {@link #end}. */
    synchronized boolean passed() {
      return expired;
    }
  }
}
