package org.provmr.history;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.io.UntrustedFiles;

/**
 * The history store, a directory of immutable files. Each writer (a capture commit, a
 * validation, a sweep) adds one new file: written under a hidden name, then renamed to
 * {@code obs-<time>-<random>.h1}, so readers see whole files only and no two writers ever
 * touch the same file. When more than {@value ProvenanceKeys#HISTORY_COMPACT_FILES} files
 * exist, the writer compacts: it reads them all, keeps at most
 * {@value ProvenanceKeys#HISTORY_MAX_UPDATES} distinct observations per family (the newest),
 * writes them as one {@code base-...h1} the same way, and only then deletes the files it
 * merged. Two compactions at once only duplicate observations, which readers merge. A
 * corrupt or cut file is read up to the damage, named in {@link Loaded#problems()}, and
 * replaced by the next compaction with what was readable.
 */
public final class SourceHistory {
  static final String SUFFIX = ".h1";
  private final Configuration conf;
  private final Path dir;

  /** Observations by family (oldest first), and the files that could not be read whole. */
  public record Loaded(Map<String, List<Observation>> byFamily, List<String> problems) {
    public List<Observation> family(String family) {
      return byFamily.getOrDefault(family, List.of());
    }

    /** How many corruption findings each path has had. */
    public Map<String, Integer> corruptions() {
      Map<String, Integer> counts = new TreeMap<>();
      byFamily.values().forEach(l -> l.stream().filter(o -> o.kind() == Observation.Kind.CORRUPT)
          .forEach(o -> counts.merge(o.path(), 1, Integer::sum)));
      return counts;
    }
  }

  private SourceHistory(Configuration conf, Path dir) {
    this.conf = conf;
    this.dir = dir;
  }

  /** The store {@value ProvenanceKeys#HISTORY_DIR} names, or one that keeps nothing. */
  public static SourceHistory of(Configuration conf) {
    String d = conf.getTrimmed(ProvenanceKeys.HISTORY_DIR, ProvenanceKeys.HISTORY_DIR_DEFAULT);
    return new SourceHistory(conf, d.isEmpty() ? null : new Path(d));
  }

  public boolean enabled() {
    return dir != null;
  }

  public Path dir() {
    return dir;
  }

  /** Adds observations as one new file, then compacts if the directory has grown. */
  public void record(List<Observation> observations) throws IOException {
    if (dir == null || observations.isEmpty()) {
      return;
    }
    FileSystem fs = dir.getFileSystem(conf);
    fs.mkdirs(dir);
    publish(fs, "obs-", observations);
    if (files(fs).size() > conf.getInt(ProvenanceKeys.HISTORY_COMPACT_FILES,
        ProvenanceKeys.HISTORY_COMPACT_FILES_DEFAULT)) {
      compact();
    }
  }

  /**
   * Everything readable, within one budget for the whole store; never fails because of a
   * file's content. Files are read newest first, so a store past the budget loses its oldest.
   */
  public Loaded load() throws IOException {
    Map<String, List<Observation>> byFamily = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    if (dir == null) {
      return new Loaded(byFamily, problems);
    }
    FileSystem fs = dir.getFileSystem(conf);
    Set<String> seen = new HashSet<>();
    // Every job that captures writes here: a limit per file alone let a few hundred small
    // files of distinct records fill the heap of the sweep that reads them all.
    long recordsLeft = maxRecords();
    long bytesLeft = UntrustedFiles.maxMetadataBytes(conf);
    List<FileStatus> files = new ArrayList<>(files(fs));
    files.sort(NEWEST_FIRST);
    int skipped = 0;
    for (FileStatus f : files) {
      if (recordsLeft <= 0 || bytesLeft <= 0) {
        skipped++;
        continue;
      }
      HistoryFormat.Contents c = readFile(fs, f.getPath(), problems, recordsLeft, bytesLeft);
      recordsLeft = c.limited() ? 0 : recordsLeft - c.observations().size();
      bytesLeft = c.limited() ? 0 : bytesLeft - c.bytes();
      for (Observation o : c.observations()) {
        if (seen.add(o.family() + '\n' + o.identity())) {
          byFamily.computeIfAbsent(o.family(), k -> new ArrayList<>()).add(o);
        }
      }
    }
    if (skipped > 0) {
      problems.add("History store " + dir + ": " + skipped + " older file(s) not read, the"
          + " store's records reached " + maxRecords() + " records or "
          + UntrustedFiles.maxMetadataBytes(conf) + " bytes (" + ProvenanceKeys
          .READ_MAX_METADATA_BYTES + "); the next compaction keeps what was read, the newest");
    }
    byFamily.values().forEach(l -> l.sort(ORDER));
    return new Loaded(byFamily, problems);
  }

