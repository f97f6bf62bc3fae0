package org.provmr.validate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.provmr.store.MacKey;
import org.provmr.store.PartEntry;
import org.provmr.store.PartMac;

/**
 * Keyed mode's check of one part file: its chunk MACs are computed in the same read as its
 * whole-part checksum, then compared with the ones parts.json records (which the store's seal
 * covers). Off (no {@link #mac()}) when keyed mode is off, or the part cannot be verified.
 */
final class PartAuthenticity {
  /** A byte range of the part whose MAC failed: {@code [start, end)}. */
  record Range(long start, long end, String expected, String actual) {
    /** Whether bytes {@code [from, to)} overlap the range. */
    boolean overlaps(long from, long to) {
      return from < end && to > start;
    }
  }

  private final PartEntry part;
  private final PartMac mac;
  private final String problem;
  private final String problemMessage;
  private final String keyId;

  private PartAuthenticity(PartEntry part, PartMac mac, String problem, String problemMessage,
      String keyId) {
    this.part = part;
    this.mac = mac;
    this.problem = problem;
    this.problemMessage = problemMessage;
    this.keyId = keyId;
  }

  /**
   * @param keys the verifying keys by id (empty: keyed mode off)
   * @param storeSealed whether the output's store has a seal (an unsealed store is reported
   *     once, for the store, rather than once per part)
   */
  static PartAuthenticity of(Map<String, MacKey> keys, PartEntry part, boolean storeSealed) {
    if (keys.isEmpty()) {
      return new PartAuthenticity(part, null, null, null, null);
    }
    if (!part.signed()) {
      return storeSealed ? new PartAuthenticity(part, null, "not_signed", "Keyed mode is on but"
          + " part " + part.name() + " has no MAC in a sealed store: it was written without a"
          + " key and cannot be authenticated", null)
          : new PartAuthenticity(part, null, null, null, null);
    }
    MacKey key = keys.get(part.macKeyId());
    if (key == null) {
      return new PartAuthenticity(part, null, "unknown_key", "Part " + part.name()
          + " is signed with key " + part.macKeyId() + ", which is not among the configured"
          + " keys (provenance.keyed.key.alias, provenance.keyed.verify.aliases): it cannot be"
          + " verified", null);
    }
    if (part.macChunkBytes() <= 0 || part.identity() == null) {
      return new PartAuthenticity(part, null, null, null, null); // store_inconsistent says why
    }
    return new PartAuthenticity(part, new PartMac(key, part.identity(), part.macChunkBytes()),
        null, null, key.id());
  }

  /** The MAC to feed every byte of the file to, or null when nothing is verified. */
  PartMac mac() {
    return mac;
  }

  /** {@code not_signed} or {@code unknown_key} when the part cannot be verified, else null. */
  String problem() {
    return problem;
  }

  String problemMessage() {
    return problemMessage;
  }

  String keyId() {
    return keyId;
  }

  /**
   * The {@code part_mac} alert of a forged range.
   *
   * @param first the first record with bytes in the range, or -1
   * @param count how many records have bytes in it
   */
  Alert forgedAlert(Alert.Builder b, Path file, Range r, long first, long count) {
    return b.at(first < 0 ? null : first, r.start()).checksums(r.expected(), r.actual())
        .records(count).message("Bytes [" + r.start() + ", " + r.end() + ") of part " + file
            + " do not match their keyed MAC (key " + keyId + "): "
            + (first < 0 ? "no record lies there, so the file's header or framing"
            : "records " + first + " to " + (first + count - 1) + " lie there; one or more of"
            + " them, or the file's header or framing,")
            + " was changed after the part was written, checksums included")
        .build(Instant.now());
  }

  /**
   * After the whole file was fed: the chunks whose MAC differs (adjacent ones merged), chunks
   * the file has beyond the recorded ones, and recorded chunks the file no longer reaches.
   */
  List<Range> forged(long fileLength) {
    List<Range> out = new ArrayList<>();
    if (mac == null) {
      return out;
    }
    List<String> actual = mac.finish();
    List<String> expected = part.macs();
    long chunk = part.macChunkBytes();
    int n = Math.max(actual.size(), expected.size());
    for (int i = 0; i < n; i++) {
      String e = i < expected.size() ? expected.get(i) : null;
      String a = i < actual.size() ? actual.get(i) : null;
      if (e != null && e.equals(a)) {
        continue;
      }
      long start = i * chunk;
      long end = Math.min(start + chunk, Math.max(fileLength, part.bytes()));
      Range last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && last.end() == start) {
        out.set(out.size() - 1, new Range(last.start(), end, last.expected(), last.actual()));
      } else {
        out.add(new Range(start, end, e, a));
      }
    }
    return out;
  }
}
