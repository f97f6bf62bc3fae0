package org.provmr.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.io.UntrustedFiles;

/**
 * The lineage store {@code <output>/_provenance/}: where a job records what a later
 * validation or recompute needs.
 *
 * <pre>
 * _provenance/job.json       job id, lineage table, effective configuration
 * _provenance/sources.bin    the source manifest: one entry per input split (formatVersion 2;
 *                            sources.json in 1)
 * _provenance/parts.bin      one entry per output part: records, checksum, sources (parts.json
 *                            in 1)
 * _provenance/store.mac      keyed mode only: the seal over the three files above
 * _provenance/claim          the capturing job's claim on the new directory ({@link OutputClaim})
 * _provenance.*.bin          (beside the parts, transient) per-task fragments, merged into
 *                            sources.bin and parts.bin at job commit, then deleted
 * </pre>
 *
 * <p>The leading underscore makes FileInputFormat skip the directory, so a downstream job can
 * read the output directory as its input. Tasks write fragments into their work path (they are
 * committed with the task's output, so a failed attempt leaves none), as files of its top level
 * named {@code _provenance.<fragment>} (hidden from FileInputFormat too); the job committer merges
 * them and writes the files atomically (temporary name, then rename) before {@code _SUCCESS}.
 */
public final class LineageStore {
  public static final String DIR = "_provenance";
  public static final String JOB_FILE = "job.json";
  public static final String SOURCES_FILE = "sources.json";
  public static final String PARTS_FILE = "parts.json";
  /** formatVersion 2: the source manifest as binary entries ({@link StoreBinary}). */
  public static final String SOURCES_BIN = "sources.bin";
  /** formatVersion 2: the parts as binary entries ({@link StoreBinary}). */
  public static final String PARTS_BIN = "parts.bin";
  /**
   * Where ProvMR builds before 2026-12-04 put task fragments ({@code _provenance/tasks/}); an
   * incomplete output of such a build may still hold one.
   */
  static final String LEGACY_FRAGMENTS = "tasks";
  /**
   * The name prefix of a task fragment: fragments are files at the top of a task's work path
   * ({@code _provenance.source-00042.bin}), so a task creates no directory for them and the
   * commit of a task merges no directory of them (docs/design.md).
   */
  static final String FRAGMENT_PREFIX = DIR + ".";
  static final String SOURCE_PREFIX = "source-";
  static final String PART_PREFIX = "part-";

  private LineageStore() {
  }

  public static Path dir(Path output) {
    return new Path(output, DIR);
  }

  /** True when {@code output} holds a committed lineage store. */
  public static boolean exists(Configuration conf, Path output) throws IOException {
    Path job = new Path(dir(output), JOB_FILE);
    return job.getFileSystem(conf).exists(job);
  }

  /** Reads the store of an output directory, with an error that says what is missing. */
  public static StoredJob read(Configuration conf, Path output) throws IOException {
    return readFiles(conf, output).parseChecked();
  }

  /** Reads the bytes of the store's files (and its keyed-mode seal, if any), unparsed. */
  public static StoreFiles readFiles(Configuration conf, Path output) throws IOException {
    FileSystem fs = output.getFileSystem(conf);
    Path qualified = fs.makeQualified(output);
    Path store = dir(qualified);
    try {
      byte[] job = readBytes(conf, fs, new Path(store, JOB_FILE));
      boolean binary = formatVersion(new Path(store, JOB_FILE), job) >= 2;
      byte[] sources = readBytes(conf, fs, new Path(store, binary ? SOURCES_BIN : SOURCES_FILE));
      byte[] parts = readBytes(conf, fs, new Path(store, binary ? PARTS_BIN : PARTS_FILE));
      Path sealFile = new Path(store, StoreSeal.FILE);
      byte[] seal = fs.exists(sealFile) ? readBytes(conf, fs, sealFile) : null;
      return new StoreFiles(qualified, job, sources, parts, seal);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException("No lineage store in " + qualified + " (missing "
          + e.getMessage() + "). Only the output of a ProvMR job that committed has one.");
    }
  }

