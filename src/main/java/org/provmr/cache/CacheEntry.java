package org.provmr.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IOUtils;
import org.apache.hadoop.mapred.IFileInputStream;
import org.apache.hadoop.mapred.IndexRecord;

/**
 * One cache entry: the final map output of one split under one map step, as one file.
 *
 * <pre>
 * int magic "PMRC", int version, int header length,
 * header: UTF map step key, UTF split key, int source id, UTF source uri, long start,
 *         long length, UTF compression codec ("" for none), int partitions,
 *         per partition: long offset, long raw length, long segment length;
 *         version 2 adds: long file length and long modification time of the source file
 *         when the entry was written, UTF record positions ("bytes" or "ordinal")
 * int CRC32 of the header
 * the map output file as the map task wrote it: one IFile segment per partition, each ending
 * in Hadoop's own IFile checksum
 * </pre>
 *
 * The header's CRC covers what the entry claims to be; each segment's IFile checksum covers its
 * records, checked before any of them is replayed. Entries are read from a directory anyone
 * with write access could have changed, so every length is bounded and checked against the
 * file's size.
 */
final class CacheEntry {
  static final int MAGIC = 0x504d5243;
  static final int VERSION = 2;
  /** Entries of version 1 (no file status, no positions) are still read for recompute. */
  static final int OLDEST_VERSION = 1;
  /** What a version 1 entry does not know. */
  static final long UNKNOWN = -1;
  /** Far above any job's reduce count, far below what would exhaust a task's memory. */
  static final int MAX_PARTITIONS = 1 << 20;
  private static final int MAX_HEADER = 64 + 24 * MAX_PARTITIONS + 4 * 65536;

  /** What an entry says about itself. */
  record Header(String stepKey, String splitKey, int sourceId, String uri, long start,
      long length, String codec, IndexRecord[] partitions, long fileLength,
      long modificationTime, String positions) {

    /** Whether the split reached the end of its file when the entry was written. */
    boolean endedAtEof() {
      return fileLength != UNKNOWN && start + length >= fileLength;
    }

    long dataLength() {
      long end = 0;
      for (IndexRecord r : partitions) {
        end = Math.max(end, r.startOffset + r.partLength);
      }
      return end;
    }
  }

  /** An entry that failed a check: the reason names the file and what is wrong. */
  static final class BadEntryException extends IOException {
    private static final long serialVersionUID = 1L;

    BadEntryException(String message) {
      super(message);
    }
  }

  private CacheEntry() {
  }

  /** Writes header and data to {@code file} (a temporary name: the caller renames it). */
  static long write(FileSystem fs, Path file, Header h, InputStream data) throws IOException {
    byte[] header = encode(h);
    CRC32 crc = new CRC32();
    crc.update(header);
    try (FSDataOutputStream out = fs.create(file, true)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(header.length);
      out.write(header);
      out.writeInt((int) crc.getValue());
      IOUtils.copyBytes(data, out, 65536, false);
      return out.getPos();
    }
  }

  static byte[] encode(Header h) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(h.stepKey());
      out.writeUTF(h.splitKey());
      out.writeInt(h.sourceId());
      out.writeUTF(h.uri());
      out.writeLong(h.start());
      out.writeLong(h.length());
      out.writeUTF(h.codec());
      out.writeInt(h.partitions().length);
      for (IndexRecord r : h.partitions()) {
        out.writeLong(r.startOffset);
        out.writeLong(r.rawLength);
        out.writeLong(r.partLength);
      }
      out.writeLong(h.fileLength());
      out.writeLong(h.modificationTime());
      out.writeUTF(h.positions() == null ? "" : h.positions());
    }
    return bytes.toByteArray();
  }

  /**
   * Reads and checks the header; the stream is left at the start of the data. The data must
   * be exactly as long as the header says.
   */
  static Header readHeader(FSDataInputStream in, long fileLength, Path path) throws IOException {
    if (fileLength < 16) {
      throw new BadEntryException(path + ": " + fileLength + " bytes is too short for an entry");
    }
    int magic = in.readInt();
    int version = in.readInt();
    if (magic != MAGIC || version < OLDEST_VERSION || version > VERSION) {
      throw new BadEntryException(path + ": not a version " + OLDEST_VERSION + "-" + VERSION + " cache entry (magic "
          + Integer.toHexString(magic) + ", version " + version + ")");
    }
    int length = in.readInt();
    if (length < 0 || length > MAX_HEADER || length > fileLength - 16) {
      throw new BadEntryException(path + ": header length " + length + " out of range");
    }
    byte[] header = new byte[length];
    in.readFully(header);
    int stored = in.readInt();
    CRC32 crc = new CRC32();
    crc.update(header);
    if (stored != (int) crc.getValue()) {
      throw new BadEntryException(path + ": header checksum mismatch");
    }
    Header h = decode(header, version, path);
    long dataStart = 16L + length;
    if (fileLength - dataStart != h.dataLength()) {
      throw new BadEntryException(path + ": " + (fileLength - dataStart) + " data bytes, the"
          + " header says " + h.dataLength());
    }
    return h;
  }

  private static Header decode(byte[] header, int version, Path path) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(header))) {
      String step = in.readUTF();
      String split = in.readUTF();
      int source = in.readInt();
      String uri = in.readUTF();
      long start = in.readLong();
      long length = in.readLong();
      String codec = in.readUTF();
      int n = in.readInt();
      if (n < 0 || n > MAX_PARTITIONS) {
        throw new BadEntryException(path + ": " + n + " partitions out of range");
      }
      IndexRecord[] parts = new IndexRecord[n];
      for (int i = 0; i < n; i++) {
        parts[i] = new IndexRecord(in.readLong(), in.readLong(), in.readLong());
        if (parts[i].startOffset < 0 || parts[i].partLength < 0 || parts[i].rawLength < 0) {
          throw new BadEntryException(path + ": negative offset or length of partition " + i);
        }
      }
      long fileLength = UNKNOWN;
      long modified = UNKNOWN;
      String positions = "";
      if (version >= 2) {
        fileLength = in.readLong();
        modified = in.readLong();
        positions = in.readUTF();
      }
      return new Header(step, split, source, uri, start, length, codec, parts, fileLength,
          modified, positions);
    } catch (java.io.EOFException e) {
      throw new BadEntryException(path + ": header ends early");
    }
  }

  /**
   * Reads partition {@code p}'s segment to its end, which makes Hadoop's IFile stream verify
   * its checksum; a mismatch or a short segment is a BadEntryException.
   */
  static void verifySegment(Configuration conf, FileSystem fs, Path path, long dataStart,
      Header h, int p) throws IOException {
    try (FSDataInputStream in = fs.open(path)) {
      verifySegment(conf, in, path, dataStart, h, p);
    }
  }

  /** As above, reading {@code in}, an open stream of {@code path} (left open). */
  static void verifySegment(Configuration conf, FSDataInputStream in, Path path, long dataStart,
      Header h, int p) throws IOException {
    IndexRecord r = h.partitions()[p];
    try {
      in.seek(dataStart + r.startOffset);
      IFileInputStream checked = new IFileInputStream(in, r.partLength, conf);
      byte[] buf = new byte[65536];
      while (checked.read(buf, 0, buf.length) > 0) {
        // reading to the end is the check
      }
    } catch (org.apache.hadoop.fs.ChecksumException | java.io.EOFException e) {
      throw new BadEntryException(path + ": partition " + p + " fails its checksum ("
          + e.getMessage() + ")");
    }
  }

  static long dataStart(FSDataInputStream in) throws IOException {
    return in.getPos();
  }
}
