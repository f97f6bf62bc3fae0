package org.provmr.history;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;

/**
 * Every capturing job writes the history store, so its files are crafted input: many files,
 * each within the metadata limit, must not add up to more than one limit's worth in the
 * sweep that loads them all.
 */
class HistoryStoreBoundTest {
  @TempDir
  Path dir;

  @Test
  void manyFilesWithinTheLimitEachAreReadWithinOneLimitNewestFirst() throws Exception {
    Configuration conf = new Configuration();
    conf.set(ProvenanceKeys.HISTORY_DIR, dir.toUri().toString());
    conf.set(ProvenanceKeys.READ_MAX_METADATA_BYTES, "64k");
    for (int file = 0; file < 20; file++) { // 20 files of about 50 KB of records each
      List<Observation> crafted = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        crafted.add(new Observation("file:/a/*", "file:/a/f" + file + "-" + i, i,
            file * 1000L + i, null, i, Observation.Kind.SWEEP));
      }
      try (OutputStream out = Files.newOutputStream(dir.resolve("obs-" + (1000 + file)
          + "-x" + SourceHistory.SUFFIX))) {
        HistoryFormat.write(out, crafted);
      }
    }

    SourceHistory.Loaded loaded = SourceHistory.of(conf).load();

    long bytes = 0;
    boolean newest = false;
    for (Observation o : loaded.family("file:/a/*")) {
      bytes += 31 + o.family().length() + o.path().length();
      newest |= o.path().startsWith("file:/a/f19-");
    }
    assertTrue(bytes <= 64 * 1024, bytes + " bytes of records held from a 64k-bounded store");
    assertTrue(newest, "the newest file is read first");
    assertFalse(loaded.problems().isEmpty());
    String all = loaded.problems().toString();
    assertTrue(all.contains(ProvenanceKeys.READ_MAX_METADATA_BYTES), all);
    assertTrue(all.contains("not read"), all);
  }
}
