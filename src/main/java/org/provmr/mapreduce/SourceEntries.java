package org.provmr.mapreduce;

import java.io.FileNotFoundException;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.header.ChecksumAlgorithm;
import org.provmr.store.CrcTwinFingerprints;
import org.provmr.store.Fingerprints;
import org.provmr.store.LineageStore;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoreNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The source manifest's entries for the byte ranges a map task read (MapSideTracker). */
final class SourceEntries {
  private static final Logger LOG = LoggerFactory.getLogger(SourceEntries.class);

  private SourceEntries() {
  }

  /**
   * The manifest entry of one byte range of one file, fingerprinted.
   *
   * @param readerVerified the task's reader has verified the range against the file's
   *     checksums ({@code MapSideTracker.readerVerifiedSplit}): a CRC fingerprint may be
   *     composed from them
   */
  static SourceEntry of(Configuration conf, int id, Path path, long start,
      long length, String positions, boolean readerVerified) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    FileStatus status;
    try {
      status = fs.getFileStatus(path);
    } catch (FileNotFoundException e) {
      // A reader may ignore its FileSplit's file: generators' input formats (RandomWriter's,
      // used by randomwriter and randomtextwriter) make splits of files that never exist.
      FileNotFoundException named = new FileNotFoundException("The input split " + path + " ["
          + start + ", +" + length + ") names a file that does not exist, so it cannot be"
          + " fingerprinted as a source. Under provenance every FileSplit a map task reads is a"
          + " source in the manifest; an input format that makes FileSplits of files that do"
          + " not exist (a generator such as RandomWriter's RandomInputFormat) is not"
          + " supported: run the generator without provenance and wrap the jobs that read its"
          + " output (docs/jobs.md)");
      named.initCause(e);
      throw named;
    }
    ChecksumAlgorithm algorithm = ProvenanceJob.getChecksumAlgorithm(conf);
    long chunk = conf.getLong(ProvenanceKeys.FINGERPRINT_CHUNK_BYTES,
        ProvenanceKeys.FINGERPRINT_CHUNK_BYTES_DEFAULT);
    Fingerprints.Result fp = null;
    if (conf.getBoolean(ProvenanceKeys.FINGERPRINT_ENABLED,
        ProvenanceKeys.FINGERPRINT_ENABLED_DEFAULT)) {
      if (readerVerified && fs.getClass() == LocalFileSystem.class
          && ((LocalFileSystem) fs).getVerifyChecksum() && algorithm != ChecksumAlgorithm.SHA256) {
        fp = new CrcTwinFingerprints().compose((LocalFileSystem) fs, path, status.getLen(), start,
            length, chunk);
        if (fp != null) {
          LOG.debug("{} [{}, +{}): fingerprint composed from its .crc sums", path, start, length);
          algorithm = ChecksumAlgorithm.CRC32;
        }
      }
      if (fp == null) {
        // After the map loop, so the split's bytes are normally still in the page cache.
        fp = Fingerprints.of(fs, path, start, length, algorithm, chunk);
      }
    }
    Path upstream = path.getParent();
    if (upstream != null && StoreNames.isSubstreamDir(upstream.getName())
        && upstream.getParent() != null && LineageStore.exists(conf, upstream.getParent())) {
      // A sub-stream part (priority/part-r-00001) belongs to the output above its directory:
      // recompute finds the stages that read an output by this link (docs/substreams.md).
      upstream = upstream.getParent();
    }
    boolean isProvenanceOutput = upstream != null && LineageStore.exists(conf, upstream);
    return new SourceEntry(id, fs.makeQualified(path).toString(), start, length,
        status.getLen(), status.getModificationTime(), positions,
        algorithm.configName(), fp == null ? null : fp.whole(), chunk,
        fp == null ? null : fp.chunks(),
        isProvenanceOutput ? fs.makeQualified(upstream).toString() : null);
  }
}
