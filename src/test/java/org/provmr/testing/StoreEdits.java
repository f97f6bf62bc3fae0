package org.provmr.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceIds;
import org.provmr.store.StoreJson;
import org.provmr.store.StoredJob;

/** Tampering with a lineage store's JSON files the way a hostile output owner would. */
public final class StoreEdits {

  private StoreEdits() {
  }

  /**
   * Reads {@code file}, lets {@code edit} change the tree, writes it back (no .crc left). A
   * {@code sources.json} or {@code parts.json} of a formatVersion 2 store (binary entries) is
   * first made by {@link #toVersion1}, so edits by field name keep working.
   */
  public static void edit(Path file, Consumer<JsonNode> edit) throws IOException {
    toVersion1(file.getParent().getParent());
    JsonNode tree = StoreJson.mapper().readTree(file.toFile());
    edit.accept(tree);
    Files.writeString(file, StoreJson.mapper().writeValueAsString(tree));
    Outputs.dropCrc(file);
  }

  /**
   * Rewrites the store of a local output as formatVersion 1 (JSON lists), the layout earlier
   * ProvMR versions wrote and this one still reads; does nothing when it already is. A keyed
   * store's seal no longer matches afterwards, as after any edit.
   */
  public static void toVersion1(Path output) throws IOException {
    Path store = output.resolve(LineageStore.DIR);
    if (!Files.exists(store.resolve(LineageStore.SOURCES_BIN))) {
      return;
    }
    StoredJob job = LineageStore.read(new Configuration(), new org.apache.hadoop.fs.Path(
        output.toUri()));
    ObjectNode j = StoreJson.mapper().valueToTree(job.job());
    j.put("formatVersion", 1);
    // Through Hadoop's local file system, as a job writes them (with .crc sidecars).
    org.apache.hadoop.fs.FileSystem fs = org.apache.hadoop.fs.FileSystem.getLocal(
        new Configuration());
    write(fs, store.resolve(LineageStore.SOURCES_FILE),
        StoreJson.mapper().writeValueAsBytes(job.sources()));
    write(fs, store.resolve(LineageStore.PARTS_FILE),
        StoreJson.mapper().writeValueAsBytes(job.parts()));
    write(fs, store.resolve(LineageStore.JOB_FILE), StoreJson.mapper().writeValueAsBytes(j));
    for (String f : new String[] {LineageStore.SOURCES_BIN, LineageStore.PARTS_BIN}) {
      Files.deleteIfExists(store.resolve(f));
      Outputs.dropCrc(store.resolve(f));
    }
  }

  private static void write(org.apache.hadoop.fs.FileSystem fs, Path file, byte[] bytes)
      throws IOException {
    try (java.io.OutputStream out = fs.create(new org.apache.hadoop.fs.Path(file.toUri()),
        true)) {
      out.write(bytes);
    }
  }

  /** {@code p} with other sources and source sets: a crafted store's part entry. */
  public static PartEntry withSources(PartEntry p,
      SourceIds sources, List<SourceIds> sets) {
    return new PartEntry(p.name(), p.task(), p.records(), p.bytes(),
        p.checksumAlgorithm(), p.checksum(), p.headerMode(), p.timestampBase(), p.lineageId(),
        p.headerBytes(), sources, sets, p.summarySet(), p.summarizedRecords(), p.identity(),
        p.macKeyId(), p.macChunkBytes(), p.macs());
  }
}
