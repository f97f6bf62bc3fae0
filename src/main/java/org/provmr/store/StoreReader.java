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
 * mode seal unless asked ({@link #forPlanning(StoreSeal.Verifier)}, which MACs the bytes as they
 * are parsed).
 */
public final class StoreReader {
  private final Configuration conf;
  private final FileSystem fs;
  private final Path output;
  private final JobRecord job;
  private final byte[] jobBytes;

  private StoreReader(Configuration conf, FileSystem fs, Path output, JobRecord job,
      byte[] jobBytes) {
    this.conf = conf;
    this.fs = fs;
    this.output = output;
    this.job = job;
    this.jobBytes = jobBytes;
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
    // Parsed from the bytes read, which a seal is checked against (forPlanning(Verifier)).
    JobRecord job = LineageStore.parseJson(file, bytes, new TypeReference<JobRecord>() { });
    if (job == null) {
      throw new IOException("Malformed lineage store file " + file + ": it holds null");
    }
    return new StoreReader(conf, fs, qualified, job, bytes);
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
    return forPlanning(null);
  }

  /**
   * {@link #forPlanning()}, checking a keyed-mode seal over the bytes parsed when {@code seal}
   * is not null, as {@link #read} does (then ask {@link StoreSeal.Verifier#verified()}).
   */
  public StoredJob forPlanning(StoreSeal.Verifier seal) throws IOException {
    List<SourceEntry> sources = new java.util.ArrayList<>();
    List<PartEntry> parts = new java.util.ArrayList<>();
    String[] lastUri = {null};
    StoreBinary.EntryConsumer<SourceEntry> eachSource = s -> {
      String uri = s.uri() != null && s.uri().equals(lastUri[0]) ? lastUri[0] : s.uri();
      lastUri[0] = uri;
      sources.add(new SourceEntry(s.id(), uri, s.start(), s.length(), s.fileLength(),
          s.modificationTime(), s.positions() == null ? null : s.positions().intern(), null,
          null, s.chunkBytes(), List.of(), s.upstream()));
    };
    StoreBinary.EntryConsumer<PartEntry> eachPart = p -> parts.add(new PartEntry(p.name(),
        p.task(), p.records(), p.bytes(), p.checksumAlgorithm(), p.checksum(), p.headerMode(),
        p.timestampBase(), p.lineageId(), p.headerBytes(), p.sources(), List.of(), null,
        p.summarizedRecords(), p.identity(), p.macKeyId(), p.macChunkBytes(), List.of()));
    read(seal, eachSource, eachPart);
    return new StoredJob(output, job, sources, parts);
  }

  /**
   * Gives every source entry, then every part entry, to the consumers, checking a keyed-mode
   * seal over the very bytes parsed when {@code seal} is not null (then ask
   * {@link StoreSeal.Verifier#verified()}): job.json as read by {@link #open}, each entry file
   * MACed as it streams past and read to its end. A formatVersion 1 store is read whole (within
   * the metadata bound) and checked as such.
   */
  public void read(StoreSeal.Verifier seal, StoreBinary.EntryConsumer<SourceEntry> eachSource,
      StoreBinary.EntryConsumer<PartEntry> eachPart) throws IOException {
    if (seal == null) {
      sources(eachSource);
      parts(eachPart);
    } else if (!streams()) {
      StoreFiles files = LineageStore.readFiles(conf, output);
      // job.json as this reader parsed it, not as read again: what is trusted is what is used.
      seal.all(jobBytes, files.sources(), files.parts());
      StoredJob whole = files.parse();
      Path partsFile = partsFile();
      for (SourceEntry s : whole.sources()) {
        eachSource.accept(s);
      }
      for (PartEntry p : whole.parts()) {
        StoreNames.checkPartName(partsFile, p);
        eachPart.accept(p);
      }
    } else {
      seal.job(jobBytes);
      Path sourcesFile = sourcesFile();
      sealed(seal, sourcesFile, in -> StoreBinary.streamSources(in, sourcesFile.toString(),
          eachSource));
      Path partsFile = partsFile();
      sealed(seal, partsFile, in -> StoreBinary.streamParts(in, partsFile.toString(), p -> {
        StoreNames.checkPartName(partsFile, p);
        eachPart.accept(p);
      }));
    }
  }

  /** The keyed-mode seal's bytes (store.mac, bounded like job.json), or null if unsealed. */
  public StoreSeal seal() throws IOException {
    Path file = new Path(LineageStore.dir(output), StoreSeal.FILE);
    if (!fs.exists(file)) {
      return null;
    }
    byte[] bytes = UntrustedFiles.readAll(fs, file, UntrustedFiles.maxMetadataBytes(conf),
        ProvenanceKeys.READ_MAX_METADATA_BYTES);
    return LineageStore.parseJson(file, bytes, new TypeReference<StoreSeal>() { });
  }

  private interface EntryFile {
    void read(InputStream in) throws IOException;
  }

  /** Reads {@code file} through the seal's MAC, then on to its end (all of it is covered). */
  private void sealed(StoreSeal.Verifier seal, Path file, EntryFile body) throws IOException {
    long length;
    InputStream raw;
    try {
      length = UntrustedFiles.requireRegularFile(fs, file).getLen();
      raw = UntrustedFiles.openRegularFile(fs, file);
    } catch (FileNotFoundException e) {
      throw incomplete(file);
    }
    StoreSeal.Verifier.Stream mac = seal.entries(length, raw);
    try (InputStream in = new java.io.BufferedInputStream(mac, 1 << 16)) {
      body.read(in);
      byte[] rest = new byte[1 << 16];
      while (in.read(rest) >= 0) {
        // trailing bytes are MACed too (the parser stops at the end marker)
      }
    }
    seal.end(mac);
  }

  private FileNotFoundException incomplete(Path file) {
    return new FileNotFoundException("Lineage store " + LineageStore.dir(output)
        + " has job.json but no " + file.getName() + ": it is incomplete; re-run the job"
        + " that wrote " + output);
  }

  private InputStream openEntries(Path file) throws IOException {
    try {
      // No bound on the whole file: it is never held, and each entry is bounded.
      return new java.io.BufferedInputStream(UntrustedFiles.openRegularFile(fs, file), 1 << 16);
    } catch (FileNotFoundException e) {
      throw incomplete(file);
    }
  }
}
