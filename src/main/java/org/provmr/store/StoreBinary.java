package org.provmr.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * The binary entry files of store formatVersion 2, {@code sources.bin} and {@code parts.bin}.
 *
 * <pre>
 * file   := magic "PMR", kind byte ('S' sources, 'P' parts), version byte 2, deflate(entries)
 * entries:= (varint n, n bytes of one entry)*, varint 0
 * </pre>
 *
 * <p>Our own framing rather than a SequenceFile or Avro: keyed mode seals the exact bytes of
 * the store's files and {@link LineageStore#write} is idempotent (equal content, equal bytes);
 * a SequenceFile's sync marker is random per writer, and Avro is not on Hadoop's class path.
 * Entries are length-prefixed so a reader streams them one at a time with a bound on each.
 * Strings repeat from entry to entry (URIs, algorithms) and deflate takes them out.
 */
public final class StoreBinary {
  static final int VERSION = 2;
  static final byte SOURCES = 'S';
  static final byte PARTS = 'P';
  /** The largest entry accepted: a part with a full source-set budget is far below it. */
  static final int MAX_ENTRY_BYTES = 64 << 20;

  private StoreBinary() {
  }

  /** Receives entries one at a time as a file is read. */
  @FunctionalInterface
  public interface EntryConsumer<T> {
    void accept(T entry) throws IOException;
  }

  /** Writes entries into one file's bytes, streaming; {@link #finish} ends the file. */
  static final class Writer implements AutoCloseable {
    private final DeflaterOutputStream deflate;
    private final DataOutputStream out;
    private final ByteArrayOutputStream entry = new ByteArrayOutputStream(256);
    private final DataOutputStream e = new DataOutputStream(entry);
    private final Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    private final byte kind;

    Writer(OutputStream target, byte kind) throws IOException {
      this.kind = kind;
      target.write(new byte[] {'P', 'M', 'R', kind, VERSION});
      deflate = new DeflaterOutputStream(target, deflater, 1 << 16);
      out = new DataOutputStream(deflate);
    }

    void source(SourceEntry s) throws IOException {
      check(SOURCES);
      entry.reset();
      varint(e, s.id());
      string(e, s.uri());
      varint(e, s.start());
      varint(e, s.length());
      varint(e, s.fileLength());
      varint(e, s.modificationTime());
      string(e, s.positions());
      string(e, s.fingerprintAlgorithm());
      string(e, s.fingerprint());
      varint(e, s.chunkBytes());
      strings(e, s.chunkFingerprints());
      string(e, s.upstream());
      flushEntry();
    }

    void part(PartEntry p) throws IOException {
      check(PARTS);
      entry.reset();
      string(e, p.name());
      string(e, p.task());
      varint(e, p.records());
      varint(e, p.bytes());
      string(e, p.checksumAlgorithm());
      string(e, p.checksum());
      string(e, p.headerMode());
      varint(e, p.timestampBase());
      varint(e, SourceIds.zigZag(p.lineageId()));
      varint(e, p.headerBytes());
      p.sources().write(e);
      varint(e, p.sourceSets().size());
      for (SourceIds s : p.sourceSets()) {
        s.write(e);
      }
      varint(e, p.summarySet() == null ? 0 : p.summarySet() + 1L);
      varint(e, p.summarizedRecords());
      string(e, p.identity());
      string(e, p.macKeyId());
      varint(e, p.macChunkBytes());
      strings(e, p.macs());
      flushEntry();
    }

    private void check(byte k) {
      if (k != kind) {
        throw new IllegalStateException("a " + (char) kind + " file takes no " + (char) k
            + " entries");
      }
    }

    private void flushEntry() throws IOException {
      e.flush();
      varint(out, entry.size());
      entry.writeTo(out);
    }

    /** Writes the end marker and finishes the deflate stream (the target stays open). */
    void finish() throws IOException {
      varint(out, 0);
      out.flush();
      deflate.finish();
    }

    @Override
    public void close() {
      deflater.end();
    }
  }

