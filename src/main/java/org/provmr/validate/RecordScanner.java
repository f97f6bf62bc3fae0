package org.provmr.validate;

import java.io.EOFException;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.BlockMissingException;
import org.provmr.io.BoundedSequenceFileReader;
import org.provmr.io.FramingException;
import org.provmr.io.Interrupts;
import org.provmr.io.UntrustedFiles;
import org.provmr.mapreduce.PartIdentity;
import org.provmr.mapreduce.ProvenanceWritable;

/**
 * Reads a provenance part record by record as raw bytes (serialized key; header followed by
 * serialized value), with each record's index and byte offset, and says where and why reading
 * stopped if the file is damaged.
 *
 * <p>Records are framed by {@link BoundedSequenceFileReader}, so a corrupt length is reported
 * instead of making the reader allocate gigabytes, for every container layout (uncompressed,
 * record- and block-compressed); a part that is not a regular file is not opened.
 */
final class RecordScanner {
  /** A scan asks whether its thread was interrupted every this many records (a power of 2). */
  static final int CHECK_RECORDS = 4096;
  /** ... and every this many bytes read. */
  static final long CHECK_BYTES = 1 << 20;

  /** Called for each record that could be framed. Buffers are valid until the next call. */
  interface Visitor {
    void record(long index, long offset, byte[] key, int keyLength, byte[] value,
        int valueLength) throws IOException;
  }

  /**
   * How a scan ended.
   *
   * @param records records framed and visited
   * @param bytes bytes of the file read
   * @param problem null for a clean end, else {@code truncated} or {@code unreadable}
   * @param problemOffset where reading stopped
   * @param message what was wrong
   */
  record Result(long records, long bytes, String problem, long problemOffset, String message) {
  }

  /**
   * The identity in the file's SequenceFile metadata, or null when its header cannot be read
   * (damage the scan reports). Access problems are thrown.
   */
  PartIdentity identity(Configuration conf, Path file) throws IOException {
    try {
      return PartIdentity.read(conf, file);
    } catch (FramingException | EOFException | ChecksumException | BlockMissingException
        | UntrustedFiles.NotRegularFileException e) {
      return null;
    } catch (IOException e) {
      Interrupts.rethrowIfInterrupted(e, file);
      if (isAccessProblem(e)) {
        throw e;
      }
      return null;
    }
  }

  /**
   * Scans {@code file}. Damage is a result, not an exception; an IOException means the file
   * could not be read for another reason (permissions, an unreachable cluster).
   *
   * @param expectedBytes the file's length when written, to tell truncation from corruption
   */
  Result scan(Configuration conf, Path file, long expectedBytes, Visitor visitor)
      throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    long length;
    try {
      length = UntrustedFiles.requireRegularFile(fs, file).getLen();
    } catch (UntrustedFiles.NotRegularFileException e) {
      return new Result(0, 0, "unreadable", 0, e.getMessage());
    }
    String cut = length < expectedBytes ? "truncated" : "unreadable";
    long index = 0;
    long pos = 0;
    try (BoundedSequenceFileReader reader = new BoundedSequenceFileReader(conf, file)) {
      if (!ProvenanceWritable.class.getName().equals(reader.header().valueClass())) {
        return new Result(0, length, "unreadable", 0, file + " holds "
            + reader.header().valueClass() + " values, not provenance records");
      }
      pos = reader.position();
      long askAt = pos;
      while (reader.next()) {
        // Every MiB or 4,096 records: a volatile read, where a clock would cost per record.
        if ((index & (CHECK_RECORDS - 1)) == 0 || pos >= askAt) {
          Interrupts.check(file);
          askAt = pos + CHECK_BYTES;
        }
        visitor.record(index, reader.recordStart(), reader.key(), reader.keyLength(),
            reader.value(), reader.valueLength());
        index++;
        pos = reader.position();
      }
      return new Result(index, length, null, pos, null);
    } catch (FramingException e) {
      return new Result(index, e.endOfFile() ? length : e.offset(),
          e.endOfFile() ? cut : "unreadable", e.offset(), e.reason());
    } catch (ChecksumException | BlockMissingException e) {
      return new Result(index, pos, "unreadable", pos, "the file system cannot read the bytes"
          + " after byte " + pos + ": " + e.getMessage());
    } catch (IOException e) {
      // Stopped (the service's time limit), not damage: a channel an interrupt closed, or
      // this scan's own check.
      Interrupts.rethrowIfInterrupted(e, file);
      if (isAccessProblem(e)) {
        throw e;
      }
      return new Result(index, pos, "unreadable", pos, "cannot read the record or block at"
          + " byte " + pos + ": " + e.getMessage());
    }
  }

  private static boolean isAccessProblem(IOException e) {
    return e instanceof org.apache.hadoop.security.AccessControlException
        || String.valueOf(e.getMessage()).contains("Permission denied");
  }
}
