package org.provmr.mapreduce;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.provmr.header.PayloadHasher;
import org.provmr.store.PartMac;

/**
 * Buffers the record writer's output and checksums it on its way to the file, so the
 * whole-part checksum (and in keyed mode the part's MACs) cost no re-read.
 *
 * <p>It is its own buffer, without locks: the SequenceFile writer emits many small writes per
 * record (two ints a byte at a time, the key, header and value), and a
 * {@code java.io.BufferedOutputStream} in this place took a monitor on each of them (JFR:
 * bench/README.md). The hashers see the bytes in buffer-sized chunks. One thread writes a
 * part; like the stream it replaces, this class is not for sharing.
 */
final class HashingOutputStream extends OutputStream {
  static final int BUFFER = 1 << 16;

  private final OutputStream out;
  private final PayloadHasher hasher;
  private final PartMac mac;
  private final byte[] buf = new byte[BUFFER];
  private int count;
  private long passed;

  /** @param mac keyed mode's part MAC, or null */
  HashingOutputStream(OutputStream out, PayloadHasher hasher, PartMac mac) {
    this.out = out;
    this.hasher = hasher;
    this.mac = mac;
  }

  /** The bytes written so far: where the next one goes in the file. */
  long position() {
    return passed + count;
  }

  /**
   * This stream as the FSDataOutputStream a SequenceFile writer takes, its position this
   * stream's own. The record writer writes its records here directly, past the
   * FSDataOutputStream: that is a synchronized DataOutputStream, a position counter and the
   * file system's statistics, one more chain of calls per record for every task JVM's JIT to
   * compile (bench/README.md). The position the SequenceFile writer reads (getLength, sync)
   * still counts those records.
   */
  FSDataOutputStream asFsStream() throws IOException {
    return new Positioned(this);
  }

  private static final class Positioned extends FSDataOutputStream {
    private final HashingOutputStream hashing;

    Positioned(HashingOutputStream hashing) throws IOException {
      super(hashing, null);
      this.hashing = hashing;
    }

    @Override
    public long getPos() {
      return hashing.position();
    }
  }

  @Override
  public void write(int b) throws IOException {
    if (count == buf.length) {
      drain();
    }
    buf[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (len > buf.length - count) {
      drain();
      if (len >= buf.length) {
        pass(b, off, len);
        return;
      }
    }
    System.arraycopy(b, off, buf, count, len);
    count += len;
  }

  @Override
  public void flush() throws IOException {
    drain();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    try (OutputStream o = out) {
      drain();
    }
  }

  private void drain() throws IOException {
    if (count > 0) {
      pass(buf, 0, count);
      count = 0;
    }
  }

  private void pass(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    passed += len;
    hasher.update(b, off, len);
    if (mac != null) {
      mac.update(b, off, len);
    }
  }
}
