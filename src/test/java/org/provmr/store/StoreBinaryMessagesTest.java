package org.provmr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

/**
 * A damaged binary store file is described in the store's terms, not the decoder's: the
 * strict UTF-8 decoder said "Input length = 1" and zlib "invalid code -- missing
 * end-of-block" (seen in OutputMutationTest's messages for sources.bin and parts.bin).
 */
class StoreBinaryMessagesTest {

  private static byte[] file(byte kind, byte[] body) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(new byte[] {'P', 'M', 'R', kind, StoreBinary.VERSION});
    try (DeflaterOutputStream d = new DeflaterOutputStream(b)) {
      d.write(body);
    }
    return b.toByteArray();
  }

  @Test
  void aStringThatIsNotUtf8IsNamedAsSuch() throws IOException {
    // One part entry: its name is two bytes, 0xC3 0x28 (a lead byte without its follower).
    byte[] parts = file(StoreBinary.PARTS, new byte[] {3, 3, (byte) 0xC3, 0x28, 0});
    IOException e = assertThrows(IOException.class,
        () -> StoreBinary.readParts(parts, "parts.bin"));
    assertEquals("Malformed lineage store file parts.bin: a string of 2 bytes is not UTF-8"
        + " (entry 0)", e.getMessage());
  }

  @Test
  void deflatedEntriesThatDoNotInflateAreNamedAsSuch() throws IOException {
    byte[] good = StoreBinary.sources(List.of());
    byte[] bad = good.clone();
    bad[5] ^= 0x40; // the deflate stream's header
    IOException e = assertThrows(IOException.class,
        () -> StoreBinary.readSources(bad, "sources.bin"));
    assertEquals("Malformed lineage store file sources.bin: its compressed entries are"
        + " damaged (zlib: incorrect header check) (entry 0)", e.getMessage());
  }
}
