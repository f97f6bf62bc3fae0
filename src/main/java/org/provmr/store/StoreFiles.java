package org.provmr.store;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.Path;

/**
 * The bytes of a lineage store's files exactly as read, so that what keyed mode verifies is
 * what is parsed, not a second read that may differ.
 *
 * @param output the output directory, qualified
 * @param job job.json
 * @param sources sources.json
 * @param parts parts.json
 * @param seal store.mac, or null when the store is not sealed
 */
public record StoreFiles(Path output, byte[] job, byte[] sources, byte[] parts, byte[] seal) {

  /**
   * Parses the three files (JSON lists in formatVersion 1, binary entries in 2); errors name
   * the file.
   */
  public StoredJob parse() throws IOException {
    JobRecord j = parse(LineageStore.JOB_FILE, job, new TypeReference<JobRecord>() { });
    if (j == null) {
      throw malformed(LineageStore.JOB_FILE, "it holds null");
    }
    List<SourceEntry> s;
    List<PartEntry> p;
    if (j.formatVersion() >= 2) {
      s = StoreBinary.readSources(sources,
          new Path(LineageStore.dir(output), LineageStore.SOURCES_BIN).toString());
      p = StoreBinary.readParts(parts,
          new Path(LineageStore.dir(output), LineageStore.PARTS_BIN).toString());
    } else {
      s = parse(LineageStore.SOURCES_FILE, sources, new TypeReference<List<SourceEntry>>() { });
      p = parse(LineageStore.PARTS_FILE, parts, new TypeReference<List<PartEntry>>() { });
    }
    noNulls(LineageStore.SOURCES_FILE, s);
    noNulls(LineageStore.PARTS_FILE, p);
    return new StoredJob(output, j, s, p);
  }

  /**
   * {@link #parse}, with every part name checked as {@link LineageStore#read} checks it (a
   * reader that opens parts by name needs that).
   */
  public StoredJob parseChecked() throws IOException {
    StoredJob stored = parse();
    for (PartEntry p : stored.parts()) {
      StoreNames.checkPartName(new Path(LineageStore.dir(output), LineageStore.PARTS_FILE), p);
    }
    return stored;
  }

  private void noNulls(String name, List<?> entries) throws IOException {
    if (entries == null) {
      throw malformed(name, "it holds null instead of a list");
    }
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i) == null) {
        throw malformed(name, "entry " + i + " is null");
      }
    }
  }

  private IOException malformed(String name, String why) {
    return new IOException("Malformed lineage store file "
        + new Path(LineageStore.dir(output), name) + ": " + why);
  }

  /** The seal, or null when the store has none. */
  public StoreSeal parseSeal() throws IOException {
    return seal == null ? null
        : parse(StoreSeal.FILE, seal, new TypeReference<StoreSeal>() { });
  }

  /** Whether {@code key}'s MAC of these bytes is the recorded seal. */
  public boolean sealedBy(MacKey key) throws IOException {
    StoreSeal s = parseSeal();
    return s != null && s.verifies(key, job, sources, parts);
  }

  private <T> T parse(String name, byte[] bytes, TypeReference<T> type) throws IOException {
    return LineageStore.parseJson(new Path(LineageStore.dir(output), name), bytes, type);
  }

}
