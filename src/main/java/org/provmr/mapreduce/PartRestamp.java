package org.provmr.mapreduce;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.header.ChecksumAlgorithm;
import org.provmr.header.Confidence;
import org.provmr.header.HeaderCodec;
import org.provmr.header.HeaderFormatException;
import org.provmr.header.PayloadHasher;
import org.provmr.header.TypeMark;
import org.provmr.io.BoundedSequenceFileReader;
import org.provmr.store.MacKey;
import org.provmr.store.PartEntry;
import org.provmr.store.PartMac;

/**
 * Copies a provenance part with every record's confidence re-stamped: the copy is the same
 * file byte for byte except for the confidence bits of each header's flags byte (same keys,
 * values, payload checksums, timestamps, DataIDs, sync markers, SequenceFile metadata and part
 * identity), so its payload is unchanged by construction. Its store entry gets the new
 * whole-file checksum (and MACs in keyed mode). Used by promotion (docs/substreams.md).
 *
 * <p>Only uncompressed containers can be patched in place; a compressed part is refused with
 * a message, since re-compressing would need the record classes the file names.
 */
public final class PartRestamp {

  /**
   * The copy's store entry and the confidences its records had before.
   *
   * @param entry the copy's entry, under its new name
   * @param before records per confidence in the original
   */
  public record Result(PartEntry entry, Map<Confidence, Long> before) {
  }

  private PartRestamp() {
  }

  /**
   * Records per confidence of a part, read from the headers' flags without decoding them.
   */
  public static Map<Confidence, Long> confidences(Configuration conf, Path part)
      throws IOException {
    Map<Confidence, Long> seen = new EnumMap<>(Confidence.class);
    try (BoundedSequenceFileReader in = new BoundedSequenceFileReader(conf, part)) {
      while (in.next()) {
        seen.merge(confidence(in, part), 1L, Long::sum);
      }
    }
    return seen;
  }

  private static Confidence confidence(BoundedSequenceFileReader in, Path part)
      throws IOException {
    byte[] v = in.value();
    int vl = in.valueLength();
    try {
      int mark = TypeMark.length(v, 0, vl);
      return HeaderCodec.confidenceAt(v, mark, vl - mark);
    } catch (HeaderFormatException e) {
      throw new IOException("Malformed provenance header in " + part + " in the record at byte "
          + in.recordStart() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code to} (which must not exist): {@code from} with every record stamped
   * {@code confidence}.
   *
   * @param entry {@code from}'s store entry (record count, checksum algorithm, MAC chunks)
   * @param name the copy's part name in the store
   * @param key keyed mode's signing key when {@code entry} is signed, else null
   * @throws IOException if the part is compressed, malformed, or does not hold the records
   *     its entry says
   */
  public static Result restamp(Configuration conf, Path from, PartEntry entry, Path to,
      String name, Confidence confidence, MacKey key) throws IOException {
    FileSystem fs = from.getFileSystem(conf);
    long[] flagsAt = new long[16];
    byte[] flags = new byte[16];
    byte[] was = new byte[16];
    int n = 0;
    Map<Confidence, Long> before = new EnumMap<>(Confidence.class);
    try (BoundedSequenceFileReader in = new BoundedSequenceFileReader(conf, from)) {
      if (in.header().codec() != null) {
        throw new IOException("Cannot re-stamp " + from + ": it is a compressed SequenceFile ("
            + in.header().codec().getClass().getSimpleName() + "); only uncompressed parts"
            + " are re-stamped in place. It stays where it is.");
      }
      while (in.next()) {
        before.merge(confidence(in, from), 1L, Long::sum);
        byte[] v = in.value();
        int vl = in.valueLength();
        int at;
        byte read; // the flags byte as read: setConfidence patches v in place
        try {
          int mark = TypeMark.length(v, 0, vl);
          at = HeaderCodec.confidenceFlagsAt(v, mark, vl - mark);
          read = v[at];
          HeaderCodec.setConfidence(v, mark, vl - mark, confidence);
        } catch (HeaderFormatException e) {
          throw new IOException("Malformed provenance header in " + from + " at byte "
              + in.recordStart() + ": " + e.getMessage(), e);
        }
        if (n == flagsAt.length) {
          flagsAt = Arrays.copyOf(flagsAt, n * 2);
          flags = Arrays.copyOf(flags, n * 2);
          was = Arrays.copyOf(was, n * 2);
        }
        was[n] = read;
        // Uncompressed: the value is the record's last valueLength bytes.
        flagsAt[n] = in.position() - vl + at;
        flags[n] = v[at];
        n++;
      }
    }
    if (n != entry.records()) {
      throw new IOException("Cannot re-stamp " + from + ": it holds " + n + " records, its"
          + " store entry says " + entry.records() + "; validate it first");
    }
    ChecksumAlgorithm algorithm = ChecksumAlgorithm.fromName(entry.checksumAlgorithm());
    PayloadHasher hasher = algorithm.newHasher();
    PayloadHasher original = algorithm.newHasher();
    PartMac mac = key == null ? null : new PartMac(key, entry.identity(), entry.macChunkBytes());
    long copied = 0;
    try (InputStream src = fs.open(from);
        FSDataOutputStream out = new FSDataOutputStream(new HashingOutputStream(
            fs.create(to, false), hasher, mac), null)) {
      byte[] buf = new byte[64 << 10];
      int next = 0;
      int r;
      while ((r = src.read(buf)) > 0) {
        original.update(buf, 0, r);
        while (next < n && flagsAt[next] < copied + r) {
          int i = (int) (flagsAt[next] - copied);
          if (buf[i] != was[next]) {
            throw changed(from, "its record " + next + "'s header changed while it was read");
          }
          buf[i] = flags[next];
          next++;
        }
        out.write(buf, 0, r);
        copied += r;
      }
    }
    if (copied != entry.bytes()) {
      throw new IOException("Cannot re-stamp " + from + ": it has " + copied + " bytes, its"
          + " store entry says " + entry.bytes() + "; validate it first");
    }
    byte[] digest = new byte[algorithm.length()];
    original.finish(digest, 0);
    // The copy gets a checksum (and MACs) of its own: only the bytes the store and so the
    // validation vouched for may be re-stamped, or promotion would bless a part changed since.
    if (!HexFormat.of().formatHex(digest).equalsIgnoreCase(entry.checksum())) {
      throw changed(from, "its " + entry.checksumAlgorithm() + " is "
          + HexFormat.of().formatHex(digest) + ", its store entry says " + entry.checksum());
    }
    hasher.finish(digest, 0);
    PartEntry e = entry;
    PartEntry copy = new PartEntry(name, e.task(), e.records(), copied, e.checksumAlgorithm(),
        HexFormat.of().formatHex(digest), e.headerMode(), e.timestampBase(), e.lineageId(),
        e.headerBytes(), e.sources(), e.sourceSets(), e.summarySet(), e.summarizedRecords(),
        e.identity(), key == null ? null : key.id(), key == null ? 0 : e.macChunkBytes(),
        mac == null ? null : mac.finish());
    return new Result(copy, before);
  }

  private static IOException changed(Path from, String why) {
    return new IOException("Cannot re-stamp " + from + ": " + why + "; it changed since it was"
        + " recorded. It stays where it is; validate the output again.");
  }
}
