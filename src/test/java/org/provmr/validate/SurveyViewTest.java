package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.scale.SyntheticStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;

/**
 * The cadence survey's view of a large output: streamed and slim
 * ({@link LoadedOutput#forSurvey}), and the parts a family fed found in one pass
 * ({@link LoadedOutput#fedBy}), not one pass over the parts for each of the family's sources.
 */
class SurveyViewTest {
  @TempDir
  Path tmp;

  @Test
  void aFamilyOfEverySplitMapsToEveryPartInOnePass() throws Exception {
    Configuration conf = new Configuration();
    conf.set(ProvenanceKeys.VALIDATE_SOURCE_ROOTS, "file:/data/in");
    org.apache.hadoop.fs.Path output = new org.apache.hadoop.fs.Path(tmp.resolve("out").toUri());
    SyntheticStore.write(FileSystem.getLocal(conf), output, 100_000, 1_000, 4, null);
    LoadedOutput o = LoadedOutput.forSurvey(conf, output.toString());
    assertEquals(100_000, o.job.sources().size());
    assertTrue(o.job.sources().get(7).chunkFingerprints().isEmpty(), "the survey drops fingerprints");
    assertTrue(o.job.parts().get(0).sourceSets().isEmpty(), "and source-set dictionaries");

    long t0 = System.nanoTime();
    Map<PartEntry, SourceEntry> all = o.fedBy(uri -> uri.startsWith("file:/data/in/f"));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("fedBy over 100,000 sources and 1,000 parts: " + ms + " ms");
    assertEquals(1_000, all.size());
    for (Map.Entry<PartEntry, SourceEntry> e : all.entrySet()) {
      assertEquals(0, e.getValue().id(), e.getKey().name()); // the family's lowest id
    }

    // One file (splits 336 to 343): every part, named by the file's first split.
    Map<PartEntry, SourceEntry> one = o.fedBy(uri -> uri.equals("file:/data/in/f42.txt"));
    assertEquals(1_000, one.size());
    assertEquals("part-r-00000", one.keySet().iterator().next().name());
    one.values().forEach(s -> assertEquals(336, s.id()));
    assertTrue(o.fedBy(uri -> uri.equals("file:/data/in/nothing.txt")).isEmpty());
    assertNull(o.source(100_000));
    assertEquals("file:/data/in/f42.txt", o.source(340).uri());
  }
}
