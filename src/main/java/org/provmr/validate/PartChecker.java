package org.provmr.validate;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.BlockMissingException;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.header.ChecksumAlgorithm;
import org.provmr.header.HeaderCodec;
import org.provmr.header.HeaderContext;
import org.provmr.header.HeaderFormatException;
import org.provmr.header.PayloadHasher;
import org.provmr.header.ProvenanceHeader;
import org.provmr.header.TypeMark;
import org.provmr.io.Interrupts;
import org.provmr.io.UntrustedFiles;
import org.provmr.mapreduce.PartIdentity;
import org.provmr.store.IdRuns;
import org.provmr.store.MacKey;
import org.provmr.store.PartEntry;
import org.provmr.store.StoreNames;
import org.provmr.store.PartMac;
import org.provmr.store.SourceEntry;
import org.provmr.store.LocalReads;

/**
 * Checks one output part: first its whole-file checksum (and in keyed mode its chunk MACs)
 * against the lineage store (one sequential read), and only if that fails, or with --deep,
 * that the file is the part the store describes (its identity) and every record's header and
 * payload checksum, to name the records that are wrong.
 */
final class PartChecker {
  private static final int BUFFER = 1 << 20;

  private final Configuration conf;
  private final Sink sink;
  private final boolean deep;
  private final Map<String, MacKey> keys;
  private final long recordAlertsMax;
  private final RecordScanner scanner = new RecordScanner();
  private final byte[] buffer = new byte[BUFFER];
  // Local parts: one copy, one CRC (LocalReads); keyed mode's MACs keep the stream path.
  private final LocalReads reads = new LocalReads();

  /** @param keys keyed mode's verifying keys by id; empty when keyed mode is off */
  PartChecker(Configuration conf, Sink sink, boolean deep, Map<String, MacKey> keys) {
    this.conf = conf;
    this.sink = sink;
    this.deep = deep;
    this.keys = keys;
    this.recordAlertsMax = conf.getLong(ProvenanceKeys.VALIDATE_RECORD_ALERTS_MAX,
        ProvenanceKeys.VALIDATE_RECORD_ALERTS_MAX_DEFAULT);
  }

