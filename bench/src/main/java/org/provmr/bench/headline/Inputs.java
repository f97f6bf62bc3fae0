package org.provmr.bench.headline;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.SplittableRandom;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.examples.SampleText;

/** Deterministic inputs, generated once per size and reused by later runs. */
final class Inputs {
  /** Bytes per sort record, newline included (TeraSort's record size). */
  static final int RECORD_BYTES = 100;

  private Inputs() {
  }

  /** SampleText (Zipf-distributed words) of about {@code bytes} bytes in {@code files} files. */
  static Path text(FileSystem fs, Path work, long bytes, int files) throws IOException {
    Path dir = new Path(work, "text-" + bytes + "-f" + files);
    if (!fs.exists(dir)) {
      SampleText.write(fs, dir, bytes, files, 1);
    }
    return dir;
  }

  /** Lines of 99 random lower-case letters and a newline: 100-byte records. */
  static Path records(FileSystem fs, Path work, long bytes, int files) throws IOException {
    Path dir = new Path(work, "records-" + bytes + "-f" + files);
    if (fs.exists(dir)) {
      return dir;
    }
    Path tmp = new Path(work, ".records-" + bytes + "-f" + files + ".generating");
    fs.delete(tmp, true);
    long perFile = bytes / files / RECORD_BYTES;
    byte[] line = new byte[RECORD_BYTES];
    line[RECORD_BYTES - 1] = '\n';
    for (int f = 0; f < files; f++) {
      SplittableRandom random = new SplittableRandom(1_000_003L * (f + 1));
      try (OutputStream out = new BufferedOutputStream(
          fs.create(new Path(tmp, String.format("records-%05d.txt", f)), false), 1 << 16)) {
        for (long r = 0; r < perFile; r++) {
          for (int i = 0; i < RECORD_BYTES - 1; i++) {
            line[i] = (byte) ('a' + random.nextInt(26));
          }
          out.write(line);
        }
      }
    }
    if (!fs.rename(tmp, dir)) {
      throw new IOException("could not rename " + tmp + " to " + dir);
    }
    return dir;
  }
}
