package org.provmr.validate;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.header.ChecksumAlgorithm;
import org.provmr.header.PayloadHasher;
import org.provmr.store.LineageStore;
import org.provmr.store.MacKey;
import org.provmr.store.PartEntry;
import org.provmr.store.StoreNames;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoreConsistency;
import org.provmr.store.StoreSeal;

/**
 * Checks one output's lineage store as a whole: that it agrees with itself (always), that its
 * seal verifies (keyed mode), and that every file a reader of the output would consume is a
 * part the store lists. Parts are checked one by one by {@link PartChecker}.
 */
final class StoreChecker {
  private static final int BUFFER = 1 << 16;

  private final Configuration conf;
  private final Sink sink;
  private final Map<String, MacKey> keys;

  /** @param keys keyed mode's verifying keys by id; empty when keyed mode is off */
  StoreChecker(Configuration conf, Sink sink, Map<String, MacKey> keys) {
    this.conf = conf;
    this.sink = sink;
    this.keys = keys;
  }

  void check(LoadedOutput out) throws IOException {
    sink.count(ValidationCounters.STORES_CHECKED, 1);
    for (StoreConsistency.Problem p : StoreConsistency.check(out.job)) {
      Alert.Builder b = new Alert.Builder(AlertType.STORE_INCONSISTENT, p.reason())
          .output(out.output, out.jobId()).storeScope()
          .message(LineageStore.DIR + "/" + p.file() + ": " + p.message());
      if (p.part() != null) {
        b.part(p.part(), null);
      }
      SourceEntry s = p.sourceId() == null ? null : out.source(p.sourceId());
      if (s != null && s.uri() != null) {
        b.dataId(s.id(), s.uri(), s.start(), s.length()); // an unknown id is in the message
      }
      sink.alert(b.build(Instant.now()));
    }
    if (!keys.isEmpty()) {
      seal(out);
    }
    unlisted(out);
  }

  private void seal(LoadedOutput out) throws IOException {
    StoreSeal seal;
    try {
      seal = out.files.parseSeal();
    } catch (IOException e) {
      macAlert(out, "store_mac", null, "The seal of the lineage store of " + out.output
          + " is malformed (" + e.getMessage() + "): the store is unauthenticated");
      return;
    }
    if (seal == null) {
      macAlert(out, "not_signed", null, "Keyed mode is on but the lineage store of "
          + out.output + " has no seal (" + LineageStore.DIR + "/" + StoreSeal.FILE + "): it was"
          + " written without a key, so neither it nor its parts can be authenticated");
      return;
    }
    MacKey key = seal.keyId() == null ? null : keys.get(seal.keyId());
    if (key == null) {
      macAlert(out, "unknown_key", null, "The lineage store of " + out.output
          + " is sealed with key " + seal.keyId() + ", which is not among the configured keys"
          + " (provenance.keyed.key.alias, provenance.keyed.verify.aliases): it cannot be"
          + " verified");
      return;
    }
    if (!seal.verifies(key, out.files.job(), out.files.sources(), out.files.parts())) {
      macAlert(out, "store_mac", seal.mac(), "The lineage store of " + out.output
          + " does not match its seal (key " + key.id() + "): job.json, sources.json or"
          + " parts.json was changed after it was written, or the seal was");
      return;
    }
    sink.count(ValidationCounters.STORES_AUTHENTICATED, 1);
  }

  private void macAlert(LoadedOutput out, String reason, String expected, String message)
      throws IOException {
    sink.alert(new Alert.Builder(AlertType.MAC_MISMATCH, reason).output(out.output, out.jobId())
        .storeScope().checksums(expected, null).message(message).build(Instant.now()));
  }

  /**
   * Files a reader would consume (FileInputFormat skips only names starting with _ or .)
   * that the store does not list. A file of the same length as a listed part is compared with
   * its recorded checksum, to say when it is a copy; nothing else is opened.
   */
  private void unlisted(LoadedOutput out) throws IOException {
    Path dir = out.job.output();
    FileSystem fs = dir.getFileSystem(conf);
    Set<String> listed = new HashSet<>();
    Map<Long, PartEntry> byLength = new HashMap<>();
    for (PartEntry p : out.job.parts()) {
      listed.add(p.name());
      byLength.putIfAbsent(p.bytes(), p);
    }
    FileStatus[] entries;
    try {
      entries = fs.listStatus(dir);
    } catch (FileNotFoundException e) {
      return; // the output vanished after planning: its parts are reported missing
    }
    List<FileStatus> all = new ArrayList<>(List.of(entries));
    for (FileStatus st : entries) {
      // A sub-stream directory (priority/, age-1d/) holds parts too (docs/substreams.md).
      if (st.isDirectory() && StoreNames.isSubstreamDir(st.getPath().getName())) {
        all.remove(st);
        all.addAll(List.of(fs.listStatus(st.getPath())));
      }
    }
    for (FileStatus st : all) {
      String name = st.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      if (StoreNames.isSubstreamDir(st.getPath().getParent().getName())
          && !st.getPath().getParent().equals(dir)) {
        name = st.getPath().getParent().getName() + "/" + name;
      }
      if (listed.contains(name)) {
        continue;
      }
      String what = st.isDirectory() ? "a directory" : "a file of " + st.getLen() + " bytes";
      PartEntry twin = st.isFile() && st.getLen() > 0 ? byLength.get(st.getLen()) : null;
      String copy = twin != null && sameChecksum(fs, st.getPath(), twin)
          ? "; it is a copy of " + twin.name() + " (same length and checksum)" : "";
      sink.alert(new Alert.Builder(AlertType.UNLISTED_PART, "not_in_store")
          .output(out.output, out.jobId()).part(name, null)
          .message(name + " in " + out.output + " is " + what + " that the lineage store does"
              + " not list" + copy + ": it was not written by job " + out.jobId() + ", yet"
              + " every job reading the output would read it. Remove it, or move it out of the"
              + " output").build(Instant.now()));
    }
  }

  private static boolean sameChecksum(FileSystem fs, Path file, PartEntry part)
      throws IOException {
    ChecksumAlgorithm algorithm;
    try {
      algorithm = ChecksumAlgorithm.fromName(part.checksumAlgorithm());
    } catch (IllegalArgumentException e) {
      return false; // an inconsistent entry, reported as such
    }
    PayloadHasher h = algorithm.newHasher();
    byte[] buf = new byte[BUFFER];
    long left = part.bytes();
    try (InputStream in = fs.open(file, BUFFER)) {
      for (int n; left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0; ) {
        h.update(buf, 0, n);
        left -= n;
      }
    }
    byte[] d = new byte[algorithm.length()];
    h.finish(d, 0);
    return left == 0 && HexFormat.of().formatHex(d).equals(part.checksum());
  }
}
