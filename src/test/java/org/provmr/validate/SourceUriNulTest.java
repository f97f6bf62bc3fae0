package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A source URI in a crafted store may hold a NUL, which no local path can: the fence refuses
 * it like any source it may not open. Found by OutputMutationTest: a varint of sources.bin
 * set to 0 put a NUL into a source's name, and validate failed (exit 1) with "Cannot validate
 * source ...: java.nio.file.InvalidPathException: Nul character not allowed", naming neither
 * the store nor the finding, when the symbolic-link check built the local path.
 */
class SourceUriNulTest {

  @Test
  void aSourceWhosePathHoldsANulIsOutsideTheFence() {
    SourceRoots roots = SourceRoots.of(List.of(URI.create("file:/work/in")));
    assertNull(roots.violation("file:/work/in/text-00000.txt"));
    assertEquals("its path holds a NUL character, which no file name can",
        roots.violation("file:/work/in/text-\u00000000.txt"));
  }
}
