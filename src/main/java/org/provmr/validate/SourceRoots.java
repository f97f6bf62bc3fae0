package org.provmr.validate;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.JobRecord;

/**
 * Where the DataIDs of one output may point: validate and recompute open a source only if
 * its URI lies under one of these roots and no symbolic link below the root leads elsewhere,
 * so a tampered or foreign lineage store cannot make the service read arbitrary files
 * ({@code forbidden_source}).
 *
 * <p>The fence is the operator's {@value ProvenanceKeys#VALIDATE_SOURCE_ROOTS}, and nothing
 * else: a lineage store is written by whoever owns the output. The store may only narrow the
 * fence: each output's roots are the input paths its job.json recorded, cut down to the parts
 * that lie under an operator root (an output that recorded no input paths gets the operator
 * roots). Roots are never derived from the manifest's URIs.
 */
public final class SourceRoots {
  private final List<URI> fence;
  private final List<URI> roots;
  // A store may record tens of thousands of inputs, and so give as many roots: each source is
  // looked up by its directories, not compared with every root.
  private final Map<String, Integer> fenceIndex;
  private final Map<String, Integer> rootIndex;

  private SourceRoots(List<URI> fence, List<URI> roots) {
    this.fence = List.copyOf(fence);
    this.roots = List.copyOf(roots);
    this.fenceIndex = index(this.fence);
    this.rootIndex = index(this.roots);
  }

  /**
   * The operator's roots, qualified.
   *
   * @throws BadConfigurationException if the key is unset or a root is not a URI or path
   */
  public static List<URI> configured(Configuration conf) throws IOException {
    String[] given = conf.getTrimmedStrings(ProvenanceKeys.VALIDATE_SOURCE_ROOTS);
    if (given.length == 0) {
      throw new BadConfigurationException(ProvenanceKeys.VALIDATE_SOURCE_ROOTS + " is not set."
          + " Name the directories sources may be read from, e.g. -D "
          + ProvenanceKeys.VALIDATE_SOURCE_ROOTS + "=hdfs://nn:8020/data (or in"
          + " conf/provmr-site.xml): a lineage store is written by whoever owns the output and"
          + " is never trusted to say which files the validator may open. See"
          + " docs/security.md.");
    }
    List<URI> roots = new ArrayList<>();
    for (String r : given) {
      roots.add(qualify(conf, parse(r)));
    }
    return roots;
  }

  /** Checks the syntax of the operator's roots, if set, without requiring them. */
  public static void checkSyntax(Configuration conf) {
    for (String r : conf.getTrimmedStrings(ProvenanceKeys.VALIDATE_SOURCE_ROOTS)) {
      parse(r);
    }
  }

  /** The roots of one output: the operator's, narrowed to the inputs its job recorded. */
  public static SourceRoots of(Configuration conf, JobRecord job) throws IOException {
    List<URI> fence = configured(conf);
    if (job.inputs().isEmpty()) {
      return new SourceRoots(fence, fence);
    }
    LinkedHashSet<URI> narrowed = new LinkedHashSet<>();
    for (String input : job.inputs()) {
      URI in;
      try {
        in = qualify(conf, new Path(globFreePrefix(input)));
      } catch (IllegalArgumentException e) {
        continue; // an input that is not a path widens nothing
      }
      for (URI f : fence) {
        if (sameFileSystem(f, in) && under(f.getPath(), in.getPath())) {
          narrowed.add(in);
        } else if (sameFileSystem(f, in) && under(in.getPath(), f.getPath())) {
          narrowed.add(f);
        }
      }
    }
    return new SourceRoots(fence, new ArrayList<>(narrowed));
  }

  /** Roots given explicitly, already qualified, serving as their own fence; for tests. */
  public static SourceRoots of(List<URI> roots) {
    return new SourceRoots(roots, roots);
  }

  public List<URI> roots() {
    return roots;
  }

  /**
   * Why {@code sourceUri} may not be opened (checked as recorded, a {@code ..} segment refused
   * outright, nothing read), or null inside a root; {@link #linkViolation} checks the files.
   */
  public String violation(String sourceUri) {
    URI uri;
    try {
      uri = new Path(sourceUri).toUri();
    } catch (IllegalArgumentException e) {
      return "not a valid URI";
    }
    if (List.of(sourceUri.split("/")).contains("..")) {
      return "it contains a '..' segment";
    }
    if (uri.getScheme() == null) {
      return "it is not a qualified URI (no scheme)";
    }
    if (sourceUri.indexOf('\0') >= 0) { // no local path holds one: the link check would throw
      return "its path holds a NUL character, which no file name can";
    }
    return rootOf(roots, rootIndex, uri) != null ? null : "it is outside the source roots "
        + describe(roots);
  }

