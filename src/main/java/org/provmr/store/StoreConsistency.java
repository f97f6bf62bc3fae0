package org.provmr.store;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.provmr.header.ChecksumAlgorithm;

/**
 * Checks that a lineage store agrees with itself: every count, size and offset in range,
 * every id unique, every reference resolvable. A store is data read from a directory others
 * can write; without these checks an edited entry (a negative record count, a duplicate part,
 * a source set naming an unknown source) would silently change what validation compares.
 *
 * <p>Plain Java over the parsed store: no file is opened.
 */
public final class StoreConsistency {
  /** A value out of range or malformed. */
  public static final String INVALID = "invalid_entry";
  /** Two entries with the same id or name. */
  public static final String DUPLICATE = "duplicate_entry";
  /** An id that names nothing in the store. */
  public static final String UNKNOWN_REFERENCE = "unknown_reference";

  /**
   * One inconsistency.
   *
   * @param file the store file ({@code parts.json})
   * @param reason {@link #INVALID}, {@link #DUPLICATE} or {@link #UNKNOWN_REFERENCE}
   * @param part the part entry concerned, or null
   * @param sourceId the source entry concerned, or null
   * @param message what is wrong, naming the entry and the value
   */
  public record Problem(String file, String reason, String part, Integer sourceId,
      String message) {
  }

  /** Ids below this are kept in a bit set (1 bit an id); larger ones, in a hash set. */
  private static final int DENSE_IDS = 1 << 27;
  /** Unknown source ids listed one by one for a part; the rest are counted in one problem. */
  private static final int MAX_UNKNOWN_LISTED = 16;

  private final JobRecord jobRecord;
  private final String sourcesFile;
  private final String partsFile;
  private final List<Problem> problems = new ArrayList<>();
  private final BitSet sourceIds = new BitSet();
  private final Set<Integer> sparseSourceIds = new HashSet<>();
  private int knownSourceCount;
  private final Set<Integer> lineageIds = new HashSet<>();
  private final Set<String> partNames = new HashSet<>();
  // Sets already found to name only known sources: parts of a hash-partitioned job share one
  // (every split), and testing its million ids once per part is what made large plans slow.
  private final Set<SourceIds> knownSets = new HashSet<>();
  // The manifest's ids as ranges, made at the first part (every source comes before).
  private IdRuns manifest;

  private StoreConsistency(JobRecord job) {
    this.jobRecord = job;
    boolean binary = job.formatVersion() >= 2;
    this.sourcesFile = binary ? LineageStore.SOURCES_BIN : LineageStore.SOURCES_FILE;
    this.partsFile = binary ? LineageStore.PARTS_BIN : LineageStore.PARTS_FILE;
  }

  /** Every inconsistency of the store, in file order (job.json, sources, parts). */
  public static List<Problem> check(StoredJob store) {
    StoreConsistency c = start(store.job());
    store.sources().forEach(c::source);
    store.parts().forEach(c::part);
    return c.problems();
  }

  /**
   * Checks a store entry by entry as it is streamed ({@link StoreReader}): job.json now, then
   * every source entry ({@link #source}), then every part entry ({@link #part}). Memory: a bit
   * per source id and the part names, not the entries.
   */
  public static StoreConsistency start(JobRecord job) {
    StoreConsistency c = new StoreConsistency(job);
    c.job();
    return c;
  }

  /** The inconsistencies found so far, in file order. */
  public List<Problem> problems() {
    return problems;
  }

  /**
   * Whether a part name is a plain file name a reader of the output would see, or one inside a
   * sub-stream directory ({@code priority/part-r-00000}, {@link StoreNames#whyNotPartName}).
   */
  public static boolean isPlainPartName(String name) {
    if (name != null && name.indexOf('/') >= 0) {
      return StoreNames.whyNotPartName(name) == null;
    }
    return name != null && !name.isEmpty() && !name.startsWith("_") && !name.startsWith(".")
        && name.indexOf('/') < 0 && name.indexOf('\\') < 0 && name.indexOf(':') < 0
        && name.chars().noneMatch(Character::isISOControl);
  }

  private void job() {
    JobRecord j = jobRecord;
    String f = LineageStore.JOB_FILE;
    if (j.formatVersion() < JobRecord.OLDEST_READ_VERSION
        || j.formatVersion() > JobRecord.FORMAT_VERSION) {
      add(f, INVALID, null, null, "formatVersion " + j.formatVersion() + " is not "
          + JobRecord.OLDEST_READ_VERSION + " to " + JobRecord.FORMAT_VERSION);
    }
    if (j.jobId() == null || j.jobId().isBlank()) {
      add(f, INVALID, null, null, "jobId is empty");
    }
    algorithm(f, null, null, "checksumAlgorithm", j.checksumAlgorithm());
    headerMode(f, null, "headerMode", j.headerMode());
    for (LineageEntry e : j.lineages()) {
      if (e == null || e.lineage() == null) {
        add(f, INVALID, null, null, "a lineage entry is empty");
      } else if (e.id() < 0) {
        add(f, INVALID, null, null, "lineage id " + e.id() + " is negative");
      } else if (!lineageIds.add(e.id())) {
        add(f, DUPLICATE, null, null, "lineage id " + e.id() + " appears twice");
      }
    }
  }

