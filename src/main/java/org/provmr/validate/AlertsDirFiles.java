package org.provmr.validate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.store.LocalReads;

/**
 * Creates the files a validation writes into its alerts directory (alerts, reports, the
 * cadence's timeline). On the local file system it uses the JDK: Hadoop's local file system
 * without its native library runs {@code chmod} in a child process for every file it creates
 * and for its {@code .crc} twin, ten processes per validation, which the profile of an
 * in-process validation of a small output showed as a large part of its fixed cost
 * (docs/validation.md). Elsewhere it is {@code create(path, false)}.
 */
final class AlertsDirFiles {

  private AlertsDirFiles() {
  }

  /** A new file (never overwrites: a file already there is an error). */
  static OutputStream create(FileSystem fs, Path file) throws IOException {
    java.nio.file.Path local = LocalReads.localFile(fs, file);
    if (local == null) {
      return fs.create(file, false);
    }
    return new BufferedOutputStream(Files.newOutputStream(local, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE), 64 << 10);
  }
}
