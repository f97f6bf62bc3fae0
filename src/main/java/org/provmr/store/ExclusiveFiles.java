package org.provmr.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.ipc.RemoteException;
import org.provmr.io.UntrustedFiles;

/**
 * Creates a file only if no file of that name exists, as one atomic step: of any number of
 * processes (on any machines) creating the same name, exactly one succeeds. Locks and claims
 * are built on this and on nothing else.
 *
 * <p>HDFS: {@code create(path, overwrite=false)} is decided by the NameNode, atomically.
 * Hadoop's local file system checks for the file and then opens it (two steps, racy), so for
 * {@code file:} paths the JDK's {@code CREATE_NEW} (POSIX {@code O_EXCL}) is used instead.
 * Other file systems get {@code create(path, false)} and are only as atomic as it is there
 * (object stores are not: see docs).
 */
public final class ExclusiveFiles {

  private ExclusiveFiles() {
  }

  /**
   * Creates {@code file} (and its parent directories) holding {@code content}.
   *
   * @return false when the file already existed (nothing was written)
   */
  public static boolean createNew(FileSystem fs, Path file, byte[] content) throws IOException {
    java.io.File local = UntrustedFiles.localFile(fs, file);
    if (local != null) {
      java.nio.file.Path p = local.toPath();
      Files.createDirectories(p.getParent());
      try (OutputStream out = Files.newOutputStream(p, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        out.write(content);
      } catch (FileAlreadyExistsException e) {
        return false;
      }
      return true;
    }
    OutputStream out;
    try {
      out = fs.create(file, false);
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (RemoteException e) {
      // Another client is still creating it (HDFS holds its lease): it exists.
      if (e.getClassName().endsWith("AlreadyBeingCreatedException")) {
        return false;
      }
      throw e;
    }
    try (OutputStream o = out) {
      o.write(content);
    }
    return true;
  }
}
