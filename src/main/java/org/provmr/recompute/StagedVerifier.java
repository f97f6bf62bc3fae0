package org.provmr.recompute;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.Writable;
import org.provmr.header.ChecksumAlgorithm;
import org.provmr.header.PayloadHasher;
import org.provmr.header.ProvenanceHeader;
import org.provmr.mapreduce.ProvenanceFileReader;
import org.provmr.store.PartEntry;
import org.provmr.store.StoredJob;

/**
 * Checks staged parts before they are swapped in: the whole-file checksum and record count
 * the sub-job's store recorded, and every record's payload against its header.
 */
final class StagedVerifier {
  private StagedVerifier() {
  }

  static List<String> verify(Configuration conf, StoredJob staged) throws IOException {
    List<String> problems = new ArrayList<>();
    FileSystem fs = staged.output().getFileSystem(conf);
    for (PartEntry part : staged.parts()) {
      Path file = new Path(staged.output(), part.name());
      ChecksumAlgorithm algorithm = ChecksumAlgorithm.fromName(part.checksumAlgorithm());
      String whole = wholeChecksum(fs, file, algorithm);
      if (!whole.equals(part.checksum())) {
        problems.add(file + ": file checksum " + whole + ", store says " + part.checksum());
      }
      long records = 0;
      PayloadHasher hasher = algorithm.newHasher();
      byte[] digest = new byte[algorithm.length()];
      DataOutputBuffer bytes = new DataOutputBuffer();
      try (ProvenanceFileReader<Writable, Writable> r = new ProvenanceFileReader<>(conf, file)) {
        while (r.next()) {
          ProvenanceHeader h = r.value().header();
          bytes.reset();
          r.key().write(bytes);
          if (r.value().value() != null) { // a null value is stored as no bytes
            r.value().value().write(bytes);
          }
          hasher.update(bytes.getData(), 0, bytes.getLength());
          hasher.finish(digest, 0);
          if (!Arrays.equals(digest, 0, digest.length, h.checksumArray(), 0, digest.length)) {
            problems.add(file + " record " + records + " at byte " + r.recordOffset()
                + ": payload does not match its checksum");
          }
          records++;
        }
      }
      if (records != part.records()) {
        problems.add(file + ": " + records + " records, store says " + part.records());
      }
    }
    return problems;
  }

  static String wholeChecksum(FileSystem fs, Path file, ChecksumAlgorithm algorithm)
      throws IOException {
    PayloadHasher h = algorithm.newHasher();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = fs.open(file)) {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        h.update(buf, 0, n);
      }
    }
    byte[] d = new byte[algorithm.length()];
    h.finish(d, 0);
    return HexFormat.of().formatHex(d);
  }
}
