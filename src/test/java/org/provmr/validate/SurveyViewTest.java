package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.scale.SyntheticStore;

/**
 * The cadence survey's view of a large output: streamed and slim
 * ({@link LoadedOutput#forSurvey}), and the parts a family fed found in one pass
 * ({@link FamilyFeeds}), not one pass over the parts for each of the family's sources.
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
    List<FamilyFeeds.Feed> all = FamilyFeeds.of(o,
        uri -> uri.startsWith("file:/data/in/f") ? "f" : null).parts();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("feeds over 100,000 sources and 1,000 parts: " + ms + " ms");
    assertEquals(1_000, all.size());
    for (FamilyFeeds.Feed f : all) {
      assertEquals(0, f.first().id(), f.part().name()); // the family's lowest id
      assertEquals(List.of("f"), f.named());
      assertEquals(1, f.families());
    }

    // One file (splits 336 to 343): every part, named by the file's first split.
    List<FamilyFeeds.Feed> one = FamilyFeeds.of(o,
        uri -> uri.equals("file:/data/in/f42.txt") ? "42" : null).parts();
    assertEquals(1_000, one.size());
    assertEquals("part-r-00000", one.get(0).part().name());
    one.forEach(f -> assertEquals(336, f.first().id()));
    assertTrue(FamilyFeeds.of(o, uri -> uri.equals("file:/data/in/nothing.txt") ? "n" : null)
        .parts().isEmpty());

    // A family per file (12,500 families, every part fed by all): the walk of the one
    // distinct set stops after its budget and says there were more.
    List<FamilyFeeds.Feed> each = FamilyFeeds.of(o, uri -> uri).parts();
    assertEquals(1_000, each.size());
    assertEquals(FamilyFeeds.WALK, each.get(0).families());
    assertEquals(FamilyFeeds.NAMED, each.get(0).named().size());
    assertEquals("file:/data/in/f0.txt", each.get(0).named().get(0));
    assertTrue(each.get(0).more());
    assertNull(o.source(100_000));
    assertEquals("file:/data/in/f42.txt", o.source(340).uri());
  }
}
