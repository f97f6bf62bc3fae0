package org.provmr.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.provmr.store.StoreJson;

/** Tampering with a lineage store's JSON files the way a hostile output owner would. */
public final class StoreEdits {

  private StoreEdits() {
  }

  /** Reads {@code file}, lets {@code edit} change the tree, writes it back (no .crc left). */
  public static void edit(Path file, Consumer<JsonNode> edit) throws IOException {
    JsonNode tree = StoreJson.mapper().readTree(file.toFile());
    edit.accept(tree);
    Files.writeString(file, StoreJson.mapper().writeValueAsString(tree));
    Outputs.dropCrc(file);
  }
}
