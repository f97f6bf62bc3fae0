package org.provmr.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.io.UntrustedFiles;

/**
 * The claim a capture job takes on its new output directory, {@code
 * <output>/_provenance/claim}: Hadoop's "output exists" check and the job's first write into
 * the directory are seconds apart, so two jobs given the same new output both pass the check,
 * and each job's commit then merges the other's committed tasks, and a failed one's abort
 * deletes the directory with the other's output in it. The claim is created with
 * {@link ExclusiveFiles#createNew} right after the check: of two such jobs exactly one gets it,
 * and the other is refused before it runs. It stays after the commit: removed, it would let a
 * job that checked before the other job ran and claims after it finished take the directory.
 */
public final class OutputClaim {
  /** The claim file's name in the output's lineage store directory. */
  public static final String FILE = "claim";

  private OutputClaim() {
  }

  /** Creates the claim of {@code output} (and the directory); null when another job has it. */
  public static String take(FileSystem fs, Path output) throws IOException {
    String token = UUID.randomUUID().toString();
    return ExclusiveFiles.createNew(fs, file(output), token.getBytes(StandardCharsets.UTF_8))
        ? token : null;
  }

  /** Whether {@code output}'s claim is {@code token}'s (the job checks its specs again). */
  public static boolean isHeldBy(FileSystem fs, Path output, String token) throws IOException {
    try (InputStream in = UntrustedFiles.openRegularFile(fs, file(output))) {
      return token.equals(new String(in.readNBytes(256), StandardCharsets.UTF_8));
    } catch (FileNotFoundException e) {
      return false;
    }
  }

  /**
   * Gives up {@code output}'s claim if it is {@code token}'s, and the directories the claim
   * created if nothing else came into them: a job whose submission failed after its output
   * check (an input that does not exist, a staging error) never ran, and leaves no directory, as
   * a plain Hadoop job does. An output something else came into (a job that did start: its
   * {@code _temporary}) keeps its claim.
   */
  public static void release(FileSystem fs, Path output, String token) throws IOException {
    if (!isHeldBy(fs, output, token) || !onlyClaim(fs, output)) {
      return;
    }
    fs.delete(file(output), false);
    for (Path dir : new Path[] {LineageStore.dir(output), output}) {
      try {
        if (fs.listStatus(dir).length > 0 || !fs.delete(dir, false)) {
          return;
        }
      } catch (IOException e) { // HDFS: PathIsNotEmptyDirectoryException, written meanwhile
        return;
      }
    }
  }

  /** Whether {@code output} holds nothing but a claim: a job about to run, or one never run. */
  public static boolean onlyClaim(FileSystem fs, Path output) throws IOException {
    FileStatus[] top = fs.listStatus(output);
    if (top.length != 1 || !top[0].getPath().getName().equals(LineageStore.DIR)) {
      return false;
    }
    FileStatus[] in = fs.listStatus(top[0].getPath());
    return in.length == 1 && in[0].getPath().getName().equals(FILE);
  }

  private static Path file(Path output) {
    return new Path(LineageStore.dir(output), FILE);
  }
}
