package org.provmr.header;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * Computes a record payload's checksum. Reusable and allocation-free per record: call
 * {@link #update} any number of times, then {@link #finish}, which also resets it. Not
 * thread-safe. Obtain one from {@link ChecksumAlgorithm#newHasher()}.
 */
public final class PayloadHasher {

  private final ChecksumAlgorithm algorithm;
  // Exactly one of the two is set: CRCs and digests have different JDK interfaces.
  private final Checksum crc;
  private final MessageDigest digest;

  PayloadHasher(ChecksumAlgorithm algorithm) {
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    switch (algorithm) {
      case CRC32C:
        crc = new CRC32C();
        digest = null;
        break;
      case CRC32:
        crc = new CRC32();
        digest = null;
        break;
      case SHA256:
        crc = null;
        digest = sha256();
        break;
      default:
        throw new IllegalStateException("no hasher for " + algorithm);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256, so this is a broken JRE, not bad input.
      throw new IllegalStateException("this JRE provides no SHA-256", e);
    }
  }

  /** The algorithm this hasher computes. */
  public ChecksumAlgorithm algorithm() {
    return algorithm;
  }

  /** Discards everything hashed since the last {@link #finish} or reset. */
  public void reset() {
    if (crc != null) {
      crc.reset();
    } else {
      digest.reset();
    }
  }

  /** Adds {@code len} bytes of {@code b} starting at {@code off}. */
  public void update(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    if (crc != null) {
      crc.update(b, off, len);
    } else {
      digest.update(b, off, len);
    }
  }

  /**
   * Writes the checksum ({@link ChecksumAlgorithm#length()} bytes; CRCs big-endian) into
   * {@code out} at {@code off} and resets the hasher.
   *
   * @return the number of bytes written
   */
  public int finish(byte[] out, int off) {
    int n = algorithm.length();
    Objects.checkFromIndexSize(off, n, out.length);
    if (crc != null) {
      int v = (int) crc.getValue();
      out[off] = (byte) (v >>> 24);
      out[off + 1] = (byte) (v >>> 16);
      out[off + 2] = (byte) (v >>> 8);
      out[off + 3] = (byte) v;
      crc.reset();
    } else {
      try {
        digest.digest(out, off, n); // also resets the digest
      } catch (DigestException e) {
        // The bounds were checked above, so the JRE broke its own contract.
        throw new IllegalStateException("SHA-256 digest failed", e);
      }
    }
    return n;
  }
}