  void check(LoadedOutput out, PartEntry part) throws IOException {
    Path file = new Path(out.job.output(), part.name());
    FileSystem fs = file.getFileSystem(conf);
    sink.count(ValidationCounters.PARTS_CHECKED, 1);
    if (StoreNames.substreamOf(part.name()) != null) {
      sink.count(ValidationCounters.SUBSTREAM_PARTS_CHECKED, 1);
    }
    sink.count(ValidationCounters.RECORDS_CHECKED, Math.max(0, part.records()));
    ChecksumAlgorithm algorithm;
    try {
      algorithm = ChecksumAlgorithm.fromName(part.checksumAlgorithm());
    } catch (IllegalArgumentException e) {
      return; // nothing to compare with: the store unit reports the entry as inconsistent
    }
    if (part.checksum() == null) {
      return; // the same (a store changed by hand: StoreConsistency's "is not ... hex")
    }
    long length;
    try {
      length = UntrustedFiles.requireRegularFile(fs, file).getLen();
    } catch (FileNotFoundException e) {
      sink.alert(alert(out, part, "part_missing").checksums(part.checksum(), null)
          .records(part.records()).message("Part " + file + " is missing; the lineage store"
              + " records " + part.records() + " records in it").build(Instant.now()));
      return;
    } catch (UntrustedFiles.NotRegularFileException e) {
      // Opening a FIFO would block the sweep for good; a link would read another file.
      sink.alert(alert(out, part, "unreadable").checksums(part.checksum(), null)
          .records(part.records()).message("Part " + file + " cannot be checked: "
              + e.getMessage() + " Its " + part.records() + " records are unverified.")
          .build(Instant.now()));
      return;
    }
    PartAuthenticity auth = PartAuthenticity.of(keys, part, out.sealed);
    if (auth.problem() != null) {
      sink.alert(macAlert(out, part, auth.problem()).message(auth.problemMessage())
          .build(Instant.now()));
    }
    // A part that exists but cannot be opened (permissions) fails the sweep: it is not
    // evidence of corruption, and a sweep that cannot see everything must not say "valid".
    String actual = wholeFileChecksum(fs, file, algorithm, auth.mac());
    boolean crcMatches = part.checksum().equals(actual);
    List<PartAuthenticity.Range> forged = auth.forged(length);
    if (auth.mac() != null && forged.isEmpty()) {
      sink.count(ValidationCounters.PARTS_AUTHENTICATED, 1);
    }
    boolean whole = crcMatches && forged.isEmpty();
    if (whole && !deep) {
      sink.count(ValidationCounters.PARTS_FAST_PATH, 1);
      sink.count(ValidationCounters.RECORDS_VALID, Math.max(0, part.records()));
      return;
    }
    if (!whole && part.identity() != null) {
      PartIdentity found = scanner.identity(conf, file);
      if (found != null && !part.identity().equals(found.identity())) {
        // Another file in the part's place: its records are not checked against a store
        // that does not describe them.
        sink.alert(alert(out, part, Alert.PART_REPLACED).checksums(part.checksum(), actual)
            .records(part.records()).message(PartReplacement.describe(file, out.jobId(), part,
                found)).build(Instant.now()));
        return;
      }
    }
    sink.count(ValidationCounters.PARTS_RECORD_LEVEL, 1);
    RecordCheck records = new RecordCheck(out, part, file, algorithm, forged);
    RecordScanner.Result end = scanner.scan(conf, file, part.bytes(), records);
    records.endRun();
    records.countLeftOut();
    long findings = records.findings;
    if (end.problem() != null) {
      long missing = Math.max(0, part.records() - end.records());
      sink.alert(alert(out, part, end.problem()).at(end.records(), end.problemOffset())
          .checksums(part.checksum(), actual).records(missing)
          .message("Part " + file + " cannot be read past byte " + end.problemOffset() + ": "
              + end.message() + "; " + end.records() + " of " + part.records()
              + " records read, the rest unverified").build(Instant.now()));
      findings++;
    } else if (end.records() != part.records()) {
      boolean fewer = end.records() < part.records();
      sink.alert(alert(out, part, fewer ? "truncated" : "unexpected_records")
          .at(end.records(), end.problemOffset()).checksums(part.checksum(), actual)
          .records(Math.abs(part.records() - end.records()))
          .message("Part " + file + " holds " + end.records() + " records; the lineage store"
              + " records " + part.records()).build(Instant.now()));
      findings++;
    }
    for (int i = 0; i < forged.size(); i++) {
      sink.alert(auth.forgedAlert(macAlert(out, part, "part_mac"), file, forged.get(i),
          records.firstInRange[i], records.inRange[i]));
      findings++;
    }
    if (findings == 0 && !crcMatches) {
      sink.alert(alert(out, part, "part_checksum").checksums(part.checksum(), actual)
          .message("Part " + file + " differs from the checksum recorded at commit, but every"
              + " record checks out: the damage is in the file's framing or metadata")
          .build(Instant.now()));
    }
    sink.count(ValidationCounters.RECORDS_VALID, records.valid);
  }

