package org.provmr.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.io.UntrustedFiles;
import org.provmr.recompute.RefusedException;
import org.provmr.recompute.ReplayConfiguration;
import org.provmr.store.StoredJob;

/**
 * {@code --show-source}: the bytes of a source range, as text. The range comes from a lineage
 * store, so the file must lie inside the output's source roots (as validate requires) and be a
 * regular file; at most provenance.trace.show.source.bytes of it are read, the rest counted (a
 * whole split of the coarse walk can be larger than any record a reader accepts, and used to
 * fail the trace beyond provenance.read.max.record.bytes, or be read whole and kept).
 */
final class SourceText {
  private final Configuration conf;
  private final int maxBytes;

  /** @throws org.provmr.conf.BadConfigurationException if the size to show is not one */
  SourceText(Configuration conf) {
    this.conf = conf;
    this.maxBytes = (int) Math.min(Integer.MAX_VALUE - 8, TraceStores.size(conf,
        ProvenanceKeys.TRACE_SHOW_SOURCE_BYTES, ProvenanceKeys.TRACE_SHOW_SOURCE_BYTES_DEFAULT));
  }

  /**
   * The first bytes of a range, decoded as UTF-8 (a character cut at the end shows as U+FFFD).
   *
   * @param text the bytes shown
   * @param cut how many bytes of the range follow them, not shown
   */
  record Shown(String text, long cut) {
  }

  /**
   * A record's key or value as text, at most as many characters as a source range's bytes are
   * shown: a record can be as long as provenance.read.max.record.bytes, and a trace keeps the
   * text of every record it reaches.
   */
  String shown(Object o) {
    String s = String.valueOf(o);
    return s.length() <= maxBytes ? s : s.substring(0, maxBytes) + "... (" + (s.length()
        - maxBytes) + " more characters not shown, " + ProvenanceKeys.TRACE_SHOW_SOURCE_BYTES
        + ")";
  }

  Shown read(StoredJob store, String uri, long offset, long length)
      throws IOException, RefusedException {
    String range = "Source range " + uri + " [" + offset + "+" + length + "] named by the"
        + " lineage store of " + store.output();
    if (length < 0 || offset < 0) {
      throw new IOException(range + " is negative: the store is damaged; validate the output");
    }
    ReplayConfiguration.checkSources(conf, store, List.of(uri), "trace --show-source");
    Path file = new Path(uri);
    FileSystem fs = file.getFileSystem(conf);
    UntrustedFiles.requireRegularFile(fs, file);
    long size = fs.getFileStatus(file).getLen();
    if (offset > size - length) { // not offset + length: both come from the store and may wrap
      throw new IOException(range + " ends past the end of the file (" + size + " bytes):"
          + " the source changed since capture, or the store is damaged; validate the output");
    }
    byte[] b = new byte[(int) Math.min(length, maxBytes)];
    try (FSDataInputStream in = fs.open(file)) {
      in.readFully(offset, b);
    }
    return new Shown(new String(b, StandardCharsets.UTF_8), length - b.length);
  }
}
