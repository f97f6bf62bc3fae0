package org.provmr.mapreduce;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.provmr.header.Varints;

/**
 * A sorted set of source ids (indexes into a job's source manifest), reused across records.
 *
 * <p>Reduce output records carry the set of input splits that contributed to them. Sets are
 * small in practice (a key is fed by a few splits, or by all of them), so a sorted int array
 * with in-place merging beats a BitSet or boxed collections and allocates only when it grows.
 *
 * <p>On the wire (the shuffle), a single source, by far the most common case (every map output
 * value), is one varint {@code (id + 1) << 1} (ids below 63 take one byte); any other set is a
 * 0, the count, then the ids delta-encoded as varints. The varint's low bit is the carrier's
 * ({@link #write(DataOutput, int)}).
 */
public final class SourceSet {
  private int[] ids = new int[4];
  private int size;
  private int[] scratch = new int[4];
  // One bit for each id below 64 in the set. A reduce adds each value's source to its key's set
  // and each key's to the task's, nearly always an id already there: testing a bit replaced a
  // binary search per value and per key (0.5% of a sort's CPU, bench/README.md).
  private long low;

  private static long bit(int id) {
    return id >= 0 && id < Long.SIZE ? 1L << id : 0L;
  }

  public int size() {
    return size;
  }

  public int get(int i) {
    if (i >= size) {
      throw new IndexOutOfBoundsException(i + " >= " + size);
    }
    return ids[i];
  }

  public void clear() {
    size = 0;
    low = 0;
  }

  /** Replaces the contents with a single id. */
  public void setSingle(int id) {
    ids[0] = id;
    size = 1;
    low = bit(id);
  }

  /** Adds one id, keeping the array sorted and free of duplicates. */
  public void add(int id) {
    long b = bit(id);
    if ((low & b) != 0) {
      return;
    }
    if (size == 0) {
      ids[0] = id; // ids always has room for one
      size = 1;
      low = b;
      return;
    }
    int insert;
    if (b != 0) {
      insert = insertionPoint(id); // absent: its bit is clear
      low |= b;
    } else {
      int at = Arrays.binarySearch(ids, 0, size, id);
      if (at >= 0) {
        return;
      }
      insert = -at - 1;
    }
    ensureCapacity(size + 1);
    System.arraycopy(ids, insert, ids, insert + 1, size - insert);
    ids[insert] = id;
    size++;
  }

  /** Adds every id of {@code other} (a merge of two sorted arrays). */
  public void addAll(SourceSet other) {
    if (other.size == 1) {
      add(other.ids[0]); // every map output value: one source
      return;
    }
    if (other.size == 0 || containsAll(other)) {
      return; // the common case on the reduce side: the same splits feed every value of a key
    }
    if (scratch.length < size + other.size) {
      scratch = new int[Math.max(size + other.size, scratch.length * 2)];
    }
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < size || j < other.size) {
      int next;
      if (j >= other.size || (i < size && ids[i] < other.ids[j])) {
        next = ids[i++];
      } else if (i >= size || other.ids[j] < ids[i]) {
        next = other.ids[j++];
      } else {
        next = ids[i++];
        j++;
      }
      scratch[n++] = next;
    }
    int[] swap = ids;
    ids = scratch;
    scratch = swap;
    size = n;
    low |= other.low;
  }

  /** Where an id known to be absent goes (the sets are small: a scan beats a search call). */
  private int insertionPoint(int id) {
    int i = 0;
    while (i < size && ids[i] < id) {
      i++;
    }
    return i;
  }

  private boolean containsAll(SourceSet other) {
    if (other.size > size) {
      return false;
    }
    for (int k = 0; k < other.size; k++) {
      if (Arrays.binarySearch(ids, 0, size, other.ids[k]) < 0) {
        return false;
      }
    }
    return true;
  }

  public void copyFrom(SourceSet other) {
    ensureCapacity(other.size);
    System.arraycopy(other.ids, 0, ids, 0, other.size);
    size = other.size;
    low = other.low;
  }

  /** A copy of the ids, for dictionaries and the lineage store (not on the per-record path). */
  public int[] toArray() {
    return Arrays.copyOf(ids, size);
  }

  /**
   * Writes the set, with one bit of its carrier's ({@code tag}, 0 or 1) in the first varint:
   * a single source is {@code (id + 1) << 1 | tag}; any other set is {@code tag}, the count,
   * then the ids delta-encoded. {@link TracedValue} says there how its value is written.
   */
  public void write(DataOutput out, int tag) throws IOException {
    if (size == 1) {
      Varints.writeUnsigned(out, ((ids[0] + 1L) << 1) | tag);
      return;
    }
    Varints.writeUnsigned(out, tag);
    Varints.writeUnsigned(out, size);
    int previous = 0;
    for (int k = 0; k < size; k++) {
      Varints.writeUnsigned(out, ids[k] - previous);
      previous = ids[k];
    }
  }

  /**
   * Replaces {@code b}'s contents with the set's wire form, as {@link #write} writes it; the
   * single source of every map output value takes one call (TracedValue's per-record path).
   */
  void writeTo(RecordBytes b, int tag) throws IOException {
    if (size == 1) {
      b.resetToVarint(((ids[0] + 1L) << 1) | tag);
      return;
    }
    b.reset();
    write(b, tag);
  }

  /** Replaces the contents with a set {@link #write} wrote; returns the carrier's tag. */
  public int readFields(DataInput in) throws IOException {
    long head = Varints.readUnsigned(in);
    int tag = (int) (head & 1);
    long single = head >>> 1;
    if (single > 0) {
      if (single - 1 > Integer.MAX_VALUE) {
        throw new IOException("Corrupt source set: id " + (single - 1));
      }
      ids[0] = (int) (single - 1);
      size = 1;
      low = bit(ids[0]);
      return tag;
    }
    long n = Varints.readUnsigned(in);
    if (n < 0 || n > Integer.MAX_VALUE) {
      throw new IOException("Corrupt source set: count " + n);
    }
    // Grown as ids arrive, not to the count: a corrupt count then ends in an EOF, not in an
    // array of its size (map output cache entries are read back from a shared directory).
    long previous = 0;
    size = 0; // a set cut short by a corrupt id is left empty, not half-replaced
    low = 0;
    for (int k = 0; k < n; k++) {
      long delta = Varints.readUnsigned(in); // negative for a varint of 2^63 and above
      if (delta < 0 || delta > Integer.MAX_VALUE - previous || (k > 0 && delta == 0)) {
        throw new IOException("Corrupt source set: id " + previous + " + " + delta + " after "
            + k + " ids");
      }
      previous += delta;
      ensureCapacity(k + 1);
      ids[k] = (int) previous;
      low |= bit(ids[k]);
    }
    size = (int) n;
    return tag;
  }

  private void ensureCapacity(int n) {
    if (ids.length < n) {
      ids = Arrays.copyOf(ids, Math.max(n, ids.length * 2));
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SourceSet)) {
      return false;
    }
    SourceSet other = (SourceSet) o;
    return Arrays.equals(ids, 0, size, other.ids, 0, other.size);
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int k = 0; k < size; k++) {
      h = 31 * h + ids[k];
    }
    return h;
  }

  @Override
  public String toString() {
    return Arrays.toString(toArray());
  }
}