  /**
   * The formatVersion job.json declares, refusing one this ProvMR cannot read (a newer
   * ProvMR's store must not be half-understood; an older one is read as it is).
   */
  static int formatVersion(Path file, byte[] job) throws IOException {
    JsonNode v = StoreJson.parse(file, () -> StoreJson.readTree(job)).path("formatVersion");
    if (v.isMissingNode()) {
      return JobRecord.OLDEST_READ_VERSION;
    }
    if (!v.canConvertToInt() || v.asInt() < JobRecord.OLDEST_READ_VERSION
        || v.asInt() > JobRecord.FORMAT_VERSION) {
      throw new IOException("Unsupported lineage store " + file + ": formatVersion " + v
          + "; this ProvMR reads versions " + JobRecord.OLDEST_READ_VERSION + " to "
          + JobRecord.FORMAT_VERSION + (v.canConvertToInt() && v.asInt() > JobRecord.FORMAT_VERSION
              ? ". It was written by a newer ProvMR: read it with that version or newer."
              : "."));
    }
    return v.asInt();
  }

  static byte[] readBytes(Configuration conf, FileSystem fs, Path file)
      throws IOException {
    try {
      return UntrustedFiles.readAll(fs, file, UntrustedFiles.maxMetadataBytes(conf),
          ProvenanceKeys.READ_MAX_METADATA_BYTES);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException(file.toString());
    }
  }

  /** Task side: writes the manifest entry of the split this map task read. */
  public static void writeSourceFragment(FileSystem fs, Path workDir, SourceEntry entry)
      throws IOException {
    writeFragment(fs, sourceFragment(workDir, entry.id()), StoreBinary.sources(List.of(entry)));
  }

  /** The task fragment of source {@code id} in {@code base} (a work path or the output). */
  static Path sourceFragment(Path base, int id) {
    return new Path(base, FRAGMENT_PREFIX + StoreNames.sourceFragment(id));
  }

  /** Task side: writes the entry of the part this task wrote. */
  public static void writePartFragment(FileSystem fs, Path workDir, PartEntry entry)
      throws IOException {
    writeFragment(fs, new Path(workDir, FRAGMENT_PREFIX + StoreNames.fragment(entry.name())),
        StoreBinary.parts(List.of(entry)));
  }

  private static void writeFragment(FileSystem fs, Path file, byte[] entry) throws IOException {
    try (OutputStream out = LocalFiles.create(fs, file, true)) {
      out.write(entry);
    }
  }

  /**
   * Job commit: merges the task fragments found in {@code output} and writes the store,
   * streaming ({@link FragmentMerge}). Files are written under temporary names and renamed,
   * job.json last, so a reader never sees a job.json without the manifest it refers to.
   *
   * @param key keyed mode's signing key, or null
   */
  public static void commit(FileSystem fs, Path output, JobRecord job, MacKey key)
      throws IOException {
    FragmentMerge.commit(fs, output, job, key);
  }

  /** Entries given one at a time, in the order they are to be written. */
  @FunctionalInterface
  public interface Entries<T> {
    void forEach(StoreBinary.EntryConsumer<T> each) throws IOException;
  }

  /**
   * Writes (or rewrites, after a recompute) the three store files, each atomically, job.json
   * last, then in keyed mode the seal over their bytes. Idempotent: writing the same content
   * twice leaves the same store.
   *
   * @param key keyed mode's signing key, or null
   * @throws IOException also when the store is sealed and no key is given: rewriting it would
   *     leave a seal that no longer matches
   */
  public static void write(FileSystem fs, Path output, JobRecord job, List<SourceEntry> sources,
      List<PartEntry> parts, MacKey key) throws IOException {
    List<SourceEntry> s = new ArrayList<>(sources);
    List<PartEntry> p = new ArrayList<>(parts);
    s.sort(Comparator.comparingInt(SourceEntry::id));
    p.sort(Comparator.comparing(PartEntry::name));
    write(fs, output, job, each -> forEach(s, each), each -> forEach(p, each), key);
  }

  private static <T> void forEach(List<T> entries, StoreBinary.EntryConsumer<T> each)
      throws IOException {
    for (T e : entries) {
      each.accept(e);
    }
  }

