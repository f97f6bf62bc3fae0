package org.provmr.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** A crafted history file that gzip inflates far beyond the metadata limit. */
class HistoryInflationTest {
  @TempDir
  Path dir;

  @Test
  void aFileInflatingPastTheMetadataLimitIsNamedAndReadOnlyUpToIt() throws Exception {
    Configuration conf = new Configuration();
    conf.set(ProvenanceKeys.HISTORY_DIR, dir.toUri().toString());
    conf.set(ProvenanceKeys.READ_MAX_METADATA_BYTES, "64k");
    String big = "a".repeat(65_000);
    List<Observation> crafted = new ArrayList<>();
    for (int i = 0; i < 300; i++) { // 300 paths of 65,000 characters: 19.5 MB inflated
      crafted.add(new Observation("file:/a/*", big + i, i, i, big, i,
          Observation.Kind.SWEEP));
    }
    Path file = dir.resolve("obs-1-x" + SourceHistory.SUFFIX);
    try (OutputStream out = Files.newOutputStream(file)) {
      HistoryFormat.write(out, crafted);
    }
    assertTrue(Files.size(file) < 64 * 1024, Files.size(file) + " bytes on disk");

    SourceHistory.Loaded loaded = SourceHistory.of(conf).load();

    assertEquals(1, loaded.problems().size(), loaded.problems().toString());
    String problem = loaded.problems().get(0);
    assertTrue(problem.contains(file.getFileName().toString()), problem);
    assertTrue(problem.contains(ProvenanceKeys.READ_MAX_METADATA_BYTES), problem);
    long chars = 0;
    for (Observation o : loaded.family("file:/a/*")) {
      chars += o.path().length() + o.fingerprint().length();
    }
    assertTrue(chars <= 64 * 1024, chars + " characters kept from a 64k-bounded file");
  }
}
