package org.provmr.service;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.StringUtils;
import org.provmr.store.StoreNames;

/**
 * Which version of an output the service has seen: its {@code _SUCCESS}, its lineage store
 * ({@code _provenance/job.json}) and its part files, by name, length and modification time
 * (one listing). A rerun, a recompute or a part changed in place is a new identity; a
 * duplicate notification is not.
 *
 * @param output the qualified output directory
 * @param identity lengths and modification times of _SUCCESS and job.json, and a digest of
 *     the parts' names, lengths and modification times
 * @param successTime when _SUCCESS was written (the job's end), ms
 */
public record OutputIdentity(String output, String identity, long successTime) {
  static final String SUCCESS = "_SUCCESS";
  static final String STORE = "_provenance/job.json";

  /** The identity of {@code dir} now, or null when it lacks _SUCCESS or a lineage store. */
  public static OutputIdentity of(Configuration conf, Path dir) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    Path q = fs.makeQualified(dir);
    try {
      FileStatus success = fs.getFileStatus(new Path(q, SUCCESS));
      FileStatus store = fs.getFileStatus(new Path(q, STORE));
      if (!success.isFile() || !store.isFile()) {
        return null;
      }
      StringBuilder parts = new StringBuilder();
      FileStatus[] files = fs.listStatus(q);
      java.util.Arrays.sort(files);
      for (FileStatus f : files) {
        String n = f.getPath().getName();
        if (!n.startsWith("_") && !n.startsWith(".")) {
          parts.append(n).append(':').append(f.getLen()).append(':')
              .append(f.getModificationTime()).append('/');
          if (f.isDirectory() && StoreNames.isSubstreamDir(n)) {
            // Sub-stream parts (priority/part-r-00000): on HDFS a part rewritten in place
            // leaves its directory's time alone.
            FileStatus[] sub = fs.listStatus(f.getPath());
            java.util.Arrays.sort(sub);
            for (FileStatus p : sub) {
              parts.append(n).append('/').append(p.getPath().getName()).append(':')
                  .append(p.getLen()).append(':').append(p.getModificationTime()).append('/');
            }
          }
        }
      }
      return new OutputIdentity(q.toString(), "success:" + success.getLen() + ":"
          + success.getModificationTime() + ";store:" + store.getLen() + ":"
          + store.getModificationTime() + ";parts:" + keyOf(parts.toString()),
          success.getModificationTime());
    } catch (FileNotFoundException e) {
      return null;
    }
  }

  /** A file-name-safe key of the output directory: the journal keeps one entry per output. */
  public String key() {
    return keyOf(output);
  }

  static String keyOf(String output) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256")
          .digest(output.getBytes(StandardCharsets.UTF_8));
      return StringUtils.byteToHexString(h, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
