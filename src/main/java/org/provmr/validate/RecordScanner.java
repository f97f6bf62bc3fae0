package org.provmr.validate;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.BlockMissingException;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.SequenceFile;
import org.provmr.mapreduce.PartIdentity;
import org.provmr.mapreduce.ProvenanceWritable;

/**
 * Reads a provenance part record by record as raw bytes (serialized key; header followed by
 * serialized value), with each record's index and byte offset, and says where and why reading
 * stopped if the file is damaged.
 *
 * <p>Uncompressed parts (the default container) are parsed here rather than by
 * SequenceFile.Reader, so a corrupt record length is reported instead of making the reader
 * allocate gigabytes; compressed parts go through {@code SequenceFile.Reader.nextRaw}.
 */
final class RecordScanner {
  private static final int BUFFER = 1 << 20;
  private static final int SYNC_SIZE = 16;

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

  private byte[] key = new byte[256];
  private byte[] value = new byte[1024];

  /**
   * Scans {@code file}. Damage is a result, not an exception; an IOException means the file
   * could not be read for another reason (permissions, an unreachable cluster).
   *
   * @param expectedBytes the file's length when written, to tell truncation from corruption
   */
  Result scan(Configuration conf, Path file, long expectedBytes, Visitor visitor)
      throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    long length = fs.getFileStatus(file).getLen();
    long headerEnd;
    boolean compressed;
    try (SequenceFile.Reader reader = new SequenceFile.Reader(conf,
        SequenceFile.Reader.file(file))) {
      if (!ProvenanceWritable.class.getName().equals(reader.getValueClassName())) {
        return new Result(0, length, "unreadable", 0, file + " holds "
            + reader.getValueClassName() + " values, not provenance records");
      }
      compressed = reader.isCompressed();
      headerEnd = reader.getPosition();
      if (compressed) {
        return scanCompressed(reader, length, expectedBytes, visitor);
      }
    } catch (EOFException e) {
      return new Result(0, length, length < expectedBytes ? "truncated" : "unreadable", 0,
          "the SequenceFile header is cut short (" + length + " bytes)");
    } catch (ChecksumException | BlockMissingException e) {
      return new Result(0, length, "unreadable", 0, e.getMessage());
    } catch (IOException e) {
      if (isAccessProblem(e)) {
        throw e;
      }
      return new Result(0, length, "unreadable", 0, "bad SequenceFile header: " + e.getMessage());
    }
    return scanUncompressed(fs, file, length, expectedBytes, headerEnd, visitor);
  }

  /**
   * The identity in the file's SequenceFile metadata, or null when its header cannot be read
   * (damage the scan reports). Access problems are thrown.
   */
  PartIdentity identity(Configuration conf, Path file) throws IOException {
    try (SequenceFile.Reader reader = new SequenceFile.Reader(conf,
        SequenceFile.Reader.file(file))) {
      return PartIdentity.of(reader.getMetadata());
    } catch (EOFException | ChecksumException | BlockMissingException e) {
      return null;
    } catch (IOException e) {
      if (isAccessProblem(e)) {
        throw e;
      }
      return null;
    }
  }

  private Result scanUncompressed(FileSystem fs, Path file, long length, long expectedBytes,
      long headerEnd, Visitor visitor) throws IOException {
    byte[] sync = new byte[SYNC_SIZE];
    byte[] seen = new byte[SYNC_SIZE];
    long pos = headerEnd;
    long index = 0;
    try (FSDataInputStream raw = fs.open(file, BUFFER)) {
      raw.readFully(headerEnd - SYNC_SIZE, sync);
      raw.seek(headerEnd);
      DataInputStream in = new DataInputStream(new BufferedInputStream(raw, BUFFER));
      while (pos < length) {
        long left = length - pos;
        String cut = length < expectedBytes ? "truncated" : "unreadable";
        if (left < 8) {
          return new Result(index, length, cut, pos, "the file ends " + left
              + " bytes into the record at byte " + pos);
        }
        int recordLength = in.readInt();
        if (recordLength == -1) {
          if (left < 4 + SYNC_SIZE) {
            return new Result(index, length, cut, pos, "the file ends inside a sync marker");
          }
          in.readFully(seen);
          if (!Arrays.equals(sync, seen)) {
            return new Result(index, pos, "unreadable", pos, "corrupt sync marker at byte "
                + pos);
          }
          pos += 4 + SYNC_SIZE;
          continue;
        }
        int keyLength = in.readInt();
        if (recordLength < 0 || keyLength < 0 || keyLength > recordLength) {
          return new Result(index, pos, "unreadable", pos, "corrupt record framing at byte "
              + pos + " (record length " + recordLength + ", key length " + keyLength + ")");
        }
        if (recordLength > left - 8) {
          return new Result(index, length, cut, pos, "the record at byte " + pos + " declares "
              + recordLength + " bytes but only " + (left - 8) + " remain in the file");
        }
        int valueLength = recordLength - keyLength;
        key = ensure(key, keyLength);
        value = ensure(value, valueLength);
        in.readFully(key, 0, keyLength);
        in.readFully(value, 0, valueLength);
        visitor.record(index, pos, key, keyLength, value, valueLength);
        index++;
        pos += 8L + recordLength;
      }
      return new Result(index, length, null, pos, null);
    } catch (EOFException e) {
      return new Result(index, pos, "truncated", pos, "the file ends inside the record at byte "
          + pos);
    } catch (ChecksumException | BlockMissingException e) {
      return new Result(index, pos, "unreadable", pos, "the file system cannot read the bytes"
          + " after byte " + pos + ": " + e.getMessage());
    }
  }

  private Result scanCompressed(SequenceFile.Reader reader, long length, long expectedBytes,
      Visitor visitor) throws IOException {
    DataOutputBuffer k = new DataOutputBuffer();
    DataOutputBuffer v = new DataOutputBuffer();
    SequenceFile.ValueBytes vb = reader.createValueBytes();
    long index = 0;
    long pos = reader.getPosition();
    try {
      while (true) {
        pos = reader.getPosition();
        k.reset();
        if (reader.nextRaw(k, vb) < 0) {
          return new Result(index, length, null, pos, null);
        }
        v.reset();
        vb.writeUncompressedBytes(v);
        visitor.record(index, pos, k.getData(), k.getLength(), v.getData(), v.getLength());
        index++;
      }
    } catch (EOFException e) {
      return new Result(index, pos, length < expectedBytes ? "truncated" : "unreadable", pos,
          "the file ends inside the record or block at byte " + pos);
    } catch (ChecksumException | BlockMissingException e) {
      return new Result(index, pos, "unreadable", pos, e.getMessage());
    } catch (IOException e) {
      if (isAccessProblem(e)) {
        throw e;
      }
      return new Result(index, pos, "unreadable", pos, "cannot decode the record or block at"
          + " byte " + pos + ": " + e.getMessage());
    }
  }

  private static boolean isAccessProblem(IOException e) {
    return e instanceof org.apache.hadoop.security.AccessControlException
        || String.valueOf(e.getMessage()).contains("Permission denied");
  }

  private static byte[] ensure(byte[] b, int n) {
    return b.length >= n ? b : new byte[Math.max(n, b.length * 2)];
  }
}
