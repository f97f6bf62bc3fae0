package org.provmr.mapreduce;

import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.provmr.header.ChecksumAlgorithm;
import org.provmr.header.HeaderContext;

/** Reading the per-file facts of a provenance SequenceFile from its metadata. */
final class ProvenanceFiles {

  private ProvenanceFiles() {
  }

  static HeaderContext headerContext(Path file, SequenceFile.Metadata meta) throws IOException {
    String version = required(file, meta, SequenceFileSettings.META_VERSION);
    if (!SequenceFileSettings.FORMAT_VERSION.equals(version)) {
      throw new IOException(file + " has provenance format version " + version
          + "; this ProvMR reads version " + SequenceFileSettings.FORMAT_VERSION);
    }
    try {
      return new HeaderContext(
          ChecksumAlgorithm.fromName(required(file, meta, SequenceFileSettings.META_ALGORITHM)),
          Long.parseLong(required(file, meta, SequenceFileSettings.META_TIMESTAMP_BASE)),
          Integer.parseInt(required(file, meta, SequenceFileSettings.META_LINEAGE_ID)));
    } catch (IllegalArgumentException e) {
      throw new IOException("Bad provenance metadata in " + file + ": " + e.getMessage(), e);
    }
  }

  static String required(Path file, SequenceFile.Metadata meta, String key) throws IOException {
    Text v = meta.get(new Text(key));
    if (v == null) {
      throw new IOException(file + " lacks the metadata entry " + key
          + ": it was not written by ProvMR");
    }
    return v.toString();
  }
}