  /** Checks the next source entry. */
  public void source(SourceEntry s) {
    String f = sourcesFile;
    if (s == null) {
      add(f, INVALID, null, null, "an entry is null");
      return;
    }
    Integer id = s.id();
    String what = "source " + s.id() + ": ";
    if (s.id() < 0) {
      add(f, INVALID, null, id, what + "the id is negative");
    } else if (!addSourceId(s.id())) {
      add(f, DUPLICATE, null, id, what + "the id appears twice");
    }
    if (s.uri() == null || s.uri().isBlank()) {
      add(f, INVALID, null, id, what + "uri is empty");
    }
    if (s.start() < 0 || s.length() < 0) {
      add(f, INVALID, null, id, what + "range start " + s.start() + " length " + s.length()
          + " is negative");
    } else if (s.fileLength() >= 0 && s.length() > s.fileLength() - s.start()) {
      add(f, INVALID, null, id, what + "range [" + s.start() + "+" + s.length()
          + "] ends after the file's recorded length " + s.fileLength());
    }
    if (s.fileLength() < -1 || s.modificationTime() < -1) {
      add(f, INVALID, null, id, what + "fileLength " + s.fileLength() + " or modificationTime "
          + s.modificationTime() + " is negative (only -1, unknown, is allowed)");
    }
    if (!SourceEntry.POSITIONS_BYTES.equals(s.positions())
        && !SourceEntry.POSITIONS_ORDINAL.equals(s.positions())) {
      add(f, INVALID, null, id, what + "positions '" + s.positions() + "' is neither "
          + SourceEntry.POSITIONS_BYTES + " nor " + SourceEntry.POSITIONS_ORDINAL);
    }
    if (s.fingerprint() != null) {
      ChecksumAlgorithm a = algorithm(f, null, id, what + "fingerprintAlgorithm",
          s.fingerprintAlgorithm());
      hex(f, null, id, what + "fingerprint", s.fingerprint(), a);
      if (s.chunkBytes() <= 0) {
        add(f, INVALID, null, id, what + "chunkBytes " + s.chunkBytes() + " is not positive");
      } else if (s.length() >= 0 && s.chunkFingerprints().size()
          != PartMac.chunkCount(s.length(), s.chunkBytes())) {
        add(f, INVALID, null, id, what + s.chunkFingerprints().size() + " chunk fingerprints"
            + " for " + s.length() + " bytes in chunks of " + s.chunkBytes() + " (expected "
            + PartMac.chunkCount(s.length(), s.chunkBytes()) + ")");
      }
      for (String c : s.chunkFingerprints()) {
        hex(f, null, id, what + "a chunk fingerprint", c, a);
      }
    }
  }

