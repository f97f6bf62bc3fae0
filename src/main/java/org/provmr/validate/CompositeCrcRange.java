package org.provmr.validate;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CompositeCrcFileChecksum;
import org.apache.hadoop.fs.FileChecksum;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.CrcUtil;
import org.provmr.store.Fingerprints;

/**
 * The CRC32C of a byte range of a file, composed by the file system from the checksums it
 * already stores, without the range's bytes leaving the datanodes.
 *
 * <p>HDFS keeps a CRC per 512 bytes of every block. With {@code
 * dfs.checksum.combine.mode=COMPOSITE_CRC}, {@code getFileChecksum(path, n)} returns the CRC of
 * the file's first {@code n} bytes: each datanode composes its block's stored chunk CRCs and
 * reads only the last partial chunk (under 512 bytes) when {@code n} is not chunk-aligned
 * (BlockChecksumHelper.computeCompositeCrc). CRCs compose linearly, so the CRC of {@code [s,
 * s+n)} is {@code P(s+n) xor P(s)·x^(8n)} over GF(2) mod the CRC polynomial, with {@code P}
 * the prefix CRCs: two calls, a few RPCs per block. This matches a capture-side CRC32C
 * fingerprint (java.util.zip.CRC32C) exactly when the file's own checksum type is CRC32C, the
 * HDFS default; for anything else (CRC32 files, other file systems, the local one) {@link
 * #crc32c} says so by returning null and the caller reads the bytes.
 */
final class CompositeCrcRange implements Closeable {
  static final String COMBINE_MODE = "dfs.checksum.combine.mode";
  private static final String ALGORITHM = "COMPOSITE-CRC32C";

  private final Configuration conf;
  // Own instances: the combine mode is read when a DFS client is created, and the cached
  // file system of this URI may have been created with another mode.
  private final Map<URI, FileSystem> instances = new HashMap<>();

  CompositeCrcRange(Configuration conf) {
    this.conf = new Configuration(conf);
    this.conf.set(COMBINE_MODE, "COMPOSITE_CRC");
  }

  /** Whether a file system of this scheme may compose range CRCs (HDFS and its relatives). */
  static boolean mayCompose(FileSystem fs) {
    String scheme = fs.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("hdfs") || scheme.equals("viewfs");
  }

  /**
   * The CRC32C of {@code [start, start+length)} of {@code path} as 8 hex digits (the form of a
   * CRC32C fingerprint), or null when the file system does not compose CRC32C for this file.
   */
  String crc32c(FileSystem fs, Path path, long start, long length) throws IOException {
    if (!mayCompose(fs) || start < 0 || length < 0) {
      return null;
    }
    FileSystem composing = instances.get(fs.getUri());
    if (composing == null) {
      composing = FileSystem.newInstance(fs.getUri(), conf);
      instances.put(fs.getUri(), composing);
    }
    Integer end = prefix(composing, path, start + length);
    if (end == null) {
      return null;
    }
    int crc = end;
    if (start > 0 && length > 0) {
      Integer head = prefix(composing, path, start);
      if (head == null) {
        return null;
      }
      // P(s+n) = P(s)·x^(8n) xor CRC(range): compose(P(s), 0, n) is the first term.
      crc = end ^ CrcUtil.compose(head, 0, length, CrcUtil.CASTAGNOLI_POLYNOMIAL);
    } else if (length == 0) {
      crc = 0; // the CRC32C of no bytes
    }
    return Fingerprints.crcHex(crc);
  }

  private static Integer prefix(FileSystem fs, Path path, long length) throws IOException {
    FileChecksum c = fs.getFileChecksum(path, length);
    if (!(c instanceof CompositeCrcFileChecksum) || !ALGORITHM.equals(c.getAlgorithmName())) {
      return null;
    }
    return CrcUtil.readInt(c.getBytes(), 0);
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (FileSystem fs : instances.values()) {
      try {
        fs.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    instances.clear();
    if (first != null) {
      throw first;
    }
  }
}
