package org.provmr.testing;

import java.lang.management.ManagementFactory;

/**
 * Heap bytes the current thread has allocated: how a test shows that a crafted length was
 * refused before it was allocated, rather than relying on the test JVM's heap being too small
 * for it. Take {@link #now()} before and after.
 */
public final class Allocations {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private Allocations() {
  }

  /** Bytes allocated by this thread so far. */
  public static long now() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }
}