  /** The checksum of the whole file, or "unreadable: ..." if the file system cannot read it. */
  private String wholeFileChecksum(FileSystem fs, Path file, ChecksumAlgorithm algorithm,
      PartMac mac) throws IOException {
    java.nio.file.Path local = LocalReads.localFile(fs, file);
    if (local != null && mac == null && LocalReads.supports(algorithm)) {
      String crc;
      try {
        crc = reads.wholeFile(local, algorithm);
      } catch (IOException e) {
        Interrupts.rethrowIfInterrupted(e, file); // the channel an interrupt closed
        throw e;
      }
      sink.count(ValidationCounters.BYTES_CHECKED, reads.bytesRead());
      return crc;
    }
    PayloadHasher hasher = algorithm.newHasher();
    long bytes = 0;
    try (FSDataInputStream in = fs.open(file, BUFFER)) {
      int n;
      // Asked every MiB: a part can take minutes, and Hadoop's streams may never notice.
      while (checkInterrupt(file) && (n = in.read(buffer, 0, buffer.length)) > 0) {
        hasher.update(buffer, 0, n);
        if (mac != null) {
          mac.update(buffer, 0, n);
        }
        bytes += n;
      }
    } catch (ChecksumException | BlockMissingException e) {
      sink.count(ValidationCounters.BYTES_CHECKED, bytes);
      return "unreadable";
    } catch (IOException e) {
      Interrupts.rethrowIfInterrupted(e, file);
      throw e;
    }
    sink.count(ValidationCounters.BYTES_CHECKED, bytes);
    byte[] digest = new byte[algorithm.length()];
    hasher.finish(digest, 0);
    return HexFormat.of().formatHex(digest);
  }

  /** Throws if the thread is interrupted; true otherwise (a loop's condition). */
  private static boolean checkInterrupt(Path file) throws IOException {
    Interrupts.check(file);
    return true;
  }

  private static Alert.Builder macAlert(LoadedOutput out, PartEntry part, String reason) {
    return new Alert.Builder(AlertType.MAC_MISMATCH, reason).output(out.output, out.jobId())
        .part(part.name(), part.lineageId());
  }

  private static Alert.Builder alert(LoadedOutput out, PartEntry part, String reason) {
    return new Alert.Builder(AlertType.CHECKSUM_MISMATCH, reason).output(out.output, out.jobId())
        .part(part.name(), part.lineageId());
  }

  /** Verifies each record: its header decodes, makes sense, and its checksum matches. */
  private final class RecordCheck implements RecordScanner.Visitor {
    private final LoadedOutput out;
    private final PartEntry part;
    private final Path file;
    private final HeaderCodec codec;
    private final ProvenanceHeader header = new ProvenanceHeader();
    private final PayloadHasher[] hashers = new PayloadHasher[ChecksumAlgorithm.values().length];
    private final byte[] actual = new byte[ProvenanceHeader.MAX_CHECKSUM_LENGTH];
    private final List<PartAuthenticity.Range> forged;
    /** Per forged range: the first record with bytes in it (or -1) and how many have. */
    private final long[] firstInRange;
    private final long[] inRange;
    private long findings;
    private long valid;
    // A damaged header and the v2 deltas after it that cannot be resolved without it, reported
    // as one finding when the run ends (absolute header, sync block, end of part): a few
    // longs, whatever the run's length. runIndex < 0: no run open.
    private long runIndex = -1;
    private long runOffset;
    private long runEnd;
    private long runFollowing;
    private long runPayloadMismatches;
    private String runMessage;
    // Whether `header` came from decodeUnresolved (its DataID is unknown).
    private boolean headerUnresolved;
    private IdRuns partSources;
    // Record alerts written, and past the cap, by reason: {alerts, records} left out. A part
    // whose every record is bad was an alert a record, held by the in-process check.
    private long written;
    private final Map<String, long[]> leftOut = new TreeMap<>();

    RecordCheck(LoadedOutput out, PartEntry part, Path file, ChecksumAlgorithm algorithm,
        List<PartAuthenticity.Range> forged) {
      this.out = out;
      this.part = part;
      this.file = file;
      this.forged = forged;
      this.firstInRange = new long[forged.size()];
      this.inRange = new long[forged.size()];
      Arrays.fill(firstInRange, -1);
      this.codec = new HeaderCodec(new HeaderContext(algorithm, part.timestampBase(),
          Math.max(-1, part.lineageId())));
    }

