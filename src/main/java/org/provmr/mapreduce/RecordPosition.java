package org.provmr.mapreduce;

/**
 * Where the record a reader just returned sits in its file: the hand-off from ProvMR's own
 * record readers to the ProvenanceMapper running on the same thread.
 *
 * <p>Hadoop gives a Mapper its records through a context that hides the reader, so a reader
 * that knows exact byte positions (ProvMR's readers of provenance files) publishes a holder
 * in {@code initialize}, which MapTask calls on the task thread just before {@code run}; the
 * mapper takes it once and then reads the fields per record with no lookup. Readers that do
 * not publish one fall back to the byte-offset key of text inputs, or to record ordinals.
 */
public final class RecordPosition {
  private static final ThreadLocal<RecordPosition> CURRENT = new ThreadLocal<>();

  /** Absolute byte offset of the current record in its file. */
  long offset;
  /** Length in bytes of the current record. */
  long length;

  /** The split the publishing reader reads, so a stale holder is never taken for another. */
  private Object split;

  /** Publishes this holder for the mapper about to run on this thread over {@code forSplit}. */
  void publish(Object forSplit) {
    split = forSplit;
    CURRENT.set(this);
  }

  /**
   * Takes (and removes) the holder a reader published on this thread for this very split, or
   * null. A holder left by a task whose mapper did not take it (a plain Mapper over
   * provenance input, on a reused thread) does not match the split and is dropped.
   */
  static RecordPosition take(Object forSplit) {
    RecordPosition p = CURRENT.get();
    CURRENT.remove();
    return p != null && p.split == forSplit ? p : null;
  }

  void set(long recordOffset, long recordLength) {
    offset = recordOffset;
    length = recordLength;
  }
}
