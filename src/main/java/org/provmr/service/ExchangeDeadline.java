package org.provmr.service;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deadline for each HTTP exchange ({@code provenance.serve.request.timeout}). The JDK's server
 * reads a request's line, headers and (on close) left-over body on the executor's thread with a
 * blocking read and no timeout of its own (its {@code sun.net.httpserver.maxReqTime} is a JVM-wide
 * property read once): a client that sends half a request, or a {@code Content-Length} it never
 * sends, held a handler thread forever, and four of them stopped every endpoint. Past the
 * deadline the thread is interrupted; the socket channel it reads or writes is interruptible, so
 * the connection closes and the thread is free. A journal write is never cut in half: it runs
 * {@link #uninterrupted}, and the interrupt waits for its end.
 */
final class ExchangeDeadline {
  private final long timeoutMs;
  private final AtomicLong timedOut;
  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
    Thread t = new Thread(r, "provmr-serve-http-deadline");
    t.setDaemon(true);
    return t;
  });
  private final ThreadLocal<Guard> current = new ThreadLocal<>();

  ExchangeDeadline(long timeoutMs, AtomicLong timedOut) {
    this.timeoutMs = timeoutMs;
    this.timedOut = timedOut;
    timer.setRemoveOnCancelPolicy(true); // one pending task per exchange in flight, not per one
  }

  /** {@code pool} running each exchange under the deadline. */
  Executor around(ExecutorService pool) {
    return exchange -> pool.execute(() -> run(exchange));
  }

  private void run(Runnable exchange) {
    Guard g = new Guard(Thread.currentThread());
    current.set(g);
    ScheduledFuture<?> f = timer.schedule(g::expire, timeoutMs, TimeUnit.MILLISECONDS);
    try {
      exchange.run();
    } finally {
      f.cancel(false);
      g.end();
      current.remove();
      Thread.interrupted(); // an interrupt that came late is not the next exchange's
    }
  }

  /** What {@link #uninterrupted} runs. */
  interface Io<T> {
    T call() throws IOException;
  }

  /**
   * Runs {@code body} with the deadline held off, so it is not interrupted half-way; refused
   * with an {@link InterruptedIOException} when the deadline has already passed.
   */
  <T> T uninterrupted(Io<T> body) throws IOException {
    Guard g = current.get();
    if (g == null) {
      return body.call();
    }
    g.enter();
    try {
      return body.call();
    } finally {
      g.leave();
    }
  }

  void stop() {
    timer.shutdownNow();
  }

  /** The state of one exchange, shared by its thread and the timer. */
  private final class Guard {
    private final Thread thread;
    private boolean ended;
    private boolean holding;
    private boolean expired;

    Guard(Thread thread) {
      this.thread = thread;
    }

    synchronized void expire() {
      if (ended || expired) {
        return;
      }
      expired = true;
      timedOut.incrementAndGet();
      if (!holding) {
        thread.interrupt();
      }
    }

    synchronized void enter() throws InterruptedIOException {
      if (expired) {
        throw new InterruptedIOException("the request took longer than " + timeoutMs + " ms");
      }
      holding = true;
    }

    synchronized void leave() {
      holding = false;
      if (expired) {
        thread.interrupt(); // expired meanwhile: the rest of the exchange is cut now
      }
    }

    synchronized void end() {
      ended = true;
    }
  }
}
