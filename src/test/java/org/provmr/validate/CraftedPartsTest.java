package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.provmr.validate.ValidationFixtures.conf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.mapreduce.ProvenanceInputFormat;
import org.provmr.testing.Allocations;
import org.provmr.testing.TestData;

/**
 * Parts crafted by whoever can write an output directory: every reader (inspect, validate,
 * ProvenanceInputFormat) stops with an error naming the file and the byte offset, allocates
 * nothing from the crafted length, and never blocks on a FIFO.
 */
class CraftedPartsTest {
  /** inspect's own working set (configuration, file system, buffers), far below 2 GB. */
  private static final long ALLOCATION_BOUND = 64L << 20;

  @TempDir
  static Path dir;
  static Configuration conf;
  static String grep;
  static ValidationFixtures.RecordAt record;
  private static int copies;

  @BeforeAll
  static void grepOutput() throws Exception {
    conf = conf(dir);
    String text = dir.resolve("text").toUri().toString();
    grep = dir.resolve("grep").toUri().toString();
    ValidationFixtures.generate(conf, text);
    ValidationFixtures.grep(conf, text, grep);
    record = ValidationFixtures.records(conf, part(grep)).get(5);
  }

  private static org.apache.hadoop.fs.Path part(String output) {
    return new org.apache.hadoop.fs.Path(output, "part-m-00000");
  }

  /** A copy of the grep output whose part-m-00000 has {@code bytes} at {@code at}. */
  private static String patched(long at, byte[] bytes) throws Exception {
    String copy = dir.resolve("copy-" + copies++).toUri().toString();
    ValidationFixtures.copy(conf, grep, copy);
    ValidationFixtures.edit(conf, part(copy),
        b -> System.arraycopy(bytes, 0, b, (int) at, bytes.length));
    return copy;
  }

  private static byte[] int32(int v) {
    return ByteBuffer.allocate(4).putInt(v).array();
  }

  private static TestData.Run inspect(String path) throws Exception {
    long before = Allocations.now();
    TestData.Run run = TestData.provmr(conf, "inspect", path);
    long used = Allocations.now() - before;
    assertTrue(used < ALLOCATION_BOUND, "inspect allocated " + used + " bytes");
    return run;
  }

  @Test
  void inspectRefusesAHugeRecordLengthNamingFileAndOffset() throws Exception {
    String copy = patched(record.offset(), int32(0x7ffffff0));
    TestData.Run run = inspect(part(copy).toString());
    assertEquals(ExitCodes.FAILURE, run.exitCode(), run.err());
    assertTrue(run.err().contains(part(copy) + ": the record at byte " + record.offset()
        + " declares 2147483632 bytes, more than provenance.read.max.record.bytes (67108864)"),
        run.err());
  }

  @Test
  void inspectRefusesANegativeRecordLengthWithoutAnIndexError() throws Exception {
    String copy = patched(record.offset(), int32(-100));
    TestData.Run run = inspect(part(copy).toString());
    assertEquals(ExitCodes.FAILURE, run.exitCode(), run.err());
    assertTrue(run.err().contains("corrupt record framing at byte " + record.offset()
        + " (record length -100, key length " + record.keyLength() + ")"), run.err());
    assertFalse(run.err().contains("IndexOutOfBounds"), run.err());
  }

  @Test
  void inspectRefusesATextLengthLargerThanItsRecord() throws Exception {
    // The key is a Text: its vint length prefix starts the key, right after the framing.
    java.io.ByteArrayOutputStream vint = new java.io.ByteArrayOutputStream();
    WritableUtils.writeVInt(new java.io.DataOutputStream(vint), 0x7ffffff0);
    String copy = patched(record.offset() + 8, vint.toByteArray());
    TestData.Run run = inspect(part(copy).toString());
    assertEquals(ExitCodes.FAILURE, run.exitCode(), run.err());
    assertTrue(run.err().contains("The key of the record at byte " + record.offset() + " in "
        + part(copy) + " declares 2147483632 bytes, but only "), run.err());
  }

  // A hang guard, not a timing assertion: opening a FIFO blocks forever, uninterruptibly.
  @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @Test
  void inspectOfAnOutputWithAFifoPartFailsAtOnce() throws Exception {
    String copy = fifoPart();
    TestData.Run run = TestData.provmr(conf, "inspect", copy);
    assertEquals(ExitCodes.FAILURE, run.exitCode(), run.err());
    assertTrue(run.err().contains("part-m-00000 is a FIFO, socket or device, not a regular"
        + " file; it was not opened"), run.err());
  }

