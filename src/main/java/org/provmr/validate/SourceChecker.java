package org.provmr.validate;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.BlockMissingException;
import org.provmr.header.ChecksumAlgorithm;
import org.provmr.header.HeaderCodec;
import org.provmr.header.HeaderContext;
import org.provmr.header.HeaderFormatException;
import org.provmr.header.ProvenanceHeader;
import org.provmr.header.TypeMark;
import org.provmr.io.UntrustedFiles;
import org.provmr.store.Fingerprints;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;

/**
 * Checks one source file against every manifest entry that refers to it: confinement first
 * (an entry outside its output's roots is reported and never opened), then existence, age,
 * and the fingerprint of each recorded range, ranges in file order so the file is read once
 * front to back. A range that changed is located to its fingerprint chunks, and the output
 * records whose DataIDs fall in those chunks are named.
 */
final class SourceChecker {
  private final Configuration conf;
  private final Sink sink;
  private final StalenessPolicy staleness;
  private final long sweepTime;
  private final long recordAlertsMax;
  private final Function<String, LoadedOutput> outputs;
  private final RecordScanner scanner = new RecordScanner();
  // HDFS sources: the range's CRC32C composed from the datanodes' stored checksums (null under
  // --deep, which always reads the bytes).
  private final CompositeCrcRange composite;
  // Ranges verified recently whose file did not change since (null when off or --deep).
  private final VerifiedSources verified;
  private final java.util.Set<String> governed;
  private final org.provmr.history.FamilyRule families;
  private final PartAlertBudget budget;

  SourceChecker(Configuration conf, Sink sink, StalenessPolicy staleness, long sweepTime,
      long recordAlertsMax, Function<String, LoadedOutput> outputs) {
    this.conf = conf;
    this.sink = sink;
    this.staleness = staleness;
    this.sweepTime = sweepTime;
    this.recordAlertsMax = recordAlertsMax;
    this.outputs = outputs;
    this.composite = ValidationJob.isDeep(conf) ? null : new CompositeCrcRange(conf);
    this.verified = VerifiedSources.of(conf);
    this.governed = CadenceCheck.governed(conf);
    this.families = org.provmr.history.FamilyRule.of(conf);
    this.budget = new PartAlertBudget(conf);
  }

  /** Closes the file system instances the composite-CRC path opened. */
  void close() throws IOException {
    if (composite != null) {
      composite.close();
    }
  }

  /** One manifest entry of one output. */
  private record Ref(LoadedOutput out, SourceEntry entry) {
  }

  /** A byte range [start, end) of the source file. */
  record Range(long start, long end) {
    boolean overlaps(long from, long length) {
      return length == 0 ? from >= start && from < end : from < end && from + length > start;
    }
  }

  void check(WorkUnit unit) throws IOException {
    budget.start();
    checkFile(unit);
    budget.end(sink);
  }

  private void checkFile(WorkUnit unit) throws IOException {
    List<Ref> allowed = new ArrayList<>();
    for (WorkUnit.Ref r : unit.refs()) {
      LoadedOutput out = outputs.apply(r.output());
      SourceEntry e = out.source(r.sourceId());
      if (e.fileLength() < 0 && e.fingerprint() == null) {
        // Not a file split (its "uri" is the split's description): nothing to open or date.
        sink.count(ValidationCounters.SOURCES_UNVERIFIABLE, 1);
        continue;
      }
      String why = out.roots.violation(e.uri());
      if (why != null) {
        reportDependents(new Ref(out, e), AlertType.FORBIDDEN_SOURCE, "outside_roots",
            whole(e), "Source " + e.uri() + " was not opened: " + why);
      } else {
        allowed.add(new Ref(out, e));
      }
    }
    if (allowed.isEmpty()) {
      return;
    }
    String link = allowed.get(0).out().roots.linkViolation(conf, unit.uri());
    if (link != null) {
      for (Ref r : allowed) {
        reportDependents(r, AlertType.FORBIDDEN_SOURCE, "symlink", whole(r.entry()),
            "Source " + unit.uri() + " was not opened: " + link);
      }
      return;
    }
    Path path = new Path(unit.uri());
    FileSystem fs = path.getFileSystem(conf);
    FileStatus status;
    try {
      status = fs.getFileStatus(path);
    } catch (FileNotFoundException e) {
      for (Ref r : allowed) {
        reportDependents(r, AlertType.SOURCE_MISSING, "file_missing", whole(r.entry()),
            "Source " + unit.uri() + " no longer exists");
      }
      return;
    }
    if (status.isDirectory()) {
      for (Ref r : allowed) {
        reportDependents(r, AlertType.SOURCE_MISSING, "not_a_file", whole(r.entry()),
            "Source " + unit.uri() + " is now a directory");
      }
      return;
    }
    try {
      // A FIFO or device in a source's place would block the open (a sweep that never ends).
      UntrustedFiles.requireRegularFile(fs, path);
    } catch (UntrustedFiles.NotRegularFileException e) {
      for (Ref r : allowed) {
        reportDependents(r, AlertType.SOURCE_MISSING, "not_a_file", whole(r.entry()),
            "Source " + unit.uri() + " was not opened: " + e.getMessage());
      }
      return;
    }
    checkAge(unit.uri(), status, allowed);
    checkContent(fs, path, status, allowed);
  }

