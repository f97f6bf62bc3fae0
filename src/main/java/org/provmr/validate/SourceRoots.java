package org.provmr.validate;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.JobRecord;

/**
 * Where the DataIDs of one output may point: the validator opens a source only if its URI
 * lies under one of these roots, so a tampered or foreign manifest cannot make it read
 * arbitrary files ({@code forbidden_source}).
 *
 * <p>By default the roots are the input paths the job recorded at capture (job.json
 * {@code inputs}), never the source URIs themselves: a root derived from the manifest would
 * let an edited manifest move its own fence. {@value ProvenanceKeys#VALIDATE_SOURCE_ROOTS}
 * replaces them for every output.
 */
public final class SourceRoots {
  private final List<URI> roots;

  private SourceRoots(List<URI> roots) {
    this.roots = List.copyOf(roots);
  }

  /** The roots for an output's sources: the configured ones, or the job's recorded inputs. */
  public static SourceRoots of(Configuration conf, JobRecord job) throws IOException {
    String[] configured = conf.getTrimmedStrings(ProvenanceKeys.VALIDATE_SOURCE_ROOTS);
    List<String> given = configured.length > 0 ? List.of(configured) : job.inputs();
    List<URI> roots = new ArrayList<>();
    for (String r : given) {
      Path p = new Path(globFreePrefix(r));
      FileSystem fs = p.getFileSystem(conf);
      roots.add(fs.makeQualified(p).toUri());
    }
    return new SourceRoots(roots);
  }

  /** Roots given explicitly, already qualified; for tests and planners. */
  public static SourceRoots of(List<URI> roots) {
    return new SourceRoots(roots);
  }

  public List<URI> roots() {
    return roots;
  }

  /**
   * Why {@code sourceUri} may not be opened, or null when it lies inside a root. Checked on
   * the URI as recorded, before any normalisation: a {@code ..} segment is refused outright.
   */
  public String violation(String sourceUri) {
    URI uri;
    try {
      uri = new Path(sourceUri).toUri();
    } catch (IllegalArgumentException e) {
      return "not a valid URI";
    }
    for (String segment : sourceUri.split("/")) {
      if (segment.equals("..")) {
        return "it contains a '..' segment";
      }
    }
    if (uri.getScheme() == null) {
      return "it is not a qualified URI (no scheme)";
    }
    for (URI root : roots) {
      if (sameFileSystem(root, uri) && under(root.getPath(), uri.getPath())) {
        return null;
      }
    }
    return "it is outside the source roots " + roots;
  }

  private static boolean sameFileSystem(URI a, URI b) {
    return a.getScheme().toLowerCase(Locale.ROOT).equals(b.getScheme().toLowerCase(Locale.ROOT))
        && Objects.equals(lower(a.getAuthority()), lower(b.getAuthority()));
  }

  private static String lower(String s) {
    return s == null || s.isEmpty() ? null : s.toLowerCase(Locale.ROOT);
  }

  private static boolean under(String root, String path) {
    if (root == null || path == null) {
      return false;
    }
    if (root.equals("/") || path.equals(root)) {
      return true;
    }
    String prefix = root.endsWith("/") ? root : root + "/";
    return path.startsWith(prefix);
  }

  /** The directory part of an input path before its first glob character. */
  static String globFreePrefix(String input) {
    int glob = -1;
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == '{') {
        glob = i;
        break;
      }
    }
    if (glob < 0) {
      return input;
    }
    int slash = input.lastIndexOf('/', glob);
    return slash <= 0 ? "/" : input.substring(0, slash);
  }
}