  /**
   * As {@link #write(FileSystem, Path, JobRecord, List, List, MacKey)} with entries streamed
   * into the files: {@code sources} in id order, {@code parts} in name order (the caller's
   * duty: equal content must give equal bytes).
   */
  public static void write(FileSystem fs, Path output, JobRecord job, Entries<SourceEntry> sources,
      Entries<PartEntry> parts, MacKey key) throws IOException {
    Path store = dir(output);
    Path sealFile = new Path(store, StoreSeal.FILE);
    if (key == null && fs.exists(sealFile)) {
      throw new IOException("The lineage store of " + output + " is sealed (" + sealFile
          + "); rewriting it without the key would break the seal. Set "
          + ProvenanceKeys.KEYED_KEY_ALIAS + " to the key's alias.");
    }
    Path sourcesTmp = tmp(new Path(store, SOURCES_BIN));
    Path partsTmp = tmp(new Path(store, PARTS_BIN));
    try (OutputStream out = LocalFiles.create(fs, sourcesTmp, true);
        StoreBinary.Writer w = new StoreBinary.Writer(out, StoreBinary.SOURCES)) {
      sources.forEach(w::source);
      w.finish();
    }
    try (OutputStream out = LocalFiles.create(fs, partsTmp, true);
        StoreBinary.Writer w = new StoreBinary.Writer(out, StoreBinary.PARTS)) {
      parts.forEach(w::part);
      w.finish();
    }
    // Always the current layout: a recompute rewriting a formatVersion 1 store upgrades it.
    byte[] jobBytes = StoreJson.mapper().writeValueAsBytes(job.current());
    StoreSeal seal = key == null ? null : StoreSeal.of(key, jobBytes, fs, sourcesTmp, partsTmp);
    rename(fs, sourcesTmp, new Path(store, SOURCES_BIN));
    rename(fs, partsTmp, new Path(store, PARTS_BIN));
    writeAtomically(fs, new Path(store, JOB_FILE), jobBytes);
    // The version 1 files of an upgraded store are no longer read once job.json says 2.
    fs.delete(new Path(store, SOURCES_FILE), false);
    fs.delete(new Path(store, PARTS_FILE), false);
    if (seal != null) {
      writeAtomically(fs, sealFile, StoreJson.mapper().writeValueAsBytes(seal));
    }
  }

  /** Writes JSON under a temporary name and renames it over {@code target}. */
  public static void writeAtomically(FileSystem fs, Path target, Object value)
      throws IOException {
    writeAtomically(fs, target, StoreJson.mapper().writeValueAsBytes(value));
  }

  private static void writeAtomically(FileSystem fs, Path target, byte[] bytes)
      throws IOException {
    Path tmp = tmp(target);
    try (OutputStream out = LocalFiles.create(fs, tmp, true)) {
      out.write(bytes);
    }
    rename(fs, tmp, target);
  }

  private static Path tmp(Path target) {
    return new Path(target.getParent(), "." + target.getName() + ".tmp");
  }

  private static void rename(FileSystem fs, Path tmp, Path target) throws IOException {
    LocalFiles.replace(fs, tmp, target);
  }

  /** As {@link #readJson(Configuration, FileSystem, Path, TypeReference)} with fs's conf. */
  public static <T> T readJson(FileSystem fs, Path file, TypeReference<T> type)
      throws IOException {
    return readJson(fs.getConf(), fs, file, type);
  }

  /**
   * Reads one JSON file of the store's formats, with errors naming the file. The file is
   * untrusted: it must be a regular file within provenance.read.max.metadata.bytes (read
   * from {@code conf}).
   */
  public static <T> T readJson(Configuration conf, FileSystem fs, Path file,
      TypeReference<T> type) throws IOException {
    try {
      byte[] json = UntrustedFiles.readAll(fs, file, UntrustedFiles.maxMetadataBytes(conf),
          ProvenanceKeys.READ_MAX_METADATA_BYTES);
      T value = parseJson(file, json, type);
      // JSON null (the whole file, or an entry of a list) would surface as a
      // NullPointerException far from here.
      if (value == null || value instanceof Collection<?> c && c.contains(null)) {
        throw new IOException("Malformed lineage store file " + file + ": "
            + (value == null ? "it holds null" : "a list entry is null"));
      }
      return value;
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException(file.toString());
    }
  }

  /** Parses the bytes of store file {@code file}; an error names the file and what is wrong. */
  static <T> T parseJson(Path file, byte[] bytes, TypeReference<T> type) throws IOException {
    // UTF-8 only, bounded depth and numbers
    return StoreJson.parse(file, () -> StoreJson.read(bytes, type));
  }
}
