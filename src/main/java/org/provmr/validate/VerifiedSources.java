package org.provmr.validate;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileChecksum;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.io.UntrustedFiles;
import org.provmr.store.SourceEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source-fingerprint cache: when validation last read a source range and found it equal to
 * its fingerprint, with the file's length, modification time and file-system checksum (where
 * the file system offers one: HDFS's MD5-of-CRCs; none on the local one) at that moment. A
 * later validation within {@code provenance.validate.reverify.period} trusts a range whose
 * file still has that status instead of reading it again; {@code --deep} always reads.
 *
 * <p>What this trades: a change that leaves length, modification time and file checksum alone
 * (bit rot on a disk, a deliberate write that resets the time on a file system without
 * checksums) is found at the next read after the period, or on HDFS by its own block scanner
 * and checksummed reads, not by this validation. Records live under {@code
 * <provenance.cache.dir>/sources/v1/}, one small file per range, written atomically; a record
 * that is damaged, foreign or unreadable means reading the range, never trusting it.
 */
final class VerifiedSources {
  private static final Logger LOG = LoggerFactory.getLogger(VerifiedSources.class);
  private static final int MAGIC = 0x504d5256; // "PMRV"
  private static final int MAX_RECORD = 64 * 1024;

  private final FileSystem fs;
  private final Path dir;
  private final long period;

  private VerifiedSources(FileSystem fs, Path dir, long period) {
    this.fs = fs;
    this.dir = dir;
    this.period = period;
  }

  /** The cache for this validation, or null: off, under --deep, or no cache directory. */
  static VerifiedSources of(Configuration conf) {
    long period = Durations.parse(ProvenanceKeys.VALIDATE_REVERIFY_PERIOD,
        conf.getTrimmed(ProvenanceKeys.VALIDATE_REVERIFY_PERIOD,
            ProvenanceKeys.VALIDATE_REVERIFY_PERIOD_DEFAULT));
    String cache = conf.getTrimmed(ProvenanceKeys.CACHE_DIR, ProvenanceKeys.CACHE_DIR_DEFAULT);
    if (period == Durations.OFF || period <= 0 || cache.isEmpty() || ValidationJob.isDeep(conf)) {
      return null;
    }
    try {
      Path dir = new Path(cache, "sources/v1");
      FileSystem fs = dir.getFileSystem(conf);
      // The validation writes and deletes records here with its own rights: a link a job
      // owner put in the cache would have it write into the directory the link names.
      if (UntrustedFiles.isLocalLink(fs, dir.getParent()) || UntrustedFiles.isLocalLink(fs, dir)) {
        LOG.warn("Source-fingerprint cache {} not used: {} or {} is a symbolic link (remove"
            + " it); every range is read", cache, dir.getParent(), dir);
        return null;
      }
      return new VerifiedSources(fs, dir, period);
    } catch (IOException e) {
      LOG.warn("Source-fingerprint cache {} not used ({}): every range is read", cache,
          e.toString());
      return null;
    }
  }

  /** What a record says: the range's identity, the file's status, when it was verified. */
  private record Verified(String uri, long start, long length, String algorithm,
      String fingerprint, long fileLength, long modificationTime, String fileChecksum,
      long verifiedAt) {
  }

  /**
   * Whether every entry of {@code group} (one range, recorded by one or more outputs) was
   * verified within the period, against a file with this very status and checksum.
   */
  boolean unchanged(FileSystem sourceFs, Path path, FileStatus status, List<SourceEntry> group,
      long now) {
    SourceEntry first = group.get(0);
    Verified v = read(first);
    if (v == null || now - v.verifiedAt() > period || v.verifiedAt() > now
        || v.fileLength() != status.getLen()
        || v.modificationTime() != status.getModificationTime()) {
      return false;
    }
    for (SourceEntry e : group) {
      if (!v.fingerprint().equals(e.fingerprint())) {
        return false;
      }
    }
    return v.fileChecksum().equals(fileChecksum(sourceFs, path));
  }