  private void checkAge(String uri, FileStatus status, List<Ref> refs) throws IOException {
    if (!staleness.hasRuleFor(uri) && !governed.isEmpty()
        && governed.contains(families.familyOf(uri))) {
      return; // judged against its family's learned cadence by CadenceCheck
    }
    long window = staleness.windowFor(uri);
    long age = sweepTime - status.getModificationTime();
    if (window == Durations.OFF || age <= window) {
      return;
    }
    for (Ref r : refs) {
      reportDependents(r, AlertType.DATA_STALENESS, "older_than_window", whole(r.entry()),
          "Source " + uri + " was last modified "
              + Instant.ofEpochMilli(status.getModificationTime()) + ", "
              + Durations.format(age / 60_000 * 60_000) + " before the sweep: older than its"
              + " window of " + Durations.format(window));
    }
  }

  private void checkContent(FileSystem fs, Path path, FileStatus status, List<Ref> refs)
      throws IOException {
    // Ranges in file order; a range several outputs recorded is fingerprinted once.
    Map<String, List<Ref>> byRange = new LinkedHashMap<>();
    refs.stream().sorted(Comparator.comparingLong((Ref r) -> r.entry().start())
            .thenComparingLong(r -> r.entry().length()))
        .forEach(r -> byRange.computeIfAbsent(r.entry().start() + "+" + r.entry().length()
            + "/" + r.entry().fingerprintAlgorithm() + "/" + r.entry().chunkBytes(),
            k -> new ArrayList<>()).add(r));
    for (List<Ref> group : byRange.values()) {
      SourceEntry first = group.get(0).entry();
      if (first.fingerprint() == null || first.fingerprintAlgorithm() == null) {
        sink.count(ValidationCounters.SOURCES_UNVERIFIABLE, group.size());
        continue;
      }
      if (first.start() >= status.getLen() && first.length() > 0) {
        for (Ref r : group) {
          reportDependents(r, AlertType.SOURCE_MISSING, "range_missing", whole(r.entry()),
              "Source " + first.uri() + " is now " + status.getLen() + " bytes long: the range"
                  + " starting at byte " + first.start() + " is gone");
        }
        continue;
      }
      long available = Math.min(first.length(), status.getLen() - first.start());
      long at = System.currentTimeMillis();
      if (verified != null && available == first.length() && verified.unchanged(fs, path,
          status, group.stream().map(Ref::entry).toList(), at)) {
        // Read and found equal within the period, and the file's status says it is as then.
        sink.count(ValidationCounters.SOURCES_CHECKED, group.size());
        sink.count(ValidationCounters.SOURCES_REVERIFY_SKIPPED, group.size());
        for (Ref r : group) {
          sink.count(ValidationCounters.SOURCES_VALID, 1);
          reportGrowth(r, status);
        }
        continue;
      }
      if (available == first.length() && composedMatches(fs, path, first)) {
        // Unchanged, proven without reading the range; a mismatch falls through to the read,
        // which locates the changed chunks.
        sink.count(ValidationCounters.SOURCES_CHECKED, group.size());
        sink.count(ValidationCounters.SOURCES_COMPOSITE_CRC, group.size());
        for (Ref r : group) {
          sink.count(ValidationCounters.SOURCES_VALID, 1);
          reportGrowth(r, status);
        }
        continue;
      }
      Fingerprints.Result now;
      try {
        ChecksumAlgorithm algorithm = ChecksumAlgorithm.fromName(first.fingerprintAlgorithm());
        now = Fingerprints.of(fs, path, first.start(), available, algorithm,
            Math.max(1, first.chunkBytes()));
      } catch (ChecksumException | BlockMissingException e) {
        for (Ref r : group) {
          reportMismatch(r, "unreadable", List.of(whole(r.entry())), null,
              "Source " + first.uri() + " cannot be read: " + e.getMessage());
        }
        continue;
      }
      sink.count(ValidationCounters.SOURCES_CHECKED, group.size());
      sink.count(ValidationCounters.SOURCE_BYTES_CHECKED, available);
      boolean allValid = true;
      for (Ref r : group) {
        SourceEntry e = r.entry();
        allValid &= available == e.length() && now.whole().equals(e.fingerprint());
      }
      if (allValid && verified != null) {
        verified.verified(fs, path, status, first, at);
      }
      for (Ref r : group) {
        SourceEntry e = r.entry();
        if (available == e.length() && now.whole().equals(e.fingerprint())) {
          sink.count(ValidationCounters.SOURCES_VALID, 1);
          reportGrowth(r, status);
          continue;
        }
        boolean cut = available < e.length();
        List<Range> changed = changedChunks(e, now, available);
        reportMismatch(r, cut ? "truncated" : "content_changed", changed, now.whole(),
            "Source " + e.uri() + (cut ? " was truncated to " + status.getLen() + " bytes"
                : " changed") + " in bytes " + describe(changed) + " since capture");
      }
    }
  }

