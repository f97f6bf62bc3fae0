package org.provmr.io;

import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * Lets a long read stop when its thread is interrupted (the service's time limit per output,
 * its shutdown, a killed task). Hadoop's local streams never notice an interrupt, and a part
 * or a source can be gigabytes; so the loops that read them ask here every buffer or every few
 * thousand records: a volatile read, no clock. (Hadoop has no such helper: its own loops
 * test {@code Thread.interrupted()} inline.)
 */
public final class Interrupts {
  private Interrupts() {
  }

  /**
   * @throws InterruptedIOException if the calling thread is interrupted (the interrupt is
   *     kept, for the caller's caller to see)
   */
  public static void check(Object reading) throws InterruptedIOException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedIOException("Interrupted while reading " + reading);
    }
  }

  /**
   * Throws a read failure on an interrupted thread (a channel closed by the interrupt, a
   * stream that failed half-way) as the interruption it is, for the callers that take other
   * failures as damage to the file; returns otherwise.
   */
  public static void rethrowIfInterrupted(IOException e, Object reading)
      throws InterruptedIOException {
    if (!Thread.currentThread().isInterrupted()) {
      return;
    }
    if (e instanceof InterruptedIOException i) {
      throw i;
    }
    InterruptedIOException i = new InterruptedIOException("Interrupted while reading "
        + reading);
    i.initCause(e);
    throw i;
  }
}
