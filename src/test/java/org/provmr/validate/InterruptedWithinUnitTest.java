package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.testing.InterruptingFileSystem;

/**
 * The in-process check stops inside a unit when its thread is interrupted (the service's time
 * limit per output): the whole-file read of a part, the record scan of a part, the read of a
 * source range each ask every buffer or few thousand records. Before, a unit ran to its end,
 * so one huge part overran the limit by as long as it took. The interrupt comes at a chosen
 * open of the file, so nothing depends on timing: the single unit checked either throws or
 * returns.
 */
class InterruptedWithinUnitTest {
  @TempDir
  static Path dir;
  static Configuration conf;
  static String input;
  static String output;

  @BeforeAll
  static void anOutput() throws Exception {
    conf = ValidationFixtures.conf(dir);
    input = dir.resolve("text").toUri().toString();
    output = dir.resolve("wc").toUri().toString();
    ValidationFixtures.generate(conf, input);
    ValidationFixtures.wordcount(conf, input, output);
  }

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void aPartsWholeFileReadStopsWhenInterrupted() throws Exception {
    String part = "/wc/part-r-00000";
    InterruptedIOException e = interrupted(new Configuration(conf), part, 1,
        u -> u.kind() == WorkUnit.Kind.PART && u.part().equals("part-r-00000"));
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }

  @Test
  void aPartsRecordScanStopsWhenInterrupted() throws Exception {
    Configuration c = new Configuration(conf);
    c.setBoolean(ProvenanceKeys.VALIDATE_DEEP, true);
    String part = "/wc/part-r-00001";
    // The first open reads the whole file; the second is the record scan's.
    InterruptedIOException e = interrupted(c, part, 2,
        u -> u.kind() == WorkUnit.Kind.PART && u.part().equals("part-r-00001"));
    assertTrue(e.getMessage().contains(part), e.getMessage());
    assertEquals(2, InterruptingFileSystem.opens());
  }

  @Test
  void aSourceRangeReadStopsWhenInterrupted() throws Exception {
    InterruptedIOException e = interrupted(new Configuration(conf), "/text/", 1,
        u -> u.kind() == WorkUnit.Kind.SOURCE);
    assertTrue(e.getMessage().contains("/text/"), e.getMessage());
  }

  /** Checks one unit on one thread, interrupted at the {@code open}-th open of the file. */
  private static InterruptedIOException interrupted(Configuration c, String file, int open,
      Predicate<WorkUnit> which) throws Exception {
    c.setInt("provenance.validate.direct.threads", 1);
    ValidationPlan plan = ValidationPlan.of(c, List.of(new org.apache.hadoop.fs.Path(output)));
    WorkUnit unit = plan.units().stream().filter(which).findFirst().orElseThrow();
    InterruptingFileSystem.install(c, file, open);
    InterruptedIOException e = assertThrows(InterruptedIOException.class,
        () -> DirectValidation.run(c, plan, u -> u == unit, System.currentTimeMillis()),
        "the unit was checked to its end");
    assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept");
    assertTrue(InterruptingFileSystem.opens() >= open, "interrupted while reading it");
    return e;
  }
}
