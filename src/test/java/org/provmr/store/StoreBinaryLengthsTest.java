package org.provmr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.provmr.testing.Allocations;

/**
 * The lengths inside a binary store file (an entry's, a source id set's) come from whoever
 * owns the output: a length that says more than the file holds is an error naming the file,
 * and is not allocated first. Found by OutputMutationTest: five bytes of parts.bin made
 * inspect, validate, recompute and promote allocate 64 MiB (validate twice).
 */
class StoreBinaryLengthsTest {
  /** Far below the 64 MiB a lying length used to allocate, far above a small store's read. */
  private static final long BOUND = 4L << 20;

  /** A store file of {@code kind} whose inflated body is {@code body}. */
  private static byte[] file(byte kind, byte[] body) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(new byte[] {'P', 'M', 'R', kind, StoreBinary.VERSION});
    try (DeflaterOutputStream d = new DeflaterOutputStream(b)) {
      d.write(body);
    }
    return b.toByteArray();
  }

  private static byte[] varints(long... values) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    for (long v : values) {
      SourceIds.writeVarint(out, v);
    }
    return b.toByteArray();
  }

  @Test
  void anEntryLongerThanTheFileIsTruncationNotAnAllocationOfItsLength() throws IOException {
    byte[] parts = file(StoreBinary.PARTS, varints(StoreBinary.MAX_ENTRY_BYTES - 1, 7));
    long before = Allocations.now();
    IOException e = assertThrows(IOException.class,
        () -> StoreBinary.readParts(parts, "parts.bin"));
    long used = Allocations.now() - before;
    assertEquals("Malformed lineage store file parts.bin: truncated in entry 0", e.getMessage());
    assertTrue(used < BOUND, "allocated " + used + " bytes for a " + parts.length
        + "-byte file");
  }

  @Test
  void aSourceSetLongerThanItsEntryIsRefusedBeforeItIsAllocated() throws IOException {
    // name "p", no task, eight zero varints (records ... headerBytes), then the sources set's
    // length: 64 MiB - 1 in an entry of 15 bytes.
    byte[] entry = varints(2, 'p', 0, 0, 0, 0, 0, 0, 0, 0, 0, StoreBinary.MAX_ENTRY_BYTES - 1);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(varints(entry.length));
    body.write(entry);
    body.write(0);
    byte[] parts = file(StoreBinary.PARTS, body.toByteArray());
    long before = Allocations.now();
    IOException e = assertThrows(IOException.class,
        () -> StoreBinary.readParts(parts, "parts.bin"));
    long used = Allocations.now() - before;
    assertTrue(e.getMessage().startsWith("Malformed lineage store file parts.bin: source id set"
        + " of 67108863 bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("(entry 0)"), e.getMessage());
    assertTrue(used < BOUND, "allocated " + used + " bytes for a " + parts.length
        + "-byte file");
  }

  @Test
  void aWellFormedFileStillReads() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] entry = varints(2, 'p', 0, 0, 0, 0, 0, 0, 0, 0, 0);
    byte[] sources = SourceIds.of(1, 2, 3).encoded();
    byte[] rest = varints(sources.length);
    body.write(varints(entry.length + rest.length + sources.length + 7));
    body.write(entry);
    body.write(rest);
    body.write(sources);
    body.write(varints(0, 0, 0, 0, 0, 0, 0)); // no sets, summary, MACs
    body.write(0);
    PartEntry p = StoreBinary.readParts(file(StoreBinary.PARTS, body.toByteArray()),
        "parts.bin").get(0);
    assertEquals("p", p.name());
    assertEquals(SourceIds.of(1, 2, 3), p.sources());
  }
}