  /**
   * Why {@code sourceUri}, which {@link #violation} accepts, may still not be opened: a
   * directory or file below its operator root is a symbolic link. Links are not followed
   * (not even to look where they lead, which would tell whether the target exists); a path
   * that does not exist is not a violation (opening it then reports it missing). On the local
   * file system the check asks the operating system directly (Hadoop's local file system only
   * reports links when symlinks are enabled process-wide); elsewhere it asks
   * {@link FileSystem#getFileLinkStatus} for each path component.
   */
  public String linkViolation(Configuration conf, String sourceUri) throws IOException {
    URI uri = new Path(sourceUri).toUri();
    URI root = rootOf(fence, fenceIndex, uri);
    if (root == null) {
      return "it is outside the source roots " + describe(fence);
    }
    String rest = uri.getPath().substring(root.getPath().length());
    List<String> below = new ArrayList<>();
    for (String c : rest.split("/")) {
      if (!c.isEmpty()) {
        below.add(c);
      }
    }
    if ("file".equalsIgnoreCase(uri.getScheme())) {
      java.nio.file.Path p = Paths.get(root.getPath());
      for (String c : below) {
        p = p.resolve(c);
        try {
          if (Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
              .isSymbolicLink()) {
            return symlink(new Path(p.toUri()).toString());
          }
        } catch (NoSuchFileException | NotDirectoryException e) {
          return null;
        }
      }
      return null;
    }
    Path p = new Path(root);
    FileSystem fs = p.getFileSystem(conf);
    for (String c : below) {
      p = new Path(p, c);
      try {
        FileStatus st = fs.getFileLinkStatus(p);
        if (st.isSymlink()) {
          return symlink(p.toString());
        }
      } catch (FileNotFoundException e) {
        return null;
      }
    }
    return null;
  }

  private static String symlink(String where) {
    return where + " is a symbolic link; links below a source root are not followed (name the"
        + " real directory in " + ProvenanceKeys.VALIDATE_SOURCE_ROOTS + ")";
  }

  /** The first root (in order) that {@code uri} lies under, found by its directories. */
  private static URI rootOf(List<URI> candidates, Map<String, Integer> index, URI uri) {
    if (uri.getScheme() == null || uri.getPath() == null || uri.getPath().isEmpty()) {
      return null;
    }
    int best = Integer.MAX_VALUE;
    for (String p = trimmed(uri.getPath()); p != null; p = parent(p)) {
      best = Math.min(best, index.getOrDefault(key(uri, p), Integer.MAX_VALUE));
    }
    return best == Integer.MAX_VALUE ? null : candidates.get(best);
  }

  private static Map<String, Integer> index(List<URI> list) {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      URI r = list.get(i);
      if (r.getScheme() != null && r.getPath() != null && !r.getPath().isEmpty()) {
        m.putIfAbsent(key(r, trimmed(r.getPath())), i);
      }
    }
    return m;
  }

  /** The file system (scheme and authority, as sameFileSystem compares them) and a path. */
  private static String key(URI u, String path) {
    return u.getScheme().toLowerCase(Locale.ROOT) + "\n" + lower(u.getAuthority()) + "\n"
        + path;
  }

  private static String parent(String p) {
    int slash = p.lastIndexOf('/');
    return p.equals("/") || slash < 0 ? null : trimmed(p.substring(0, slash));
  }

  private static String trimmed(String path) {
    String p = path.replaceAll("/+$", "");
    return p.isEmpty() ? "/" : p;
  }

  /** A few roots and how many there are: a finding must not carry tens of thousands. */
  static String describe(List<URI> list) {
    int shown = Math.min(list.size(), 8);
    return list.subList(0, shown) + (shown < list.size() ? " and " + (list.size() - shown)
        + " more (" + list.size() + " roots)" : "");
  }

  private static Path parse(String root) {
    try {
      Path p = new Path(globFreePrefix(root));
      if (!root.equals(globFreePrefix(root))) {
        throw new IllegalArgumentException("a root is a directory, not a pattern");
      }
      return p;
    } catch (IllegalArgumentException e) {
      throw new BadConfigurationException(ProvenanceKeys.VALIDATE_SOURCE_ROOTS, root,
          "give comma-separated directory URIs or paths (" + e.getMessage() + ")");
    }
  }

  private static URI qualify(Configuration conf, Path p) throws IOException {
    FileSystem fs = p.getFileSystem(conf);
    return fs.makeQualified(p).toUri();
  }

  private static boolean sameFileSystem(URI a, URI b) {
    return a.getScheme() != null && b.getScheme() != null
        && a.getScheme().toLowerCase(Locale.ROOT).equals(b.getScheme().toLowerCase(Locale.ROOT))
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