  /** The bytes of a sources file holding {@code sources}, in the order given. */
  static byte[] sources(List<SourceEntry> sources) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (Writer w = new Writer(b, SOURCES)) {
      for (SourceEntry s : sources) {
        w.source(s);
      }
      w.finish();
    }
    return b.toByteArray();
  }

  /** The bytes of a parts file holding {@code parts}, in the order given. */
  static byte[] parts(List<PartEntry> parts) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (Writer w = new Writer(b, PARTS)) {
      for (PartEntry p : parts) {
        w.part(p);
      }
      w.finish();
    }
    return b.toByteArray();
  }

  static List<SourceEntry> readSources(byte[] file, String name) throws IOException {
    List<SourceEntry> out = new ArrayList<>();
    read(new ByteArrayInputStream(file), SOURCES, name, in -> out.add(source(in)));
    return out;
  }

  static List<PartEntry> readParts(byte[] file, String name) throws IOException {
    List<PartEntry> out = new ArrayList<>();
    read(new ByteArrayInputStream(file), PARTS, name, in -> out.add(part(in)));
    return out;
  }

  /** Streams the source entries of a file to {@code each}, holding one at a time. */
  public static void streamSources(InputStream file, String name,
      EntryConsumer<SourceEntry> each) throws IOException {
    read(file, SOURCES, name, in -> each.accept(source(in)));
  }

  /** Streams the part entries of a file to {@code each}, holding one at a time. */
  public static void streamParts(InputStream file, String name, EntryConsumer<PartEntry> each)
      throws IOException {
    read(file, PARTS, name, in -> each.accept(part(in)));
  }

  private static void read(InputStream file, byte kind, String name,
      EntryConsumer<DataInputStream> each) throws IOException {
    byte[] magic = new byte[5];
    int entries = 0;
    try {
      new DataInputStream(file).readFully(magic);
      if (magic[0] != 'P' || magic[1] != 'M' || magic[2] != 'R' || magic[3] != kind) {
        throw new IOException("not a ProvMR " + (kind == SOURCES ? "sources" : "parts")
            + " file (magic bytes)");
      }
      if (magic[4] != VERSION) {
        throw new IOException("entry format version " + magic[4] + "; this ProvMR reads "
            + VERSION + (magic[4] > VERSION ? ": use the newer ProvMR that wrote it" : ""));
      }
      DataInputStream in = new DataInputStream(new InflaterInputStream(file));
      for (long n = SourceIds.readVarint(in); n != 0; n = SourceIds.readVarint(in)) {
        if (n < 0 || n > MAX_ENTRY_BYTES) {
          throw new IOException("entry " + entries + " claims " + n + " bytes; at most "
              + MAX_ENTRY_BYTES + " are accepted");
        }
        // Read as the bytes arrive (readNBytes grows in 8 KiB steps): a length that says more
        // than the file holds must not be allocated first (five bytes asked for 64 MiB).
        byte[] bytes = in.readNBytes((int) n);
        if (bytes.length < n) {
          throw new EOFException();
        }
        DataInputStream entry = new DataInputStream(new ByteArrayInputStream(bytes));
        each.accept(entry);
        if (entry.available() != 0) {
          throw new IOException("entry " + entries + " has " + entry.available()
              + " trailing bytes");
        }
        entries++;
      }
    } catch (EOFException e) {
      throw new IOException("Malformed lineage store file " + name + ": truncated in entry "
          + entries, e);
    } catch (java.util.zip.ZipException e) {
      // zlib's own words ("invalid code -- missing end-of-block") say nothing of the store.
      throw new IOException("Malformed lineage store file " + name + ": its compressed"
          + " entries are damaged (zlib: " + e.getMessage() + ") (entry " + entries + ")", e);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("Malformed")) {
        throw e;
      }
      throw new IOException("Malformed lineage store file " + name + ": " + e.getMessage()
          + " (entry " + entries + ")", e);
    }
  }

  private static SourceEntry source(DataInputStream in) throws IOException {
    return new SourceEntry(intOf(in), string(in), longOf(in), longOf(in), longOf(in),
        longOf(in), string(in), string(in), string(in), longOf(in), strings(in), string(in));
  }

  private static PartEntry part(DataInputStream in) throws IOException {
    String name = string(in);
    String task = string(in);
    long records = longOf(in);
    long bytes = longOf(in);
    String algorithm = string(in);
    String checksum = string(in);
    String mode = string(in);
    long base = longOf(in);
    long zz = longOf(in);
    long lineageLong = (zz >>> 1) ^ -(zz & 1);
    if (lineageLong != (int) lineageLong) {
      throw new IOException("lineage id " + lineageLong + " does not fit an int");
    }
    int lineage = (int) lineageLong;
    long headerBytes = longOf(in);
    // A set's length is bounded by what is left of its entry (in memory), before allocating.
    SourceIds sources = SourceIds.read(in, in.available());
    int nSets = intOf(in);
    List<SourceIds> sets = new ArrayList<>(Math.min(nSets, 1024));
    for (int i = 0; i < nSets; i++) {
      sets.add(SourceIds.read(in, in.available()));
    }
    int summary = intOf(in);
    return new PartEntry(name, task, records, bytes, algorithm, checksum, mode, base, lineage,
        headerBytes, sources, sets, summary == 0 ? null : summary - 1, longOf(in), string(in),
        string(in), longOf(in), strings(in));
  }

  private static void varint(DataOutputStream out, long v) throws IOException {
    SourceIds.writeVarint(out, v);
  }

  private static long longOf(DataInputStream in) throws IOException {
    return SourceIds.readVarint(in);
  }

  private static int intOf(DataInputStream in) throws IOException {
    long v = SourceIds.readVarint(in);
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new IOException("value " + v + " does not fit an int");
    }
    return (int) v;
  }

  /** A string as varint (UTF-8 length + 1) and the bytes; 0 is null. */
  private static void string(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      varint(out, 0);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    varint(out, b.length + 1L);
    out.write(b);
  }

  private static String string(DataInputStream in) throws IOException {
    long n = SourceIds.readVarint(in);
    if (n == 0) {
      return null;
    }
    if (n < 0 || n - 1 > in.available()) { // a ten-byte varint can be negative
      throw new IOException("a string of " + (n - 1) + " bytes runs past its entry");
    }
    byte[] b = new byte[(int) (n - 1)];
    in.readFully(b);
    for (byte x : b) {
      if (x < 0) {
        // Strict: malformed UTF-8 is an error, not a replacement character.
        try {
          return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b))
              .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
          // The decoder's own message is "Input length = 1".
          throw new IOException("a string of " + b.length + " bytes is not UTF-8", e);
        }
      }
    }
    return new String(b, StandardCharsets.US_ASCII); // URIs and hex: the common case

  }

  private static void strings(DataOutputStream out, List<String> list) throws IOException {
    varint(out, list.size());
    for (String s : list) {
      string(out, s);
    }
  }

  private static List<String> strings(DataInputStream in) throws IOException {
    int n = intOf(in);
    if (n > in.available()) {
      throw new IOException("a list of " + n + " strings runs past its entry");
    }
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String s = string(in);
      if (s == null) {
        throw new IOException("a list holds null");
      }
      out.add(s);
    }
    return out;
  }
}
