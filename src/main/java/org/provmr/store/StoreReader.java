package org.provmr.store;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.io.UntrustedFiles;

/**
 * Reads a lineage store one entry at a time, for planners that must not hold a million-split
 * manifest: job.json is read whole (it is small and bounded by
 * {@value ProvenanceKeys#READ_MAX_METADATA_BYTES}), sources.bin and parts.bin are streamed, each
 * entry bounded by {@link StoreBinary#MAX_ENTRY_BYTES} and dropped once the consumer returns.
 *
 * <p>A formatVersion 1 store (JSON lists) cannot be streamed entry by entry; it is read whole,
 * within the metadata bound, as {@link LineageStore#read} does. Nothing here verifies a keyed
 * mode seal (that needs the exact bytes of all three files): a sweep's store unit does.
 */
public final class StoreReader {
  private final Configuration conf;
  private final FileSystem fs;
  private final Path output;
  private final JobRecord job;

  private StoreReader(Configuration conf, FileSystem fs, Path output, JobRecord job) {
    this.conf = conf;
    this.fs = fs;
    this.output = output;
    this.job = job;
  }

  /** Opens the store of {@code output}: reads and checks job.json only. */
  public static StoreReader open(Configuration conf, Path output) throws IOException {
    FileSystem fs = output.getFileSystem(conf);
    Path qualified = fs.makeQualified(output);
    Path file = new Path(LineageStore.dir(qualified), LineageStore.JOB_FILE);
    byte[] bytes;
    try {
      bytes = UntrustedFiles.readAll(fs, file, UntrustedFiles.maxMetadataBytes(conf),
          ProvenanceKeys.READ_MAX_METADATA_BYTES);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException("No lineage store in " + qualified + " (missing " + file
          + "). Only the output of a ProvMR job that committed has one.");
    }
    LineageStore.formatVersion(file, bytes);
    JobRecord job = LineageStore.readJson(conf, fs, file, new TypeReference<JobRecord>() { });
    return new StoreReader(conf, fs, qualified, job);
  }

  /** The output directory, qualified. */
  public Path output() {
    return output;
  }

  public JobRecord job() {
    return job;
  }

  /** Whether the entry files are binary (formatVersion 2 or later), so reads stream. */
  public boolean streams() {
    return job.formatVersion() >= 2;
  }

  /** The file the source entries are read from. */
  public Path sourcesFile() {
    return new Path(LineageStore.dir(output), streams() ? LineageStore.SOURCES_BIN
        : LineageStore.SOURCES_FILE);
  }

  /** The file the part entries are read from. */
  public Path partsFile() {
    return new Path(LineageStore.dir(output), streams() ? LineageStore.PARTS_BIN
        : LineageStore.PARTS_FILE);
  }

  /** Gives every source entry, in file order, to {@code each}. */
  public void sources(StoreBinary.EntryConsumer<SourceEntry> each) throws IOException {
    Path file = sourcesFile();
    if (!streams()) {
      for (SourceEntry s : LineageStore.readJson(conf, fs, file,
          new TypeReference<List<SourceEntry>>() { })) {
        each.accept(s);
      }
      return;
    }
    try (InputStream in = openEntries(file)) {
      StoreBinary.streamSources(in, file.toString(), each);
    }
  }

  /** Gives every part entry, in file order, to {@code each}. */
  public void parts(StoreBinary.EntryConsumer<PartEntry> each) throws IOException {
    Path file = partsFile();
    // Every name is checked before its entry is handed on, as LineageStore.read does.
    StoreBinary.EntryConsumer<PartEntry> checked = p -> {
      StoreNames.checkPartName(file, p);
      each.accept(p);
    };
    if (!streams()) {
      for (PartEntry p : LineageStore.readJson(conf, fs, file,
          new TypeReference<List<PartEntry>>() { })) {
        checked.accept(p);
      }
      return;
    }
    try (InputStream in = openEntries(file)) {
      StoreBinary.streamParts(in, file.toString(), checked);
    }
  }

  /**
   * The store as a recompute planner needs it, read streaming and slimmed as it goes: each
   * source keeps its id, URI (one String a file, shared by its splits), range, times and
   * upstream, without fingerprints (128 chunk fingerprints a 128 MiB split at the 1 MiB
   * default: what a 1 PB manifest is made of); each part keeps its counts, checksum and the
   * splits that fed it, without its source-set dictionary and MACs (up to the budget, 16 KiB,
   * a part). For planning only: never for checking a source or rewriting the store, which
   * need what is left out.
   */
  public StoredJob forPlanning() throws IOException {
    List<SourceEntry> sources = new java.util.ArrayList<>();
    String[] lastUri = {null};
    sources(s -> {
      String uri = s.uri() != null && s.uri().equals(lastUri[0]) ? lastUri[0] : s.uri();
      lastUri[0] = uri;
      sources.add(new SourceEntry(s.id(), uri, s.start(), s.length(), s.fileLength(),
          s.modificationTime(), s.positions() == null ? null : s.positions().intern(), null,
          null, s.chunkBytes(), List.of(), s.upstream()));
    });
    List<PartEntry> parts = new java.util.ArrayList<>();
    parts(p -> parts.add(new PartEntry(p.name(), p.task(), p.records(), p.bytes(),
        p.checksumAlgorithm(), p.checksum(), p.headerMode(), p.timestampBase(), p.lineageId(),
        p.headerBytes(), p.sources(), List.of(), null, p.summarizedRecords(), p.identity(),
        p.macKeyId(), p.macChunkBytes(), List.of())));
    return new StoredJob(output, job, sources, parts);
  }

  private InputStream openEntries(Path file) throws IOException {
    try {
      // No bound on the whole file: it is never held, and each entry is bounded.
      UntrustedFiles.requireRegularFile(fs, file);
      return new java.io.BufferedInputStream(fs.open(file), 1 << 16);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException("Lineage store " + LineageStore.dir(output)
          + " has job.json but no " + file.getName() + ": it is incomplete; re-run the job"
          + " that wrote " + output);
    }
  }
}
