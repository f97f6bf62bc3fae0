package org.provmr.cli;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.GlobPattern;
import org.apache.hadoop.fs.Path;
import org.provmr.store.LineageStore;

/**
 * Refuses an alerts directory inside a directory that jobs read: inside a validated output
 * (the next stage's input) or inside an input the output's job read (recorded in its lineage
 * store). Alert files there become input of the next job over it, which fails
 * (FileInputFormat meets a directory it cannot split: NullPointerException on blkLocations)
 * or, worse, reads them as data.
 */
final class AlertsPlacement {

  private AlertsPlacement() {
  }

  static void check(Configuration conf, String option, Path alerts, List<Path> outputs)
      throws UsageException, IOException {
    Path a = alerts.getFileSystem(conf).makeQualified(alerts);
    for (Path o : outputs) {
      Path out = o.getFileSystem(conf).makeQualified(o);
      if (within(a, out)) {
        throw new UsageException("--" + option + " " + a + " is inside the output " + out
            + ", which later jobs read as their input: alert files there would break them."
            + " Put the alerts outside every job's input and output");
      }
      List<String> inputs;
      try {
        inputs = LineageStore.read(conf, out).job().inputs();
      } catch (IOException e) {
        continue; // an unreadable store is validation's finding to report, not ours
      }
      for (String in : inputs) {
        if (within(a, new Path(in))) {
          throw new UsageException("--" + option + " " + a + " is inside " + in + ", an input"
              + " of the output " + out + " (recorded in its lineage store): alert files there"
              + " would break the next job over that input. Put the alerts outside every job's"
              + " input and output");
        }
      }
    }
  }

  /**
   * Whether {@code p} is {@code root} or below it; {@code root} may be a Hadoop input glob,
   * matched component by component ({@code /data/*}{@code /in} holds {@code /data/x/in/a}).
   */
  static boolean within(Path p, Path root) {
    URI a = p.toUri();
    URI r = root.toUri();
    if (r.getScheme() != null && !r.getScheme().equalsIgnoreCase(a.getScheme())
        || r.getAuthority() != null && !Objects.equals(r.getAuthority(), a.getAuthority())) {
      return false;
    }
    String[] pc = components(a.getPath());
    String[] rc = components(r.getPath());
    if (pc.length < rc.length) {
      return false;
    }
    for (int i = 0; i < rc.length; i++) {
      GlobPattern g = new GlobPattern(rc[i]);
      if (g.hasWildcard() ? !g.matches(pc[i]) : !rc[i].equals(pc[i])) {
        return false;
      }
    }
    return true;
  }

  private static String[] components(String path) {
    String trimmed = path.replaceAll("^/+|/+$", "");
    return trimmed.isEmpty() ? new String[0] : trimmed.split("/+");
  }
}
