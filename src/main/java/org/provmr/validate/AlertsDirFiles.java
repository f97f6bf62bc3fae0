package org.provmr.validate;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.store.LocalFiles;

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
    return LocalFiles.create(fs, file, false);
  }
}
