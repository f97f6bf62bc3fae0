package org.provmr.openlineage;

import java.net.URI;

/**
 * Dataset names as OpenLineage's naming spec gives them (spec/Naming.md, the Java client's
 * {@code Naming.HDFS} and {@code Naming.LocalFileSystem}): HDFS {@code hdfs://host:port} and
 * the path; the local file system {@code file} and the path; any other file system its
 * {@code scheme://authority} and the path.
 */
public final class DatasetNames {
  /** The namenode's port when a URI leaves it out (HDFS's default RPC port). */
  static final int HDFS_DEFAULT_PORT = 8020;

  private DatasetNames() {
  }

  public static String namespace(URI u) {
    String scheme = u.getScheme() == null ? "file" : u.getScheme();
    if (scheme.equals("file")) {
      return "file";
    }
    if (scheme.equals("hdfs")) {
      if (u.getHost() == null) {
        // java.net.URI has no host for names it rejects (an underscore): keep the authority
        String a = u.getAuthority();
        return a == null ? scheme : "hdfs://" + (a.contains(":") ? a : a + ":"
            + HDFS_DEFAULT_PORT);
      }
      int port = u.getPort() < 0 ? HDFS_DEFAULT_PORT : u.getPort();
      return "hdfs://" + u.getHost() + ":" + port;
    }
    return u.getAuthority() == null ? scheme : scheme + "://" + u.getAuthority();
  }

  public static String name(URI u) {
    String path = u.getPath();
    // A directory dataset is the same dataset with or without its trailing slash.
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1)
        : path;
  }
}
