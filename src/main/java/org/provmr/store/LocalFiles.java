package org.provmr.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * Creates and atomically replaces ProvMR's small metadata files (store files, task fragments,
 * alerts and reports). On Hadoop's own local file system ({@link LocalReads#localFile}) it uses
 * the JDK: without its native library that file system runs a child process ({@code chmod},
 * {@code stat}, {@code readlink}) for every file and directory it creates and twice for every
 * {@code FileContext} rename, and a profile of a small job counted 54 of them per job in
 * ProvMR's metadata alone (docs/design.md). Everything else (HDFS, an operator's subclass of
 * the local file system) keeps Hadoop's calls.
 *
 * <p>Files written here have no {@code .crc} twin; Hadoop reads such a file without
 * verification, and ProvMR's own checksums cover what matters. A stale twin of a file being
 * replaced is deleted first, so Hadoop never checks new bytes against an old checksum.
 */
public final class LocalFiles {

  private LocalFiles() {
  }

  /**
   * A new file, its parent directories created as needed.
   *
   * @param overwrite replace a file already there; when false, one there is an error
   */
  public static OutputStream create(FileSystem fs, Path file, boolean overwrite)
      throws IOException {
    java.nio.file.Path local = LocalReads.localFile(fs, file);
    if (local == null) {
      return fs.create(file, overwrite);
    }
    if (local.getParent() != null) {
      Files.createDirectories(local.getParent());
    }
    if (overwrite) {
      refuseLink(local);
      Files.deleteIfExists(crcOf(local));
      try {
        // O_NOFOLLOW: a link planted at this predictable name after the check above fails the
        // open instead of redirecting the write to wherever it points.
        return new BufferedOutputStream(Files.newOutputStream(local, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS), 64 << 10);
      } catch (FileSystemException e) {
        refuseLink(local);
        throw e;
      }
    }
    // CREATE_NEW is O_EXCL: it fails on any existing name, a dangling link included.
    return new BufferedOutputStream(Files.newOutputStream(local, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE), 64 << 10);
  }

  /**
   * ProvMR's metadata names are predictable ({@code _provenance/.job.json.tmp}); whoever can
   * write into an output directory could plant a symbolic link at one to make the next writer
   * overwrite a file elsewhere with the writer's rights. Such a name is refused, never followed.
   */
  private static void refuseLink(java.nio.file.Path local) throws IOException {
    if (Files.isSymbolicLink(local)) {
      throw new IOException(local + " is a symbolic link; ProvMR does not write its metadata"
          + " through links found in an output directory. Remove the link and retry.");
    }
  }

  /**
   * Renames {@code from} over {@code to}, replacing it atomically (HDFS and POSIX rename), so a
   * reader or a crash sees the old file or the new one, never none.
   */
  public static void replace(FileSystem fs, Path from, Path to) throws IOException {
    java.nio.file.Path src = LocalReads.localFile(fs, from);
    java.nio.file.Path dst = LocalReads.localFile(fs, to);
    if (src == null || dst == null) {
      FileContext.getFileContext(fs.getUri(), fs.getConf())
          .rename(from, to, Options.Rename.OVERWRITE);
      return;
    }
    // The old twin goes first: in between, a reader sees the old bytes unverified, never the
    // new bytes against the old checksum.
    Files.deleteIfExists(crcOf(dst));
    Files.move(src, dst, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    java.nio.file.Path srcCrc = crcOf(src);
    if (Files.exists(srcCrc)) { // written through Hadoop: its checksum moves with it
      Files.move(srcCrc, crcOf(dst), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Where Hadoop's ChecksumFileSystem keeps a file's checksums: {@code .<name>.crc}. */
  private static java.nio.file.Path crcOf(java.nio.file.Path file) {
    return file.resolveSibling("." + file.getFileName() + ".crc");
  }
}