  /** Records that the range was read just now and matched the fingerprint. */
  void verified(FileSystem sourceFs, Path path, FileStatus status, SourceEntry e, long now) {
    Verified v = new Verified(e.uri(), e.start(), e.length(), e.fingerprintAlgorithm(),
        e.fingerprint(), status.getLen(), status.getModificationTime(),
        fileChecksum(sourceFs, path), now);
    Path file = file(e);
    Path tmp = new Path(file.getParent(), "." + file.getName() + "." + Long.toHexString(
        Double.doubleToLongBits(Math.random())) + ".tmp");
    try {
      byte[] body = encode(v);
      CRC32 crc = new CRC32();
      crc.update(body);
      try (FSDataOutputStream out = fs.create(tmp, true)) {
        out.writeInt(MAGIC);
        out.writeInt(body.length);
        out.write(body);
        out.writeInt((int) crc.getValue());
      }
      fs.delete(file, false); // rename does not overwrite on every file system
      if (!fs.rename(tmp, file)) {
        fs.delete(tmp, false);
      }
    } catch (IOException | RuntimeException ex) {
      LOG.debug("Verification of {} {}+{} not recorded: {}", e.uri(), e.start(), e.length(),
          ex.toString());
    }
  }

  private Verified read(SourceEntry e) {
    Path file = file(e);
    try {
      // Jobs write the cache directory: a FIFO here would block the validation's open, and a
      // link would make the verdict rest on a file outside the cache.
      UntrustedFiles.requireRegularFile(fs, file);
    } catch (IOException | RuntimeException ex) {
      return null; // none yet, or not a regular file: read the range
    }
    try (FSDataInputStream in = fs.open(file)) {
      if (in.readInt() != MAGIC) {
        return null;
      }
      int n = in.readInt();
      if (n <= 0 || n > MAX_RECORD) {
        return null;
      }
      byte[] body = new byte[n];
      in.readFully(body);
      CRC32 crc = new CRC32();
      crc.update(body);
      if (in.readInt() != (int) crc.getValue()) {
        return null;
      }
      Verified v = decode(body);
      // The record must be this range's: a record is a file anyone with access could copy.
      return v.uri().equals(e.uri()) && v.start() == e.start() && v.length() == e.length()
          && v.algorithm().equals(e.fingerprintAlgorithm()) ? v : null;
    } catch (IOException | RuntimeException ex) {
      return null; // none yet, or unusable: read the range
    }
  }

  private Path file(SourceEntry e) {
    try {
      byte[] key = MessageDigest.getInstance("SHA-256").digest((e.uri() + "\n" + e.start()
          + "\n" + e.length() + "\n" + e.fingerprintAlgorithm()).getBytes(
              StandardCharsets.UTF_8));
      return new Path(dir, HexFormat.of().formatHex(key));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
    }
  }

  /** The file system's checksum of the whole file, "" when it offers none. */
  private static String fileChecksum(FileSystem sourceFs, Path path) {
    try {
      FileChecksum c = sourceFs.getFileChecksum(path);
      return c == null ? "" : c.getAlgorithmName() + ":" + HexFormat.of().formatHex(
          c.getBytes());
    } catch (IOException | RuntimeException e) {
      return "unavailable:" + System.nanoTime(); // never equal: read the range
    }
  }

  private static byte[] encode(Verified v) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(v.uri());
      out.writeLong(v.start());
      out.writeLong(v.length());
      out.writeUTF(v.algorithm());
      out.writeUTF(v.fingerprint());
      out.writeLong(v.fileLength());
      out.writeLong(v.modificationTime());
      out.writeUTF(v.fileChecksum());
      out.writeLong(v.verifiedAt());
    }
    return bytes.toByteArray();
  }

  private static Verified decode(byte[] body) throws IOException {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(body))) {
      return new Verified(in.readUTF(), in.readLong(), in.readLong(), in.readUTF(),
          in.readUTF(), in.readLong(), in.readLong(), in.readUTF(), in.readLong());
    }
  }
}