    @Override
    public void record(long index, long offset, byte[] key, int keyLength, byte[] value,
        int valueLength) throws IOException {
      long recordEnd = offset + 8L + keyLength + valueLength;
      for (int i = 0; i < forged.size(); i++) {
        if (forged.get(i).overlaps(offset, recordEnd)) {
          if (firstInRange[i] < 0) {
            firstInRange[i] = index;
          }
          inRange[i]++;
        }
      }
      int headerLength = -1;
      int mark = 0;
      try {
        mark = TypeMark.length(value, 0, valueLength);
        headerLength = mark + HeaderCodec.totalLength(value, mark, valueLength - mark);
        if (mark > 0) {
          endRun(); // a sync block starts: v2 deltas restart (header-format.md)
          codec.startBlock();
        }
        codec.decode(value, mark, valueLength - mark, header);
      } catch (HeaderFormatException e) {
        if (runIndex >= 0 && headerLength > 0 && unresolved(value, mark, valueLength)) {
          // A delta from the damaged header: its DataID and time are lost with it, but its
          // payload checksum stands on its own, so a changed payload is still its own finding.
          runFollowing++;
          runEnd = recordEnd;
          if (!payloadMatches(key, keyLength, value, headerLength, valueLength, index, offset)) {
            runPayloadMismatches++;
          }
          return;
        }
        endRun();
        runIndex = index;
        runOffset = offset;
        runEnd = recordEnd;
        runMessage = e.getMessage();
        return;
      }
      endRun();
      headerUnresolved = false;
      if (!payloadMatches(key, keyLength, value, headerLength, valueLength, index, offset)) {
        return;
      }
      String implausible = implausible();
      if (implausible != null) {
        report("header_implausible", index, offset, null, null, "The provenance header of"
            + " record " + index + " decodes but " + implausible);
        return;
      }
      valid++;
    }

    /** Whether the header is a well-formed v2 delta (into {@code header}), unresolvable. */
    private boolean unresolved(byte[] value, int mark, int valueLength) {
      try {
        codec.decodeUnresolved(value, mark, valueLength - mark, header);
        headerUnresolved = true;
        return true;
      } catch (HeaderFormatException e) {
        return false; // damaged itself: it opens a run of its own
      }
    }

    /** Checks the payload against {@code header}'s checksum; reports and says false if not. */
    private boolean payloadMatches(byte[] key, int keyLength, byte[] value, int headerLength,
        int valueLength, long index, long offset) throws IOException {
      PayloadHasher hasher = hasher(header.algorithm());
      hasher.update(key, 0, keyLength);
      hasher.update(value, headerLength, valueLength - headerLength);
      int n = hasher.finish(actual, 0);
      byte[] expected = header.checksumArray();
      if (Arrays.equals(expected, 0, n, actual, 0, n)) {
        return true;
      }
      report("payload_checksum", index, offset, HexFormat.of().formatHex(expected, 0, n),
          HexFormat.of().formatHex(actual, 0, n), "Record " + index + " does not match the"
              + " checksum in its header: its payload or the header's checksum changed");
      return false;
    }

    /**
     * Reports the open run, if any: the damaged header's record, and how many records after
     * it are v2 deltas that cannot be resolved without it, as one header_malformed finding
     * that covers them all ({@code records}), so a recompute of the part repairs them all.
     */
    void endRun() throws IOException {
      if (runIndex < 0) {
        return;
      }
      long index = runIndex;
      runIndex = -1;
      String message = "The provenance header of record " + index + " (the record at byte "
          + runOffset + " of " + file + ") is malformed: " + runMessage;
      if (runFollowing > 0) {
        message += "; the " + runFollowing
            + " records after it (" + (index + 1) + " to " + (index + runFollowing)
            + ") are v2 deltas from it, so their DataIDs and timestamps cannot be resolved: "
            + (runFollowing + 1) + " records affected, bytes " + runOffset + " to " + runEnd
            + "; their payload checksums were checked"
            + (runPayloadMismatches == 0 ? " and match"
                : ", " + runPayloadMismatches + " mismatching reported separately");
      }
      findings++;
      if (room("header_malformed", runFollowing + 1)) {
        sink.alert(alert(out, part, "header_malformed").record(index, runOffset)
            .records(runFollowing + 1).message(message).build(Instant.now()));
      }
      runFollowing = 0;
      runPayloadMismatches = 0;
    }

