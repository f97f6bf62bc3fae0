package org.provmr.service;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.BadConfigurationException;

/**
 * The directories the service may look at. A path named by a request is accepted only when it
 * has a root's scheme and authority and lies below the root's path, with no {@code ..} or
 * {@code .} components: anything else is refused before any file system call, so a request can
 * never make the service read elsewhere.
 */
final class ServeRoots {
  private final List<Path> roots;

  ServeRoots(Configuration conf, List<String> given) throws IOException {
    List<Path> r = new ArrayList<>();
    for (String g : given) {
      if (g.isBlank()) {
        continue;
      }
      Path p = new Path(g.trim());
      URI u = p.toUri();
      // A fully qualified root is taken as given: no connection to its file system at start.
      boolean qualified = u.getScheme() != null
          && (u.getAuthority() != null || u.getScheme().equals("file"));
      r.add(qualified ? p : p.getFileSystem(conf).makeQualified(p));
    }
    if (r.isEmpty()) {
      throw new BadConfigurationException("provmr serve needs at least one root: give --watch DIR"
          + " or set provenance.serve.watch.roots (comma-separated, e.g. hdfs://nn:8020/data)");
    }
    this.roots = List.copyOf(r);
  }

  List<Path> roots() {
    return roots;
  }

  /**
   * The qualified path {@code given} names if it lies strictly below a root, else null. Only
   * string work: a refused path is never handed to a file system.
   */
  Path accept(String given) {
    if (given == null || given.isEmpty() || given.length() > 4096 || given.indexOf('\0') >= 0) {
      return null;
    }
    URI u;
    try {
      u = new URI(given);
    } catch (java.net.URISyntaxException e) {
      return null;
    }
    if (u.getScheme() == null || u.getPath() == null || u.getQuery() != null
        || u.getFragment() != null) {
      return null; // relative or schemeless: it would resolve against the service's defaults
    }
    if (u.getPath().indexOf('\0') >= 0) {
      return null; // an escaped NUL (%00): names no file, and java.nio refuses it unchecked
    }
    for (String c : u.getPath().split("/")) {
      if (c.equals("..") || c.equals(".")) {
        return null;
      }
    }
    for (Path root : roots) {
      URI r = root.toUri();
      String rp = r.getPath().endsWith("/") ? r.getPath() : r.getPath() + "/";
      // Below means a name after the root's path: "/data//" is longer than "/data/" but
      // Path normalizes it to the root itself.
      if (r.getScheme().equalsIgnoreCase(u.getScheme())
          && same(r.getAuthority(), u.getAuthority()) && u.getPath().startsWith(rp)
          && !u.getPath().substring(rp.length()).replace("/", "").isEmpty()) {
        return new Path(r.getScheme(), r.getAuthority(), stripSlash(u.getPath()));
      }
    }
    return null;
  }

  /**
   * Whether {@code accepted} (from {@link #accept}) is reached through a symbolic link below its
   * root on the local file system: a job owner who can write a root can link to an output
   * outside it. Only called on a path accepted by string; HDFS has links disabled by default.
   */
  boolean throughLink(Path accepted) {
    URI u = accepted.toUri();
    if (!"file".equalsIgnoreCase(u.getScheme())) {
      return false;
    }
    for (Path root : roots) {
      URI r = root.toUri();
      String rp = r.getPath().endsWith("/") ? r.getPath() : r.getPath() + "/";
      if ("file".equalsIgnoreCase(r.getScheme()) && u.getPath().startsWith(rp)) {
        java.nio.file.Path p = java.nio.file.Paths.get(r.getPath());
        for (String c : u.getPath().substring(rp.length()).split("/")) {
          p = c.isEmpty() ? p : p.resolve(c);
          if (java.nio.file.Files.isSymbolicLink(p)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean same(String a, String b) {
    return a == null || a.isEmpty() ? b == null || b.isEmpty() : a.equalsIgnoreCase(b);
  }

  private static String stripSlash(String p) {
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }
}
