package org.provmr.mapreduce;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.provmr.header.PayloadHasher;
import org.provmr.store.PartMac;

/**
 * Checksums every byte on its way to the file, so the whole-part checksum (and in keyed mode
 * the part's MACs) cost no re-read.
 */
final class HashingOutputStream extends FilterOutputStream {
  private final PayloadHasher hasher;
  private final PartMac mac;
  private final byte[] one = new byte[1];

  /** @param mac keyed mode's part MAC, or null */
  HashingOutputStream(OutputStream out, PayloadHasher hasher, PartMac mac) {
    super(out);
    this.hasher = hasher;
    this.mac = mac;
  }

  @Override
  public void write(int b) throws IOException {
    one[0] = (byte) b;
    write(one, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    hasher.update(b, off, len);
    if (mac != null) {
      mac.update(b, off, len);
    }
  }
}
