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
    return check(fs, file).status();
  }

  /** A regular file's status, and whether a local {@code .crc} twin was found beside it. */
  private record Checked(FileStatus status, boolean checksumTwin) {
  }

  private static Checked check(FileSystem fs, Path file) throws IOException {
    boolean twin = false;
    File local = localFile(fs, file);
    if (local != null) {
      requireLocalRegularFile(local, file);
      if (fs instanceof ChecksumFileSystem cfs) {
        // LocalFileSystem also opens the hidden .crc next to the file: a FIFO there would
        // block the open just the same.
        File crc = localFile(fs, cfs.getChecksumFile(file));
        if (crc != null && Files.exists(crc.toPath(), LinkOption.NOFOLLOW_LINKS)) {
          requireLocalRegularFile(crc, cfs.getChecksumFile(file));
          requireSaneChunk(crc, cfs.getChecksumFile(file));
          twin = true;
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
    return new Checked(status, twin);
  }

  /**
   * The whole content of a small file (a store file, a policy): a regular file of at most
   * {@code maxBytes}, else an IOException naming the file, its size and {@code limitKey}.
   */
  public static byte[] readAll(FileSystem fs, Path file, long maxBytes, String limitKey)
      throws IOException {
    Checked checked = check(fs, file);
    long length = checked.status().getLen();
    checkSize(file, length, maxBytes, limitKey);
    byte[] b = new byte[(int) length];
    try (InputStream in = openChecked(fs, file, checked)) {
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
    Checked checked = check(fs, file);
    long length = checked.status().getLen();
    checkSize(file, length, maxBytes, limitKey);
    return new LimitInputStream(openChecked(fs, file, checked), length);
  }

  /**
   * Opens a regular file for reading, refusing anything else ({@link #requireRegularFile}).
   *
   * <p>On Hadoop's own local file system ({@link #jdkPath}) a file without a {@code .crc} twin
   * is read through the JDK. That is how ProvMR writes its metadata there (store files, task
   * fragments, locks: {@code store.LocalFiles}), and reading it back through
   * {@code ChecksumFileSystem} first looked for the missing {@code .crc}, then ran Hadoop's
   * read chain ({@code DataInputStream.read} into {@code FSInputChecker}) down a branch that a
   * job's checksummed input never takes. In a JVM that runs the jobs as well (LocalJobRunner),
   * C2 compiles that chain into the map loop's reader, so the job commit's reads of the
   * fragments threw the reader's compiled code away and the next job recompiled it while its
   * map ran (0.2-0.5 s of C2 per job; bench/README.md, "ProvMR's metadata reads and the next
   * job's reader"). A file with a {@code .crc}, and every other file system, keep Hadoop's read,
   * which verifies it.
   */
  public static InputStream openRegularFile(FileSystem fs, Path file) throws IOException {
    return openChecked(fs, file, check(fs, file));
  }

  /**
   * The local file behind {@code path}, or null when {@code fs} is not Hadoop's own local file
   * system. Subclasses keep Hadoop's path: an operator's {@code fs.file.impl} that extends
   * LocalFileSystem (auditing, access checks, the tests' recording file system) must see every
   * open, so a JDK read must not go around it.
   */
  public static java.nio.file.Path jdkPath(FileSystem fs, Path path) {
    if (fs.getClass() == LocalFileSystem.class || fs.getClass() == RawLocalFileSystem.class) {
      return localFile(fs, path).toPath();
    }
    return null;
  }

  /**
   * Whether a listed entry is a symbolic link. Hadoop's local file system lists a link as its
   * target (it reports links only with symlinks enabled process-wide), so for a {@code file:}
   * path the operating system is asked: a link a job owner puts under a root must not lead a
   * walk of that root (impact --roots, the service's watch scan) to outputs outside it.
   */
  public static boolean isLink(FileStatus st) {
    return st.isSymlink() || isLocalLink(st.getPath().toUri());
  }

  /**
   * Whether {@code path} is itself a symbolic link on the local file system, as the operating
   * system says (false on other file systems, where HDFS has links disabled by default, and
   * for a path that does not exist): for the directories ProvMR writes and
   * deletes in below an output, which its owner could replace by a link.
   */
  public static boolean isLocalLink(FileSystem fs, Path path) {
    return isLocalLink(fs.makeQualified(path).toUri());
  }

  private static boolean isLocalLink(java.net.URI u) {
    return "file".equalsIgnoreCase(u.getScheme())
        && Files.isSymbolicLink(java.nio.file.Paths.get(u.getPath()));
  }

  /** Opens a file {@link #check} accepted: see {@link #openRegularFile}. */
  private static InputStream openChecked(FileSystem fs, Path file, Checked checked)
      throws IOException {
    java.nio.file.Path local = jdkPath(fs, file);
    if (local == null || checked.checksumTwin()) {
      return fs.open(file);
    }
    try {
      // O_NOFOLLOW: a link swapped in since the check fails the open instead of being followed.
      return Files.newInputStream(local, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException(file.toString());
    }
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

  /**
   * The largest chunk a {@code .crc} twin may declare. Hadoop writes 512 bytes
   * ({@code file.bytes-per-checksum}); its checker allocates the declared size when the file
   * is opened, before reading a byte, and trusts it (2 GiB: OutOfMemoryError; negative:
   * NegativeArraySizeException).
   */
  static final int MAX_BYTES_PER_CHECKSUM = 1 << 20;

  /**
   * Refuses a {@code .crc} twin whose header declares a chunk size Hadoop's checker would
   * allocate without bound. Hadoop's header, {@code "crc\0"} and a 32-bit chunk size, has no
   * public reader ({@code ChecksumFileSystem.CHECKSUM_VERSION} is private); a twin with
   * another magic Hadoop itself ignores, with a warning, and reads the file unchecked.
   */
  private static void requireSaneChunk(File crc, Path crcPath) throws IOException {
    byte[] h;
    try (InputStream in = Files.newInputStream(crc.toPath(), LinkOption.NOFOLLOW_LINKS)) {
      h = in.readNBytes(8);
    }
    if (h.length < 8 || h[0] != 'c' || h[1] != 'r' || h[2] != 'c' || h[3] != 0) {
      return;
    }
    int bytesPerChecksum = java.nio.ByteBuffer.wrap(h, 4, 4).getInt();
    if (bytesPerChecksum < 1 || bytesPerChecksum > MAX_BYTES_PER_CHECKSUM) {
      throw new NotRegularFileException(crcPath + " declares " + bytesPerChecksum
          + " bytes per checksum (1 to " + MAX_BYTES_PER_CHECKSUM + " are accepted): Hadoop's"
          + " local file system would allocate that to read the file beside it, which was not"
          + " opened. The checksum file is damaged or crafted: restore it, or delete it to"
          + " read the file unchecked.");
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

  /**
   * The local file behind {@code file} as Hadoop's local file system names it
   * ({@code pathToFile}: the URI's decoded path, where {@code Paths.get(URI)} refuses the
   * non-ASCII characters Hadoop keeps raw, "Bad escape" for verkäufe), or null when {@code fs}
   * is not a local file system.
   */
  public static File localFile(FileSystem fs, Path file) {
    if (fs instanceof LocalFileSystem lfs) {
      return lfs.pathToFile(file);
    }
    if (fs instanceof RawLocalFileSystem raw) {
      return raw.pathToFile(file);
    }
    return null;
  }

  /**
   * A path that should be a regular file is something else, or its local {@code .crc} twin
   * is one Hadoop cannot read safely; nothing was opened.
   */
  public static final class NotRegularFileException extends IOException {
    private static final long serialVersionUID = 1L;

    NotRegularFileException(Path file, String what) {
      this(file + " is " + what + ", not a regular file; it was not opened. Only regular"
          + " files are read from output, store, alert and policy locations.");
    }

    private NotRegularFileException(String message) {
      super(message);
    }
  }
}