    /** Whether a record alert may be written; past the cap it is counted instead. */
    private boolean room(String reason, long records) {
      if (written < recordAlertsMax) {
        written++;
        return true;
      }
      long[] n = leftOut.computeIfAbsent(reason, k -> new long[2]);
      n[0]++;
      n[1] += records;
      return false;
    }

    /** One part alert per reason that had record alerts left out, counting their records. */
    void countLeftOut() throws IOException {
      for (Map.Entry<String, long[]> e : leftOut.entrySet()) {
        long records = e.getValue()[1];
        sink.alert(alert(out, part, e.getKey()).records(records).message("Part " + file
            + ": " + records + " more records with a " + e.getKey() + " finding are not"
            + " named one by one: at most " + recordAlertsMax + " record alerts a part ("
            + ProvenanceKeys.VALIDATE_RECORD_ALERTS_MAX + ")").build(Instant.now()));
      }
    }

    private PayloadHasher hasher(ChecksumAlgorithm a) {
      if (hashers[a.ordinal()] == null) {
        hashers[a.ordinal()] = a.newHasher();
      }
      return hashers[a.ordinal()];
    }

    /** Why a decoded compact header cannot be right for this part, or null. */
    private String implausible() {
      if (header.selfContained()) {
        return null;
      }
      if (header.lineageId() >= 0) {
        // Once a record: a set lookup, not a pass over job.json's lineages (crafted: many).
        if (!out.hasLineage(header.lineageId())) {
          return "names lineage " + header.lineageId() + ", which job.json does not have";
        }
      }
      if (header.sourceSet()) {
        return header.sourceSetId() < part.sourceSets().size() ? null
            : "names source set " + header.sourceSetId() + " of a part with "
                + part.sourceSets().size();
      }
      SourceEntry s = out.source(header.sourceId());
      if (partSources == null) {
        // Once a part: SourceIds.contains decodes the set, a crafted part's list of a million.
        partSources = IdRuns.of(part.sources());
      }
      if (s == null || !partSources.contains(header.sourceId())) {
        return "names source " + header.sourceId() + ", which this part does not read";
      }
      if (SourceEntry.POSITIONS_BYTES.equals(s.positions()) && s.length() > 0
          && header.offset() >= s.length()) {
        return "points at byte " + header.offset() + " of a source range of " + s.length()
            + " bytes";
      }
      return null;
    }

    private void report(String reason, long index, long offset, String expected, String actual,
        String message) throws IOException {
      findings++;
      if (!room(reason, 1)) {
        return;
      }
      Alert.Builder b = alert(out, part, reason).record(index, offset)
          .checksums(expected, actual).message(message);
      // An unresolved delta's source and offset are relative to a lost header: no DataID.
      if (reason.equals("payload_checksum") && !header.selfContained() && !headerUnresolved) {
        describeDataId(b);
      }
      sink.alert(b.build(Instant.now()));
    }

    private void describeDataId(Alert.Builder b) {
      if (header.lineageId() >= 0) {
        b.part(part.name(), header.lineageId());
      }
      if (header.sourceSet()) {
        b.sourceSets(List.of(header.sourceSetId()));
        return;
      }
      SourceEntry s = out.source(header.sourceId());
      if (s != null) {
        b.dataId(s.id(), s.uri(), s.start() + header.offset(), header.length());
      }
    }
  }
}
