package org.provmr.store;

import org.apache.hadoop.util.CrcUtil;

/**
 * The CRC of A followed by B from the CRCs of A and B and B's length, with Hadoop's
 * {@link CrcUtil} (as HDFS composes block CRCs; CompositeCrcRange uses it too). The monomial of
 * the last length is kept, since all chunks of a fingerprint but the last have the same length.
 * Not thread-safe: one per reader ({@link LocalReads}, {@link CrcTwinFingerprints}).
 */
final class CrcConcat {
  private final int polynomial;
  private long monomialBytes = -1;
  private int monomial;

  /** @param polynomial {@link CrcUtil#GZIP_POLYNOMIAL} or {@link CrcUtil#CASTAGNOLI_POLYNOMIAL} */
  CrcConcat(int polynomial) {
    this.polynomial = polynomial;
  }

  int of(int crcA, int crcB, long lengthB) {
    if (lengthB != monomialBytes) {
      monomial = CrcUtil.getMonomial(lengthB, polynomial);
      monomialBytes = lengthB;
    }
    return CrcUtil.composeWithMonomial(crcA, crcB, monomial, polynomial);
  }
}
