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
 * store, so the file must lie inside the output's source roots (as validate requires), be a
 * regular file, and the range no longer than provenance.read.max.record.bytes.
 */
final class SourceText {
  private final Configuration conf;

  SourceText(Configuration conf) {
    this.conf = conf;
  }

  String read(StoredJob store, String uri, long offset, long length)
      throws IOException, RefusedException {
    int max = UntrustedFiles.maxRecordBytes(conf);
    String range = "Source range " + uri + " [" + offset + "+" + length + "] named by the"
        + " lineage store of " + store.output();
    if (length < 0 || offset < 0) {
      throw new IOException(range + " is negative: the store is damaged; validate the output");
    }
    if (length > max) {
      throw new IOException(range + " is longer than " + ProvenanceKeys.READ_MAX_RECORD_BYTES
          + " (" + max + " bytes); raise it to show it");
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
    byte[] b = new byte[(int) length];
    try (FSDataInputStream in = fs.open(file)) {
      in.readFully(offset, b);
    }
    return new String(b, StandardCharsets.UTF_8);
  }
}