  // A hang guard, not a timing assertion: opening a FIFO blocks forever, uninterruptibly.
  @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @Test
  void validateReportsAFifoPartAsUnreadableInsteadOfHanging() throws Exception {
    String copy = fifoPart();
    ValidationFixtures.Validation v = ValidationFixtures.validate(conf,
        dir.resolve("alerts-fifo").toUri().toString(), "--output", copy);
    assertEquals(ExitCodes.FINDINGS, v.exitCode(), v.out() + v.err());
    List<Alert> onPart = v.alerts().stream()
        .filter(a -> "part-m-00000".equals(a.part())).toList();
    assertEquals(1, onPart.size(), onPart.toString());
    assertEquals("unreadable", onPart.get(0).reason());
    assertTrue(onPart.get(0).message().contains("is a FIFO, socket or device, not a regular"
        + " file; it was not opened"), onPart.get(0).message());
  }

  // A hang guard, not a timing assertion: opening a FIFO blocks forever, uninterruptibly.
  @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @Test
  void validateReportsAFifoSourceAsNotAFileInsteadOfHanging() throws Exception {
    // Its own input and output: the shared input stays intact for the other cases.
    Path text = dir.resolve("fifo-text");
    String out = dir.resolve("fifo-grep").toUri().toString();
    ValidationFixtures.generate(conf, text.toUri().toString());
    ValidationFixtures.grep(conf, text.toUri().toString(), out);
    Path source;
    try (java.util.stream.Stream<Path> files = Files.list(text)) {
      source = files.filter(f -> !f.getFileName().toString().startsWith("."))
          .sorted().findFirst().orElseThrow();
    }
    Files.delete(source);
    Files.deleteIfExists(source.resolveSibling("." + source.getFileName() + ".crc"));
    assertEquals(0, new ProcessBuilder("mkfifo", source.toString()).start().waitFor());

    ValidationFixtures.Validation v = ValidationFixtures.validate(conf,
        dir.resolve("alerts-fifo-source").toUri().toString(), "--output", out);
    assertEquals(ExitCodes.FINDINGS, v.exitCode(), v.out() + v.err());
    List<Alert> about = v.alerts().stream().filter(a -> a.dataId() != null
        && a.dataId().uri().endsWith("/" + source.getFileName())).toList();
    assertFalse(about.isEmpty(), v.alerts().toString());
    for (Alert a : about) {
      assertEquals(AlertType.SOURCE_MISSING, a.type(), a.toString());
      assertEquals("not_a_file", a.reason(), a.toString());
      assertTrue(a.message().contains("was not opened: ") && a.message().contains("FIFO"),
          a.message());
    }
  }

  @Test
  void validateReportsAHugeRecordLengthAsUnreadableAtItsOffset() throws Exception {
    String copy = patched(record.offset(), int32(0x7ffffff0));
    ValidationFixtures.Validation v = ValidationFixtures.validate(conf,
        dir.resolve("alerts-huge").toUri().toString(), "--output", copy);
    assertEquals(ExitCodes.FINDINGS, v.exitCode(), v.out() + v.err());
    Alert a = v.alerts().stream().filter(x -> "part-m-00000".equals(x.part())).findFirst()
        .orElseThrow();
    assertEquals("unreadable", a.reason());
    assertEquals(record.offset(), a.offset());
    assertEquals(5L, a.record());
    assertTrue(a.message().contains("declares 2147483632 bytes, more than"
        + " provenance.read.max.record.bytes"), a.message());
  }

  @Test
  void provenanceInputFormatRefusesACraftedRecordNamingFileAndOffset() throws Exception {
    String copy = patched(record.offset(), int32(0x7ffffff0));
    org.apache.hadoop.fs.Path p = part(copy);
    long length = p.getFileSystem(conf).getFileStatus(p).getLen();
    TaskAttemptContextImpl context = new TaskAttemptContextImpl(conf, new TaskAttemptID());
    long before = Allocations.now();
    IOException e;
    try (RecordReader<Writable, ?> r = new ProvenanceInputFormat<Writable, Writable>()
        .createRecordReader(new FileSplit(p, 0, length, null), context)) {
      r.initialize(new FileSplit(p, 0, length, null), context);
      e = assertThrows(IOException.class, () -> {
        while (r.nextKeyValue()) {
          // records before the crafted one read fine
        }
      });
    }
    assertTrue(Allocations.now() - before < ALLOCATION_BOUND);
    assertTrue(e.getMessage().startsWith(p + ": the record at byte " + record.offset()
        + " declares 2147483632 bytes"), e.getMessage());
  }

  /** A copy of the grep output whose part-m-00000 is a FIFO. */
  private static String fifoPart() throws Exception {
    String copy = dir.resolve("copy-" + copies++).toUri().toString();
    ValidationFixtures.copy(conf, grep, copy);
    Path part = Path.of(java.net.URI.create(copy)).resolve("part-m-00000");
    Files.delete(part);
    Files.deleteIfExists(part.resolveSibling(".part-m-00000.crc"));
    assertEquals(0, new ProcessBuilder("mkfifo", part.toString()).start().waitFor());
    return copy;
  }
}