  /** The chunks whose fingerprint differs (or that are now missing), merged, absolute. */
  /** A split that ended the file: bytes appended since capture are not in the output. */
  private void reportGrowth(Ref r, FileStatus status) throws IOException {
    SourceEntry e = r.entry();
    // A recompute that mapped the appended bytes added splits of them: covered, not stale.
    if (e.start() + e.length() == e.fileLength() && status.getLen() > e.fileLength()
        && r.out().coveredEnd(e.uri()) < status.getLen()) {
      reportDependents(r, AlertType.DATA_STALENESS, Alert.CHANGED_AFTER_CAPTURE, whole(e),
          "Source " + e.uri() + " grew from " + e.fileLength() + " to " + status.getLen()
              + " bytes after the output was computed; the new bytes are not in it");
    }
  }

  /** Whether the file system composed the range's CRC32C and it equals the fingerprint. */
  private boolean composedMatches(FileSystem fs, Path path, SourceEntry e) throws IOException {
    if (composite == null || !CompositeCrcRange.mayCompose(fs)
        || ChecksumAlgorithm.fromName(e.fingerprintAlgorithm()) != ChecksumAlgorithm.CRC32C) {
      return false;
    }
    String crc = composite.crc32c(fs, path, e.start(), e.length());
    return crc != null && crc.equalsIgnoreCase(e.fingerprint());
  }

  static List<Range> changedChunks(SourceEntry e, Fingerprints.Result now, long available) {
    List<String> expected = e.chunkFingerprints();
    long chunk = e.chunkBytes();
    List<Range> ranges = new ArrayList<>();
    if (expected.isEmpty() || chunk <= 0) {
      ranges.add(whole(e));
      return ranges;
    }
    int n = Math.max(expected.size(), now.chunks().size());
    for (int i = 0; i < n; i++) {
      long offset = i * chunk;
      boolean same = i < expected.size() && i < now.chunks().size()
          && Math.min(chunk, e.length() - offset) == Math.min(chunk, available - offset)
          && expected.get(i).equals(now.chunks().get(i));
      if (same) {
        continue;
      }
      long start = e.start() + i * chunk;
      long end = Math.min(start + chunk, e.start() + e.length());
      if (!ranges.isEmpty() && ranges.get(ranges.size() - 1).end() == start) {
        ranges.set(ranges.size() - 1, new Range(ranges.get(ranges.size() - 1).start(), end));
      } else {
        ranges.add(new Range(start, end));
      }
    }
    if (ranges.isEmpty()) {
      // Every chunk matches but the whole does not: cannot be located more finely.
      ranges.add(whole(e));
    }
    return ranges;
  }

  private static Range whole(SourceEntry e) {
    return new Range(e.start(), e.start() + e.length());
  }

  private static String describe(List<Range> ranges) {
    StringBuilder b = new StringBuilder();
    for (Range r : ranges) {
      b.append(b.length() == 0 ? "" : ", ").append('[').append(r.start()).append(", ")
          .append(r.end()).append(')');
    }
    return b.toString();
  }

  /**
   * A changed range: the records of byte-positioned parts whose DataIDs fall in it are named
   * one by one (up to the cap); other dependent parts, or parts none of whose records fall in
   * it, get one alert for the part.
   */
  private void reportMismatch(Ref r, String reason, List<Range> changed, String actual,
      String message) throws IOException {
    SourceEntry e = r.entry();
    LoadedOutput.Dependents parts = budget.parts(r.out(), e.id(), AlertType.SOURCE_MISMATCH,
        reason, () -> base(r, AlertType.SOURCE_MISMATCH, reason, span(changed)).sourceScope()
            .checksums(e.fingerprint(), actual), message);
    if (parts.total() == 0) {
      sink.alert(base(r, AlertType.SOURCE_MISMATCH, reason, span(changed)).sourceScope()
          .checksums(e.fingerprint(), actual).message(message + "; no output part lists it")
          .build(Instant.now()));
      return;
    }
    for (PartEntry p : parts.first()) {
      long named = 0;
      if (p.sourceSets().isEmpty() && SourceEntry.POSITIONS_BYTES.equals(e.positions())) {
        named = nameRecords(r, p, reason, changed, actual, message);
      }
      if (named == 0) {
        sink.alert(partAlert(r, p, AlertType.SOURCE_MISMATCH, reason, span(changed))
            .checksums(e.fingerprint(), actual)
            .message(message + (p.sourceSets().isEmpty() ? "; no record of " + p.name()
                + " comes from those bytes, but the part was computed from them"
                : "; " + p.name() + " was reduced from it"))
            .build(Instant.now()));
      }
    }
  }