  /** Checks the next part entry; every source entry must have been given before. */
  public void part(PartEntry p) {
    String f = partsFile;
    if (p == null) {
      add(f, INVALID, null, null, "an entry is null");
      return;
    }
    String name = p.name();
    String what = "part " + name + ": ";
    if (!isPlainPartName(name)) {
      add(f, INVALID, null, null, "part name '" + name + "' is not a plain file name of the"
          + " output (no '/', no leading '_' or '.')");
      return;
    }
    if (!partNames.add(name)) {
      add(f, DUPLICATE, name, null, what + "the name appears twice");
    }
    if (p.records() < 0 || p.bytes() < 0 || p.headerBytes() < 0) {
      add(f, INVALID, name, null, what + "records " + p.records() + ", bytes " + p.bytes()
          + ", headerBytes " + p.headerBytes() + ": counts cannot be negative");
    } else if (p.headerBytes() > p.bytes()) {
      add(f, INVALID, name, null, what + "headerBytes " + p.headerBytes()
          + " exceed the file's " + p.bytes() + " bytes");
    }
    ChecksumAlgorithm a = algorithm(f, name, null, what + "checksumAlgorithm",
        p.checksumAlgorithm());
    hex(f, name, null, what + "checksum", p.checksum(), a);
    headerMode(f, name, what + "headerMode", p.headerMode());
    if (p.lineageId() != -1 && !lineageIds.contains(p.lineageId())) {
      add(f, UNKNOWN_REFERENCE, name, null, what + "lineage " + p.lineageId()
          + " is not in job.json");
    }
    // Source id sets are sorted and distinct by construction (SourceIds). A set can claim
    // 2^31 ids in a dozen bytes: far more ids than the manifest has is one problem, found
    // without visiting them, and unknown ids are listed up to a cap a part, then counted.
    // Sets are compared a range at a time (IdRuns): tens of thousands of distinct sets, each
    // claiming the whole manifest in a few bytes, cost time in their bytes, not their ids.
    long[] unknown = {0};
    if (p.sources().cardinality() > knownSourceCount + (long) MAX_UNKNOWN_LISTED) {
      add(f, UNKNOWN_REFERENCE, name, null, what + "lists " + p.sources().cardinality()
          + " sources, more than the " + knownSourceCount + " the source manifest ("
          + sourcesFile + ") has");
      mac(f, p, what);
      return; // its source sets cannot be checked against it without decoding it all
    }
    if (!knownSets.contains(p.sources())) {
      if (manifest == null) {
        manifest = IdRuns.of(sourceIds, sparseSourceIds);
      }
      unknown[0] += manifest.missing(p.sources(), MAX_UNKNOWN_LISTED, id -> add(f,
          UNKNOWN_REFERENCE, name, id, what + "lists source " + id
              + ", which the source manifest (" + sourcesFile + ") does not have"));
      if (unknown[0] == 0 && knownSets.size() < 4096) {
        knownSets.add(p.sources());
      }
    }
    IdRuns partSources = null; // made once, and only if a set differs from the part's
    for (int i = 0; i < p.sourceSets().size(); i++) {
      SourceIds set = p.sourceSets().get(i);
      if (set == null || set.equals(p.sources())) {
        continue;
      }
      if (partSources == null) {
        partSources = IdRuns.of(p.sources());
      }
      int setId = i;
      int partCount = p.sources().cardinality();
      if (set.cardinality() > partCount + (long) MAX_UNKNOWN_LISTED) {
        add(f, UNKNOWN_REFERENCE, name, null, what + "source set " + setId + " names "
            + set.cardinality() + " sources, more than the part's " + partCount);
        continue;
      }
      unknown[0] += partSources.missing(set, Math.max(0, MAX_UNKNOWN_LISTED - unknown[0]),
          id -> add(f, UNKNOWN_REFERENCE, name, id, what + "source set " + setId
              + " names source " + id + ", which is not among the part's sources"));
    }
    if (unknown[0] > MAX_UNKNOWN_LISTED) {
      add(f, UNKNOWN_REFERENCE, name, null, what + "and " + (unknown[0] - MAX_UNKNOWN_LISTED)
          + " more unknown source ids");
    }
    mac(f, p, what);
  }

  private boolean addSourceId(int id) {
    boolean added;
    if (id < DENSE_IDS) {
      added = !sourceIds.get(id);
      sourceIds.set(id);
    } else {
      added = sparseSourceIds.add(id);
    }
    knownSourceCount += added ? 1 : 0;
    manifest = null;
    return added;
  }

  private void mac(String f, PartEntry p, String what) {
    if (p.macKeyId() == null) {
      if (!p.macs().isEmpty()) {
        add(f, INVALID, p.name(), null, what + "has MACs but no macKeyId");
      }
      return;
    }
    if (p.macChunkBytes() <= 0) {
      add(f, INVALID, p.name(), null, what + "macChunkBytes " + p.macChunkBytes()
          + " is not positive");
    } else if (p.bytes() >= 0 && p.macs().size() != PartMac.chunkCount(p.bytes(),
        p.macChunkBytes())) {
      add(f, INVALID, p.name(), null, what + p.macs().size() + " MACs for " + p.bytes()
          + " bytes in chunks of " + p.macChunkBytes());
    }
    if (p.identity() == null || p.identity().isEmpty()) {
      add(f, INVALID, p.name(), null, what + "is signed but has no identity");
    }
    for (String m : p.macs()) {
      if (m == null || !isHex(m, 2 * MacKey.LENGTH)) {
        add(f, INVALID, p.name(), null, what + "MAC '" + m + "' is not " + MacKey.LENGTH
            + " bytes of hex");
        return;
      }
    }
  }

  private ChecksumAlgorithm algorithm(String f, String part, Integer source, String field,
      String value) {
    try {
      return ChecksumAlgorithm.fromName(value);
    } catch (IllegalArgumentException e) {
      add(f, INVALID, part, source, field + " '" + value + "' is not a checksum algorithm");
      return null;
    }
  }

  private void hex(String f, String part, Integer source, String field, String value,
      ChecksumAlgorithm a) {
    if (a != null && (value == null || !isHex(value, 2 * a.length()))) {
      add(f, INVALID, part, source, field + " '" + value + "' is not " + a.length()
          + " bytes of lower-case hex");
    }
  }

  /** Whether {@code s} is {@code n} lower-case hex digits (no regex: it runs per chunk). */
  private static boolean isHex(String s, int n) {
    if (s.length() != n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
  }

  private void headerMode(String f, String part, String field, String value) {
    if (!"compact".equals(value) && !"self-contained".equals(value)) {
      add(f, INVALID, part, null, field + " '" + value + "' is neither compact nor"
          + " self-contained");
    }
  }

  private void add(String file, String reason, String part, Integer sourceId, String message) {
    problems.add(new Problem(file, reason, part, sourceId, message));
  }
}
