package org.provmr.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
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

  private static Path file(Path output) {
    return new Path(LineageStore.dir(output), FILE);
  }
}