  /** Records one load holds: {@value ProvenanceKeys#HISTORY_MAX_UPDATES} x 1000. */
  private long maxRecords() {
    return (long) conf.getInt(ProvenanceKeys.HISTORY_MAX_UPDATES,
        ProvenanceKeys.HISTORY_MAX_UPDATES_DEFAULT) * 1000L;
  }

  /** By the time in the file's name (obs-TIME-..., base-TIME-...), newest first. */
  private static final Comparator<FileStatus> NEWEST_FIRST = Comparator
      .comparingLong((FileStatus f) -> nameTime(f.getPath().getName())).reversed()
      .thenComparing(f -> f.getPath().getName());

  private static long nameTime(String name) {
    int from = name.indexOf('-') + 1;
    int to = from;
    while (to < name.length() && to - from < 18 && Character.isDigit(name.charAt(to))) {
      to++;
    }
    return to == from ? 0 : Long.parseLong(name.substring(from, to));
  }

  /**
   * Merges every file into one base file, keeping the newest observations of each family,
   * and removes the merged files (a damaged one is rebuilt from what it held).
   */
  public List<String> compact() throws IOException {
    if (dir == null) {
      return List.of();
    }
    FileSystem fs = dir.getFileSystem(conf);
    List<FileStatus> merged = files(fs);
    Loaded all = load();
    int max = conf.getInt(ProvenanceKeys.HISTORY_MAX_UPDATES,
        ProvenanceKeys.HISTORY_MAX_UPDATES_DEFAULT);
    List<Observation> kept = new ArrayList<>();
    for (List<Observation> l : all.byFamily().values()) {
      kept.addAll(l.subList(Math.max(0, l.size() - max), l.size()));
    }
    publish(fs, "base-", kept);
    for (FileStatus f : merged) {
      fs.delete(f.getPath(), false); // gone already: another compaction merged it too
    }
    return all.problems();
  }

  private static final Comparator<Observation> ORDER = Comparator
      .comparingLong(Observation::modificationTime).thenComparingLong(Observation::observedAt)
      .thenComparing(Observation::path);

  private void publish(FileSystem fs, String prefix, List<Observation> observations)
      throws IOException {
    String name = prefix + System.currentTimeMillis() + "-" + UUID.randomUUID() + SUFFIX;
    Path tmp = new Path(dir, "." + name + ".tmp");
    try (OutputStream out = fs.create(tmp, false)) {
      HistoryFormat.write(out, observations);
    }
    if (!fs.rename(tmp, new Path(dir, name))) {
      fs.delete(tmp, false);
      throw new IOException("Could not rename " + tmp + " to " + name + " in the history"
          + " store " + dir);
    }
  }

  private List<FileStatus> files(FileSystem fs) throws IOException {
    if (!fs.exists(dir)) {
      return List.of();
    }
    List<FileStatus> list = new ArrayList<>();
    for (FileStatus f : fs.listStatus(dir)) {
      String n = f.getPath().getName();
      if (f.isFile() && !n.startsWith(".") && n.endsWith(SUFFIX)) {
        list.add(f);
      }
    }
    list.sort(Comparator.comparing(f -> f.getPath().getName()));
    return list;
  }

  private HistoryFormat.Contents readFile(FileSystem fs, Path file, List<String> problems,
      long maxRecords, long maxBytes) {
    try (InputStream in = UntrustedFiles.open(fs, file, UntrustedFiles.maxMetadataBytes(conf),
        ProvenanceKeys.READ_MAX_METADATA_BYTES)) {
      HistoryFormat.Contents c = HistoryFormat.read(in, maxRecords, maxBytes,
          ProvenanceKeys.READ_MAX_METADATA_BYTES);
      if (c.limited()) {
        problems.add("History file " + file + " was read up to the store's limit (" + c.problem()
            + "): " + c.observations().size() + " observations read from it, older files"
            + " not read; the next compaction keeps those, the newest");
      } else if (c.problem() != null) {
        problems.add("History file " + file + " is damaged (" + c.problem() + "): "
            + c.observations().size() + " observations read from it; the next compaction"
            + " rewrites it from those");
      }
      return c;
    } catch (FileNotFoundException gone) {
      // merged and removed by a compaction since it was listed
    } catch (IOException e) {
      problems.add("History file " + file + " cannot be read: " + e.getMessage());
    }
    return new HistoryFormat.Contents(List.of(), null, 0);
  }

  /** Observations grouped by family, in order; for callers building one record() batch. */
  public static Map<String, List<Observation>> byFamily(List<Observation> list) {
    Map<String, List<Observation>> m = new LinkedHashMap<>();
    for (Observation o : list) {
      m.computeIfAbsent(o.family(), k -> new ArrayList<>()).add(o);
    }
    return m;
  }
}
