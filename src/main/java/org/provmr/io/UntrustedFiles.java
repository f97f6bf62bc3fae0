package org.provmr.io;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.StorageUnit;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.io.IOUtils;
import org.apache.hadoop.util.LimitInputStream;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;

/**
 * Opening files whose content and kind are controlled by someone else: parts, lineage stores,
 * alerts, policies. Whoever can write an output directory can put a FIFO (opening it blocks
 * until a writer appears: a sweep that hangs forever), a device or a symbolic link (reading
 * what the link points at with the reader's rights) where a file is expected, or a file far
 * larger than its role. Readers here refuse all of these before the first byte is read.
 *
 * <p>Hadoop's local file system reports a FIFO as a file ({@code FileStatus.isFile()} is
 * merely "not a directory"), so on the local file system the check asks the operating system
 * without following links. On HDFS there are no FIFOs, and symbolic links are off by default;
 * a link's status is refused all the same.
 *
 * <p>A file swapped between this check and the open is not caught: the check narrows the
 * window to microseconds, it cannot close it (Java cannot open a FIFO without blocking).
 */
public final class UntrustedFiles {

  private UntrustedFiles() {
  }

  /** The file's status, or an IOException naming the file if it is not a regular file. */
  public static FileStatus requireRegularFile(FileSystem fs, Path file) throws IOException {
    File local = localFile(fs, file);
    if (local != null) {
      requireLocalRegularFile(local, file);
      if (fs instanceof ChecksumFileSystem cfs) {
        // LocalFileSystem also opens the hidden .crc next to the file: a FIFO there would
        // block the open just the same.
        File crc = localFile(fs, cfs.getChecksumFile(file));
        if (crc != null && Files.exists(crc.toPath(), LinkOption.NOFOLLOW_LINKS)) {
          requireLocalRegularFile(crc, cfs.getChecksumFile(file));
        }
      }
    }
    FileStatus status = fs.getFileStatus(file);
    if (status.isSymlink()) {
      throw new NotRegularFileException(file, "a symbolic link");
    }
    if (!status.isFile()) {
      throw new NotRegularFileException(file, "a directory");
    }
    return status;
  }

  /**
   * The whole content of a small file (a store file, a policy): a regular file of at most
   * {@code maxBytes}, else an IOException naming the file, its size and {@code limitKey}.
   */
  public static byte[] readAll(FileSystem fs, Path file, long maxBytes, String limitKey)
      throws IOException {
    long length = requireRegularFile(fs, file).getLen();
    checkSize(file, length, maxBytes, limitKey);
    byte[] b = new byte[(int) length];
    try (FSDataInputStream in = fs.open(file)) {
      // Only the length checked is read: a file that grows meanwhile is not read without end.
      IOUtils.readFully(in, b, 0, b.length);
    }
    return b;
  }

  /**
   * Opens a regular file of at most {@code maxBytes} for streaming (alert files); the stream
   * ends at the length the file had when checked, so a file that keeps growing is not read
   * without end.
   */
  public static InputStream open(FileSystem fs, Path file, long maxBytes, String limitKey)
      throws IOException {
    long length = requireRegularFile(fs, file).getLen();
    checkSize(file, length, maxBytes, limitKey);
    return new LimitInputStream(fs.open(file), length);
  }

  /** The largest store, alert, report or policy file a reader accepts. */
  public static long maxMetadataBytes(Configuration conf) {
    return positiveSize(conf, ProvenanceKeys.READ_MAX_METADATA_BYTES,
        ProvenanceKeys.READ_MAX_METADATA_BYTES_DEFAULT, Integer.MAX_VALUE - 8);
  }

  /** The largest record (or compressed block buffer) a reader accepts before allocating it. */
  public static int maxRecordBytes(Configuration conf) {
    return (int) positiveSize(conf, ProvenanceKeys.READ_MAX_RECORD_BYTES,
        ProvenanceKeys.READ_MAX_RECORD_BYTES_DEFAULT, Integer.MAX_VALUE - 8);
  }

  private static long positiveSize(Configuration conf, String key, String def, long cap) {
    double v;
    try {
      v = conf.getStorageSize(key, def, StorageUnit.BYTES);
    } catch (IllegalArgumentException e) {
      throw new BadConfigurationException(key, conf.get(key), "a size such as 64m or 1g");
    }
    if (!(v >= 1 && v <= cap)) {
      throw new BadConfigurationException(key, conf.get(key),
          "a size of at least 1 byte and below 2g");
    }
    return (long) v;
  }

  private static void checkSize(Path file, long length, long maxBytes, String limitKey)
      throws IOException {
    if (length > maxBytes) {
      throw new IOException(file + " is " + length + " bytes, more than the " + maxBytes
          + " bytes a file of its kind may have (" + limitKey + "); if it is genuine, raise "
          + limitKey);
    }
  }

  private static void requireLocalRegularFile(File local, Path file) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(local.toPath(), BasicFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException(file.toString());
    }
    if (a.isSymbolicLink()) {
      throw new NotRegularFileException(file, "a symbolic link");
    }
    if (a.isDirectory()) {
      throw new NotRegularFileException(file, "a directory");
    }
    if (!a.isRegularFile()) {
      throw new NotRegularFileException(file, "a FIFO, socket or device");
    }
  }

  private static File localFile(FileSystem fs, Path file) {
    if (fs instanceof LocalFileSystem lfs) {
      return lfs.pathToFile(file);
    }
    if (fs instanceof RawLocalFileSystem raw) {
      return raw.pathToFile(file);
    }
    return null;
  }

  /** A path that should be a regular file is something else; nothing was opened. */
  public static final class NotRegularFileException extends IOException {
    private static final long serialVersionUID = 1L;

    NotRegularFileException(Path file, String what) {
      super(file + " is " + what + ", not a regular file; it was not opened. Only regular"
          + " files are read from output, store, alert and policy locations.");
    }
  }
}
