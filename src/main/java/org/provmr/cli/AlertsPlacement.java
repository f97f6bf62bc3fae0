package org.provmr.cli;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.GlobPattern;
import org.apache.hadoop.fs.Path;
import org.provmr.store.LineageStore;
import org.provmr.validate.SourceRoots;

/**
 * Refuses an alerts directory inside a directory that jobs read: inside a validated output
 * (the next stage's input) or inside an input the output's job read (recorded in its lineage
 * store). Alert files there become input of the next job over it, which fails
 * (FileInputFormat meets a directory it cannot split: NullPointerException on blkLocations)
 * or, worse, reads them as data. The recorded inputs come from the store, which the output's
 * owner writes: they count only within the operator's source roots (an input that claims
 * {@code file:/} stands for the roots, not for everything), as for validation.
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
      for (String in : operatorBounded(conf, inputs)) {
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
   * The recorded inputs, bounded by the operator's source roots: an input under a root as
   * recorded, a root under an input in its place, an input outside every root not at all.
   */
  private static List<String> operatorBounded(Configuration conf, List<String> inputs)
      throws IOException {
    List<String> bounded = new ArrayList<>();
    for (URI root : SourceRoots.configured(conf)) {
      Path r = new Path(root);
      for (String in : inputs) {
        Path p;
        try {
          p = new Path(in);
        } catch (IllegalArgumentException e) {
          continue; // not a path: bounds nothing
        }
        Path q = p.toUri().getScheme() == null ? p.getFileSystem(conf).makeQualified(p) : p;
        if (within(q, r)) {
          bounded.add(q.toString());
        } else if (within(r, q)) {
          bounded.add(r.toString());
        }
      }
    }
    return bounded;
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
