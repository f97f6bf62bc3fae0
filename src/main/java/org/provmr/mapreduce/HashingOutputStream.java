package org.provmr.mapreduce;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.provmr.header.PayloadHasher;

/** Checksums every byte on its way to the file, so the whole-part checksum costs no re-read. */
final class HashingOutputStream extends FilterOutputStream {
  private final PayloadHasher hasher;
  private final byte[] one = new byte[1];

  HashingOutputStream(OutputStream out, PayloadHasher hasher) {
    super(out);
    this.hasher = hasher;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    one[0] = (byte) b;
    hasher.update(one, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    hasher.update(b, off, len);
  }
}
