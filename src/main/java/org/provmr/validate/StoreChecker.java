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
import org.provmr.io.Interrupts;
import org.provmr.store.LineageStore;
import org.provmr.store.MacKey;
import org.provmr.store.StoreNames;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoreConsistency;
import org.provmr.store.StoreReader;
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

  /** What the unlisted-file check needs of a part: its name and, to spot a copy, its sum. */
  private record Listed(String name, long bytes, String checksumAlgorithm, String checksum) {
  }

  /**
   * Streams the store of {@code output} once ({@link StoreReader#read}): its consistency entry
   * by entry, the seal over the bytes as they pass (keyed mode), the part names for the
   * unlisted-file check. Held: a bit per source id, the part names and one part a length; not
   * the entries, so a million-split store is checked in bounded memory.
   */
  void check(String output) throws IOException {
    sink.count(ValidationCounters.STORES_CHECKED, 1);
    StoreReader reader = StoreReader.open(conf, new Path(output));
    Out out = new Out(reader.output().toString(), reader.job().jobId());
    StoreSeal.Verifier verifier = null;
    MacKey key = null;
    boolean sealChecked = !keys.isEmpty();
    if (sealChecked) {
      StoreSeal seal;
      try {
        seal = reader.seal();
      } catch (IOException e) {
        seal = null;
        sealChecked = false;
        macAlert(out, "store_mac", null, "The seal of the lineage store of " + out.output
            + " is malformed (" + e.getMessage() + "): the store is unauthenticated");
      }
      if (sealChecked && seal == null) {
        sealChecked = false;
        macAlert(out, "not_signed", null, "Keyed mode is on but the lineage store of "
            + out.output + " has no seal (" + LineageStore.DIR + "/" + StoreSeal.FILE + "): it"
            + " was written without a key, so neither it nor its parts can be authenticated");
      }
      key = seal == null || seal.keyId() == null ? null : keys.get(seal.keyId());
      if (sealChecked && key == null) {
        sealChecked = false;
        macAlert(out, "unknown_key", null, "The lineage store of " + out.output
            + " is sealed with key " + seal.keyId() + ", which is not among the configured keys"
            + " (provenance.keyed.key.alias, provenance.keyed.verify.aliases): it cannot be"
            + " verified");
      }
      verifier = sealChecked ? seal.verifier(key) : null;
      out.mac = seal == null ? null : seal.mac();
    }
    StoreConsistency consistency = StoreConsistency.start(reader.job());
    Set<String> listed = new HashSet<>();
    Map<Long, Listed> byLength = new HashMap<>();
    reader.read(verifier, consistency::source, p -> {
      consistency.part(p);
      listed.add(p.name());
      byLength.putIfAbsent(p.bytes(), new Listed(p.name(), p.bytes(), p.checksumAlgorithm(),
          p.checksum()));
    });
    List<StoreConsistency.Problem> problems = consistency.problems();
    // The entries a finding names, read again only when there are such findings (rare).
    Map<Integer, SourceEntry> named = new HashMap<>();
    for (StoreConsistency.Problem p : problems) {
      if (p.sourceId() != null) {
        named.put(p.sourceId(), null);
      }
    }
    if (!named.isEmpty()) {
      reader.sources(s -> {
        if (named.containsKey(s.id())) {
          named.put(s.id(), s);
        }
      });
    }
    for (StoreConsistency.Problem p : problems) {
      Alert.Builder b = new Alert.Builder(AlertType.STORE_INCONSISTENT, p.reason())
          .output(out.output, out.jobId).storeScope()
          .message(LineageStore.DIR + "/" + p.file() + ": " + p.message());
      if (p.part() != null) {
        b.part(p.part(), null);
      }
      SourceEntry s = p.sourceId() == null ? null : named.get(p.sourceId());
      if (s != null && s.uri() != null) {
        b.dataId(s.id(), s.uri(), s.start(), s.length()); // an unknown id is in the message
      }
      sink.alert(b.build(Instant.now()));
    }
    if (verifier != null) {
      if (verifier.verified()) {
        sink.count(ValidationCounters.STORES_AUTHENTICATED, 1);
      } else {
        macAlert(out, "store_mac", out.mac, "The lineage store of " + out.output
            + " does not match its seal (key " + key.id() + "): job.json, sources.json or"
            + " parts.json was changed after it was written, or the seal was");
      }
    }
    unlisted(out, reader.output(), listed, byLength);
  }

  /** The output as alerts name it. */
  private static final class Out {
    final String output;
    final String jobId;
    String mac;

    Out(String output, String jobId) {
      this.output = output;
      this.jobId = jobId;
    }
  }

  private void macAlert(Out out, String reason, String expected, String message)
      throws IOException {
    sink.alert(new Alert.Builder(AlertType.MAC_MISMATCH, reason).output(out.output, out.jobId)
        .storeScope().checksums(expected, null).message(message).build(Instant.now()));
  }

  /**
   * Files a reader would consume (FileInputFormat skips only names starting with _ or .)
   * that the store does not list. A file of the same length as a listed part is compared with
   * its recorded checksum, to say when it is a copy; nothing else is opened.
   */
  private void unlisted(Out out, Path dir, Set<String> listed, Map<Long, Listed> byLength)
      throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
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
      Listed twin = st.isFile() && st.getLen() > 0 ? byLength.get(st.getLen()) : null;
      String copy = twin != null && sameChecksum(fs, st.getPath(), twin)
          ? "; it is a copy of " + twin.name() + " (same length and checksum)" : "";
      sink.alert(new Alert.Builder(AlertType.UNLISTED_PART, "not_in_store")
          .output(out.output, out.jobId).part(name, null)
          .message(name + " in " + out.output + " is " + what + " that the lineage store does"
              + " not list" + copy + ": it was not written by job " + out.jobId + ", yet"
              + " every job reading the output would read it. Remove it, or move it out of the"
              + " output").build(Instant.now()));
    }
  }

  private static boolean sameChecksum(FileSystem fs, Path file, Listed part)
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
        Interrupts.check(file); // a stray file as long as a part: gigabytes
        h.update(buf, 0, n);
        left -= n;
      }
    }
    byte[] d = new byte[algorithm.length()];
    h.finish(d, 0);
    return left == 0 && HexFormat.of().formatHex(d).equals(part.checksum());
  }
}