  /** Scans a map-side part for records from the changed bytes; returns how many there were. */
  private long nameRecords(Ref r, PartEntry p, String reason, List<Range> changed,
      String actual, String message) throws IOException {
    SourceEntry e = r.entry();
    HeaderCodec codec = new HeaderCodec(new HeaderContext(
        ChecksumAlgorithm.fromName(p.checksumAlgorithm()), p.timestampBase(),
        Math.max(-1, p.lineageId())));
    ProvenanceHeader h = new ProvenanceHeader();
    long[] count = {0};
    Path file = new Path(r.out().job.output(), p.name());
    try {
      scanner.scan(conf, file, p.bytes(), (index, offset, key, kl, value, vl) -> {
        try {
          int mark = TypeMark.length(value, 0, vl);
          if (mark > 0) {
            codec.startBlock(); // a sync block starts: v2 deltas restart (header-format.md)
          }
          codec.decode(value, mark, vl - mark, h);
        } catch (HeaderFormatException bad) {
          return; // the part's own check reports it
        }
        if (h.selfContained() || h.sourceSet() || h.sourceId() != e.id()) {
          return;
        }
        long from = e.start() + h.offset();
        for (Range c : changed) {
          if (c.overlaps(from, h.length())) {
            if (count[0]++ < recordAlertsMax) {
              sink.alert(partAlert(r, p, AlertType.SOURCE_MISMATCH, reason, null)
                  .record(index, offset).dataId(e.id(), e.uri(), from, h.length())
                  .checksums(e.fingerprint(), actual)
                  .message(message + "; record " + index + " of " + p.name()
                      + " was computed from bytes [" + from + ", " + (from + h.length()) + ")")
                  .build(Instant.now()));
            }
            break;
          }
        }
      });
    } catch (FileNotFoundException gone) {
      return 0; // the part's own check reports it missing
    }
    if (count[0] > recordAlertsMax) {
      sink.alert(partAlert(r, p, AlertType.SOURCE_MISMATCH, reason, span(changed))
          .checksums(e.fingerprint(), actual).records(count[0] - recordAlertsMax)
          .message(message + "; " + (count[0] - recordAlertsMax) + " more records of "
              + p.name() + " come from the changed bytes (alerts per part are capped at "
              + recordAlertsMax + ")")
          .build(Instant.now()));
    }
    return count[0];
  }

  /**
   * One alert per part computed from the source (up to the file's budget, {@link
   * PartAlertBudget}), or one for the source if none is.
   */
  private void reportDependents(Ref r, AlertType type, String reason, Range range,
      String message) throws IOException {
    LoadedOutput.Dependents parts = budget.parts(r.out(), r.entry().id(), type, reason,
        () -> base(r, type, reason, range).sourceScope(), message);
    if (parts.total() == 0) {
      sink.alert(base(r, type, reason, range).sourceScope().message(message)
          .build(Instant.now()));
      return;
    }
    for (PartEntry p : parts.first()) {
      sink.alert(partAlert(r, p, type, reason, range).message(message).build(Instant.now()));
    }
  }

  private static Alert.Builder base(Ref r, AlertType type, String reason, Range range) {
    Alert.Builder b = new Alert.Builder(type, reason).output(r.out().output, r.out().jobId());
    if (range != null) {
      b.dataId(r.entry().id(), r.entry().uri(), range.start(), range.end() - range.start());
    }
    return b;
  }

  private static Alert.Builder partAlert(Ref r, PartEntry p, AlertType type, String reason,
      Range range) {
    int id = r.entry().id();
    boolean only = p.sources().cardinality() == 1 && p.sources().contains(id);
    return base(r, type, reason, range).part(p.name(), p.lineageId())
        .sourceSets(LoadedOutput.setsContaining(p, id))
        .records(only ? p.records() : null);
  }

  private static Range span(List<Range> ranges) {
    return new Range(ranges.get(0).start(), ranges.get(ranges.size() - 1).end());
  }
}
