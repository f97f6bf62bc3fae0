package org.provmr.store;

import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * An immutable set of source ids (split indexes) in a compact binary form, the store's
 * equivalent of a Roaring bitmap without a run-time dependency in the tasks: the job jar
 * stays free of third-party classes, and the encoding below is what both the store file and
 * the in-memory value hold, so a million-split "every split" set costs a few bytes in both.
 *
 * <p>Encoding ({@code kind} byte, then varints as in the header format): the smallest of
 * <ul>
 *   <li>{@code 0} deltas: count n, first id, then each gap minus one (sparse sets: about a byte
 *       an id below 128 apart);
 *   <li>{@code 1} runs: count of runs, then per run the gap from the previous run's end and
 *       the run length minus one ("all splits", ranges: 3 to 8 bytes);
 *   <li>{@code 2} bitmap: the first id, the number of bytes, then one bit per id from it
 *       (dense sets with holes: an eighth of a byte an id).
 * </ul>
 * Writers choose deterministically (smallest, ties to the lower kind), so equal sets have
 * equal bytes and {@link #equals} compares bytes.
 */
public final class SourceIds {
  static final int DELTAS = 0;
  static final int RUNS = 1;
  static final int BITMAP = 2;
  private static final SourceIds EMPTY = of(new int[0]);

  private final byte[] encoded;
  private final int cardinality;

  private SourceIds(byte[] encoded, int cardinality) {
    this.encoded = encoded;
    this.cardinality = cardinality;
  }

  public static SourceIds empty() {
    return EMPTY;
  }

  /** The ids {@code [from, to)}: "every split of the job" is {@code range(0, splits)}. */
  public static SourceIds range(int from, int to) {
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("Bad source id range [" + from + ", " + to + ")");
    }
    if (to - from <= 64) {
      return fromSorted(IntStream.range(from, to).toArray());
    }
    // Over 64 ids, one run (at most 12 bytes) is always the smallest encoding.
    return new SourceIds(encodeRuns(new int[] {from, to}, 1), to - from);
  }

  /** The given ids (any order, duplicates ignored); each must be {@code >= 0}. */
  public static SourceIds of(int... ids) {
    int[] sorted = ids.clone();
    Arrays.sort(sorted);
    int n = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (sorted[i] < 0) {
        throw new IllegalArgumentException("Negative source id " + sorted[i]);
      }
      if (n == 0 || sorted[n - 1] != sorted[i]) {
        sorted[n++] = sorted[i];
      }
    }
    return fromSorted(Arrays.copyOf(sorted, n));
  }

  /** From strictly increasing, non-negative ids (not checked). */
  static SourceIds fromSorted(int[] ids) {
    int n = ids.length;
    // runs as [start, end) pairs
    int[] runs = new int[2 * Math.max(1, n)];
    int r = 0;
    for (int i = 0; i < n; i++) {
      if (r > 0 && runs[r - 1] == ids[i]) {
        runs[r - 1]++;
      } else {
        runs[r++] = ids[i];
        runs[r++] = ids[i] + 1;
      }
    }
    byte[] deltas = encodeDeltas(ids);
    byte[] best = deltas;
    byte[] byRuns = encodeRuns(runs, r / 2);
    if (byRuns.length < best.length) {
      best = byRuns;
    }
    if (n > 0 && ids[n - 1] - ids[0] < 8L * best.length) {
      byte[] bitmap = encodeBitmap(ids);
      if (bitmap.length < best.length) {
        best = bitmap;
      }
    }
    return new SourceIds(best, n);
  }

  private static byte[] encodeDeltas(int[] ids) {
    Out o = new Out(DELTAS);
    o.varint(ids.length);
    for (int i = 0; i < ids.length; i++) {
      o.varint(i == 0 ? ids[0] : ids[i] - ids[i - 1] - 1L);
    }
    return o.toByteArray();
  }

  private static byte[] encodeRuns(int[] runs, int nRuns) {
    Out o = new Out(RUNS);
    o.varint(nRuns);
    long prevEnd = 0;
    for (int i = 0; i < nRuns; i++) {
      o.varint(runs[2 * i] - prevEnd);
      o.varint(runs[2 * i + 1] - runs[2 * i] - 1L);
      prevEnd = runs[2 * i + 1];
    }
    return o.toByteArray();
  }

  private static byte[] encodeBitmap(int[] ids) {
    int base = ids[0];
    byte[] bits = new byte[(ids[ids.length - 1] - base) / 8 + 1];
    for (int id : ids) {
      bits[(id - base) >>> 3] |= (byte) (1 << ((id - base) & 7));
    }
    Out o = new Out(BITMAP);
    o.varint(base);
    o.varint(bits.length);
    o.write(bits, 0, bits.length);
    return o.toByteArray();
  }

  public int cardinality() {
    return cardinality;
  }

  public boolean isEmpty() {
    return cardinality == 0;
  }

  /** The encoded bytes (a copy). */
  public byte[] encoded() {
    return encoded.clone();
  }

  /** Bytes the encoding takes. */
  public int encodedLength() {
    return encoded.length;
  }

  /** Calls {@code action} with each id in increasing order. */
  public void forEach(IntConsumer action) {
    In in = new In(encoded);
    switch (in.kind) {
      case DELTAS -> {
        long n = in.varint();
        long id = -1;
        for (long i = 0; i < n; i++) {
          id += in.varint() + 1;
          action.accept((int) id);
        }
      }
      case RUNS -> {
        long n = in.varint();
        long end = 0;
        for (long i = 0; i < n; i++) {
          long start = end + in.varint();
          end = start + in.varint() + 1;
          for (long id = start; id < end; id++) {
            action.accept((int) id);
          }
        }
      }
      default -> {
        long base = in.varint();
        int len = (int) in.varint();
        for (int j = 0; j < len; j++) {
          int b = encoded[in.pos + j] & 0xFF;
          for (int k = 0; k < 8; k++) {
            if ((b & (1 << k)) != 0) {
              action.accept((int) (base + 8L * j + k));
            }
          }
        }
      }
    }
  }

  /** A range of ids {@code [start, end)}. */
  public interface RunConsumer {
    void accept(long start, long end);
  }

  /**
   * Calls {@code action} with runs of consecutive ids in increasing order, in time of the
   * encoding's bytes: a run of 2^31 ids is one call (runs of a crafted encoding may touch).
   */
  public void forEachRun(RunConsumer action) {
    In in = new In(encoded);
    if (in.kind == RUNS) {
      long n = in.varint();
      long end = 0;
      for (long i = 0; i < n; i++) {
        long start = end + in.varint();
        end = start + in.varint() + 1;
        action.accept(start, end);
      }
      return;
    }
    long[] run = {-1, -1};
    forEach(id -> {
      if (id != run[1]) {
        if (run[0] >= 0) {
          action.accept(run[0], run[1]);
        }
        run[0] = id;
      }
      run[1] = id + 1L;
    });
    if (run[0] >= 0) {
      action.accept(run[0], run[1]);
    }
  }

  /**
   * Sets the bit of every id in {@code bits}, a run at a time: a run of 2^31 ids (12 bytes of
   * a crafted store) costs a fill of words, not 2^31 calls.
   */
  public void addTo(java.util.BitSet bits) {
    forEachRun((start, end) -> {
      // BitSet ranges end before an int: the id Integer.MAX_VALUE is set on its own.
      bits.set((int) start, (int) Math.min(end, Integer.MAX_VALUE));
      if (end > Integer.MAX_VALUE) {
        bits.set(Integer.MAX_VALUE);
      }
    });
  }

  public boolean contains(int id) {
    In in = new In(encoded);
    switch (in.kind) {
      case RUNS -> {
        long n = in.varint();
        long end = 0;
        for (long i = 0; i < n; i++) {
          long start = end + in.varint();
          end = start + in.varint() + 1;
          if (id < start) {
            return false;
          }
          if (id < end) {
            return true;
          }
        }
        return false;
      }
      case BITMAP -> {
        long off = id - in.varint();
        long len = in.varint();
        return off >= 0 && off < 8 * len
            && (encoded[in.pos + (int) (off >>> 3)] & (1 << (off & 7))) != 0;
      }
      default -> {
        boolean[] found = {false};
        forEach(x -> found[0] |= x == id);
        return found[0];
      }
    }
  }

  /**
   * The smallest id of this set that {@code ids} holds, or -1: one pass over the encoding with
   * an early end, a bit-set probe a run (a range of a million ids costs one probe).
   */
  public int firstIn(java.util.BitSet ids) {
    In in = new In(encoded);
    switch (in.kind) {
      case RUNS -> {
        long n = in.varint();
        long end = 0;
        for (long i = 0; i < n; i++) {
          long start = end + in.varint();
          end = start + in.varint() + 1;
          int hit = ids.nextSetBit((int) start);
          if (hit >= 0 && hit < end) {
            return hit;
          }
        }
        return -1;
      }
      case DELTAS -> {
        long n = in.varint();
        long id = -1;
        for (long i = 0; i < n; i++) {
          id += in.varint() + 1;
          if (ids.get((int) id)) {
            return (int) id;
          }
        }
        return -1;
      }
      default -> {
        long base = in.varint();
        int len = (int) in.varint();
        for (int j = 0; j < len; j++) {
          int b = encoded[in.pos + j] & 0xFF;
          for (int k = 0; b != 0 && k < 8; k++) {
            if ((b & (1 << k)) != 0 && ids.get((int) (base + 8L * j + k))) {
              return (int) (base + 8L * j + k);
            }
          }
        }
        return -1;
      }
    }
  }

  public int[] toArray() {
    int[] out = new int[cardinality];
    int[] i = {0};
    forEach(id -> out[i[0]++] = id);
    return out;
  }

  public IntStream stream() {
    return IntStream.of(toArray());
  }

  /** The union of two sets. */
  public SourceIds or(SourceIds other) {
    int[] a = toArray();
    int[] b = other.toArray();
    int[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return of(all);
  }

  /** Writes the set as a varint byte length followed by its encoding. */
  public void write(DataOutput out) throws IOException {
    writeVarint(out, encoded.length);
    out.write(encoded);
  }

  /**
   * Reads a set written by {@link #write}, checking it completely (untrusted input).
   *
   * @param maxBytes the longest encoding accepted
   * @throws IOException naming what is wrong; the caller adds the file
   */
  public static SourceIds read(DataInput in, int maxBytes) throws IOException {
    long len = readVarint(in);
    if (len < 1 || len > maxBytes) {
      throw new IOException("source id set of " + len + " bytes; 1 to " + maxBytes
          + " are accepted");
    }
    byte[] b = new byte[(int) len];
    in.readFully(b);
    return decode(b);
  }

  /** Checks and wraps an encoding; rejects ids beyond int, trailing bytes and unknown kinds. */
  public static SourceIds decode(byte[] b) throws IOException {
    try {
      In in = new In(b);
      long count = 0;
      long last = -1;
      switch (in.kind) {
        case DELTAS -> {
          long n = in.varint();
          if (n < 0 || n > b.length) {
            throw new IOException("source id set claims " + n + " ids in " + b.length
                + " bytes");
          }
          for (long i = 0; i < n; i++) {
            last += gap(in.varint()) + 1;
            checkId(last);
          }
          count = n;
        }
        case RUNS -> {
          long n = in.varint();
          if (n < 0 || n > b.length) {
            throw new IOException("source id set claims " + n + " runs in " + b.length
                + " bytes");
          }
          long end = 0;
          for (long i = 0; i < n; i++) {
            long start = end + gap(in.varint());
            checkId(start);
            end = start + gap(in.varint()) + 1;
            checkId(end - 1);
            count += end - start;
          }
          if (count > Integer.MAX_VALUE) {
            throw new IOException("source id set claims " + count + " ids, more than an int");
          }
        }
        case BITMAP -> {
          long base = in.varint();
          checkId(base);
          long len = in.varint();
          if (len > b.length - in.pos || len <= 0) {
            throw new IOException("source id bitmap of " + len + " bytes does not fit");
          }
          checkId(base + 8 * len - 1);
          for (int j = 0; j < len; j++) {
            count += Integer.bitCount(b[in.pos + j] & 0xFF);
          }
          in.pos += (int) len;
        }
        default -> throw new IOException("unknown source id set kind " + in.kind);
      }
      if (in.pos != b.length) {
        throw new IOException("source id set has " + (b.length - in.pos) + " trailing bytes");
      }
      return new SourceIds(b, (int) count);
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new IOException("source id set truncated", e);
    }
  }

  /**
   * A gap or run length as read: never negative in what {@link Out} writes, and refused when
   * negative so ids stay sorted, distinct and counted right (a crafted store could otherwise
   * give a set whose cardinality disagrees with its ids).
   */
  private static long gap(long v) throws IOException {
    if (v < 0) {
      throw new IOException("source id set holds a negative gap or length " + v);
    }
    return v;
  }

  private static void checkId(long id) throws IOException {
    if (id > Integer.MAX_VALUE || id < 0) {
      throw new IOException("source id " + id + " does not fit an int");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SourceIds s && Arrays.equals(encoded, s.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return cardinality > 64 ? cardinality + " ids (" + encoded.length + " bytes)"
        : Arrays.toString(toArray());
  }

  static void writeVarint(DataOutput out, long v) throws IOException {
    while ((v & ~0x7FL) != 0) {
      out.writeByte((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.writeByte((int) v);
  }

  static long zigZag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  static long readVarint(DataInput in) throws IOException {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.readByte() & 0xFF;
      result |= (long) (b & 0x7F) << shift;
      if (b < 0x80) {
        return result;
      }
    }
    throw new IOException("varint longer than 10 bytes");
  }

  private static final class Out extends ByteArrayOutputStream {
    Out(int kind) {
      super(16);
      write(kind);
    }

    void varint(long v) {
      while ((v & ~0x7FL) != 0) {
        write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      write((int) v);
    }
  }

  private static final class In {
    final byte[] b;
    final int kind;
    int pos = 1;

    In(byte[] b) {
      this.b = b;
      this.kind = b[0];
    }

    long varint() throws ArrayIndexOutOfBoundsException {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int x = b[pos++] & 0xFF;
        result |= (long) (x & 0x7F) << shift;
        if (x < 0x80) {
          return result;
        }
      }
      throw new ArrayIndexOutOfBoundsException("varint too long");
    }
  }
}
