package org.provmr.header;

import java.io.DataInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Encodes and decodes provenance headers, formats v1 and v2 (see docs/header-format.md):
 * {@code varint bodyLength, body}, where the body starts with a flags byte.
 *
 * <p>An instance holds the file's {@link HeaderContext} and reusable buffers, so encoding
 * any header and decoding a compact one allocate nothing. Not thread-safe: use one per task.
 * The static methods find header boundaries without decoding, so readers can skip a header
 * in O(1).
 *
 * <p>A v2 compact header may be a delta from the header before it in the same sync block
 * (its timestamp, and the offset of its byte range from the end of the previous range). An
 * instance therefore remembers the last header it encoded or decoded: a writer calls
 * {@link #startBlock()} before the first record of every sync block, a reader when it meets
 * the block's type mark or jumps to a sync point, and a reader decodes every v2 header of a
 * block in order. A delta header without its predecessor is a {@link HeaderFormatException},
 * never a wrong value. Encoding and decoding share that memory: use one codec per direction.
 */
public final class HeaderCodec {

  /** Format v1: every field absolute, relative to the file's context only. */
  public static final int VERSION = 1;

  /** Format v2: compact headers may be deltas from the previous header of the sync block. */
  public static final int VERSION_2 = 2;

  /** Largest body accepted, so a corrupt length prefix cannot make a reader buffer gigabytes. */
  public static final int MAX_BODY_LENGTH = 1 << 26;

  static final int VERSION_SHIFT = 6;
  static final int VERSION_EXTENDED = 3;
  static final int SELF_CONTAINED = 1 << 5;
  // v2 has no self-contained form (those stay v1), so the bit says "delta from the previous".
  static final int DELTA = 1 << 5;
  static final int RECOMPUTED = 1 << 4;
  static final int CONFIDENCE_SHIFT = 2;
  static final int EXPLICIT_LINEAGE = 1 << 1;
  static final int SOURCE_SET = 1;

  private static final Confidence[] CONFIDENCES = Confidence.values();

  // Room for the longest prefix MAX_BODY_LENGTH needs; the body is shifted down afterwards.
  private static final int PREFIX_RESERVE = 4;

  /**
   * A v2 writer writes at most this many deltas in a row, then an absolute header: a damaged
   * header leaves at most this many after it unresolvable (their DataIDs are relative to it),
   * instead of the rest of its sync block (100 KiB uncompressed). Costs about 4/64 bytes per
   * map-side record.
   */
  public static final int MAX_DELTA_RUN = 63;

  // What the previous header of the current sync block was, for v2 deltas.
  private static final int PREV_NONE = 0;
  private static final int PREV_SET = 1;
  private static final int PREV_RANGE = 2;

  /**
   * The longest v2 compact body: flags, the longest checksum, and at most five varints
   * (timestamp, source id, offset, length, lineage id; a source set has two fewer).
   */
  static final int MAX_COMPACT_V2_BODY =
      1 + ProvenanceHeader.MAX_CHECKSUM_LENGTH + 5 * Varints.MAX_LENGTH;

  private final HeaderContext ctx;
  private final int writeVersion;
  private final int checksumLength;
  // Never shrinks, so its array always has room for a v2 compact header (encodeCompactV2).
  private final ByteSink sink = new ByteSink(1 + MAX_COMPACT_V2_BODY);
  private final ByteSource source = new ByteSource();
  private int prevKind = PREV_NONE;
  private long prevTimestamp;
  private int prevSource;
  // End (offset + length) of the previous range, or -1 if it does not fit a long.
  private long prevEnd;
  // Deltas written since the last absolute v2 header.
  private int deltaRun;

  /** A codec that writes v1 headers (and reads v1 and v2) relative to the file's context. */
  public HeaderCodec(HeaderContext ctx) {
    this(ctx, VERSION);
  }

  /**
   * A codec for the headers of one file, relative to that file's context, writing compact
   * headers in format {@code writeVersion} ({@link #VERSION} or {@link #VERSION_2});
   * self-contained headers are always v1. Both versions are read.
   */
  public HeaderCodec(HeaderContext ctx, int writeVersion) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
    if (writeVersion != VERSION && writeVersion != VERSION_2) {
      throw new IllegalArgumentException("header format version " + writeVersion
          + " is not one this codec writes (1 or 2)");
    }
    this.writeVersion = writeVersion;
    this.checksumLength = ctx.algorithm().length();
  }

  /** The format version of the compact headers this codec writes. */
  public int writeVersion() {
    return writeVersion;
  }

  /**
   * Forgets the previous header: the next header starts a sync block. A v2 writer encodes it
   * without deltas; a reader rejects it if it is a delta. Call it before the first record
   * after every sync marker (and after any jump to another position of the file).
   */
  public void startBlock() {
    prevKind = PREV_NONE;
  }

  /** The context compact headers are encoded against. */
  public HeaderContext context() {
    return ctx;
  }

  /**
   * Encodes {@code h} into the internal buffer, replacing the previous header.
   *
   * @return the header's total length, length prefix included; the bytes are
   *     {@code buffer()[0 .. length)}
   * @throws IllegalArgumentException if {@code h} cannot be encoded: a compact header whose
   *     algorithm differs from the context's, a self-contained byte range without exactly one
   *     source, or a lineage nested too deep
   */
  public int encode(ProvenanceHeader h) {
    if (writeVersion == VERSION_2 && !h.selfContained()) {
      return encodeCompactV2(h);
    }
    sink.reset();
    sink.ensureCapacity(PREFIX_RESERVE);
    sink.setLength(PREFIX_RESERVE);
    if (h.selfContained()) {
      prevKind = PREV_NONE;
      encodeSelfContained(h);
    } else {
      prevKind = PREV_NONE;
      encodeCompact(h);
    }
    int bodyLength = sink.length() - PREFIX_RESERVE;
    if (bodyLength > MAX_BODY_LENGTH) {
      throw new IllegalArgumentException("header body of " + bodyLength
          + " bytes exceeds the limit of " + MAX_BODY_LENGTH + "; shrink its lineage");
    }
    int prefix = Varints.sizeOf(bodyLength);
    byte[] b = sink.array();
    System.arraycopy(b, PREFIX_RESERVE, b, prefix, bodyLength);
    sink.reset();
    sink.writeVarint(bodyLength);
    sink.setLength(prefix + bodyLength);
    return prefix + bodyLength;
  }

  private int commonFlags(ProvenanceHeader h) {
    return VERSION << VERSION_SHIFT
        | (h.selfContained() ? SELF_CONTAINED : 0)
        | (h.recomputed() ? RECOMPUTED : 0)
        | h.confidence().code() << CONFIDENCE_SHIFT
        | (h.sourceSet() ? SOURCE_SET : 0);
  }

  private void encodeCompact(ProvenanceHeader h) {
    if (h.algorithm() != ctx.algorithm()) {
      throw new IllegalArgumentException("compact header uses " + h.algorithm().configName()
          + " but the file's context uses " + ctx.algorithm().configName()
          + "; set the header's algorithm from the context, or make it self-contained");
    }
    boolean explicit = h.lineageId() >= 0 && h.lineageId() != ctx.defaultLineageId();
    sink.writeByte(commonFlags(h) | (explicit ? EXPLICIT_LINEAGE : 0));
    sink.writeBytes(h.checksumArray(), 0, ctx.algorithm().length());
    sink.writeZigZag(h.timestampMillis() - ctx.timestampBase());
    if (h.sourceSet()) {
      sink.writeVarint(h.sourceSetId());
    } else {
      sink.writeVarint(h.sourceId());
      sink.writeVarint(h.offset());
      sink.writeVarint(h.length());
    }
    if (explicit) {
      sink.writeVarint(h.lineageId());
    }
  }

  /**
   * v2 compact: a delta from the previous header of the sync block when there is one (for a
   * byte range, only if that header was a range of the same source), else as v1 with the
   * version bits set to {@code 10}.
   *
   * <p>This is the one encoding every record of a default job takes, so it writes into the
   * array with a local position and {@link Varints#put} instead of a call per field. A task JVM
   * compiles every method its records run, up to three times (C1, C1 with profiles, C2),
   * before the user's own map loop is compiled by C2; on YARN the extra compilations of a
   * finer-grained path delayed that loop's C2 code by about a second per task
   * (bench/README.md, "The per-record path and the task's JIT"). The body is at most
   * {@link #MAX_COMPACT_V2_BODY} bytes, under 128, so its length prefix is one byte.
   *
   * @return the header's total length, length prefix included
   */
  private int encodeCompactV2(ProvenanceHeader h) {
    if (h.algorithm() != ctx.algorithm()) {
      encodeCompact(h); // throws, naming both algorithms
    }
    long timestamp = h.timestampMillis();
    boolean set = h.sourceSet();
    boolean delta = prevKind != PREV_NONE && deltaRun < MAX_DELTA_RUN;
    if (!set) {
      delta &= prevKind == PREV_RANGE && prevSource == h.sourceId() && prevEnd >= 0;
    }
    long timestampDelta = 0;
    if (delta) {
      timestampDelta = timestamp - prevTimestamp;
      // Overflow (timestamps of opposite signs far apart): fall back to the absolute form.
      delta = ((timestamp ^ prevTimestamp) & (timestamp ^ timestampDelta)) >= 0;
    }
    int lineageId = h.lineageId();
    boolean explicit = lineageId >= 0 && lineageId != ctx.defaultLineageId();
    byte[] b = sink.array(); // written in place; its length is what this returns
    int p = 1; // b[0]: the length prefix, written last
    b[p++] = (byte) (VERSION_2 << VERSION_SHIFT
        | (delta ? DELTA : 0)
        | (h.recomputed() ? RECOMPUTED : 0)
        | h.confidence().code() << CONFIDENCE_SHIFT
        | (explicit ? EXPLICIT_LINEAGE : 0)
        | (set ? SOURCE_SET : 0));
    System.arraycopy(h.checksumArray(), 0, b, p, checksumLength);
    p += checksumLength;
    p = Varints.put(b, p, Varints.zigZagEncode(
        delta ? timestampDelta : timestamp - ctx.timestampBase()));
    if (set) {
      p = Varints.put(b, p, h.sourceSetId());
      prevKind = PREV_SET;
    } else {
      long offset = h.offset();
      long length = h.length();
      if (delta) {
        // Both are in [0, Long.MAX_VALUE], so the difference cannot overflow.
        p = Varints.put(b, p, Varints.zigZagEncode(offset - prevEnd));
      } else {
        p = Varints.put(b, p, h.sourceId());
        p = Varints.put(b, p, offset);
      }
      p = Varints.put(b, p, length);
      prevKind = PREV_RANGE;
      prevSource = h.sourceId();
      prevEnd = rangeEnd(offset, length);
    }
    if (explicit) {
      p = Varints.put(b, p, lineageId);
    }
    prevTimestamp = timestamp;
    deltaRun = delta ? deltaRun + 1 : 0;
    b[0] = (byte) (p - 1);
    return p;
  }

  /** {@code offset + length}, or -1 if it does not fit a long (no delta may follow it). */
  private static long rangeEnd(long offset, long length) {
    long end = offset + length;
    return end < 0 ? -1 : end;
  }

  private void encodeSelfContained(ProvenanceHeader h) {
    List<SourceRef> sources = h.sources();
    if (!h.sourceSet() && sources.size() != 1) {
      throw new IllegalArgumentException("a self-contained byte-range header needs exactly one"
          + " source, got " + sources.size() + "; call setSourceSet(true) for a set");
    }
    sink.writeByte(commonFlags(h));
    sink.writeByte(h.algorithm().id());
    sink.writeBytes(h.checksumArray(), 0, h.algorithm().length());
    sink.writeVarint(h.timestampMillis());
    if (h.sourceSet()) {
      sink.writeVarint(sources.size());
    }
    for (int i = 0; i < sources.size(); i++) {
      SourceRef s = sources.get(i);
      sink.writeString(s.uri());
      sink.writeVarint(s.offset());
      sink.writeVarint(s.length());
    }
    LineageCodec.write(h.lineage(), sink);
  }

  /** The bytes of the last {@link #encode}d header, from offset 0. Reused by the next encode. */
  public byte[] buffer() {
    return sink.array();
  }

  /**
   * Points the source at the header at {@code off} (its length prefix read) and returns where
   * its flags byte is. Bounding the source by the declared length makes any field that runs
   * past the body a truncation error, whatever follows the header in the caller's buffer.
   */
  private int openBody(byte[] b, int off, int len) throws HeaderFormatException {
    int total = totalLength(b, off, len);
    if (total > len) {
      throw new HeaderFormatException("declared header length " + total + " (prefix included)"
          + " exceeds the " + len + " bytes available", 0);
    }
    source.reset(b, off, total);
    source.readVarint();
    return source.position();
  }

  /**
   * Decodes the header starting at {@code b[off]} (length prefix included) into {@code into},
   * replacing all its fields. Only the header's own bytes are read, however large {@code len}.
   * If decoding fails, {@code into} holds partial values.
   *
   * @param len bytes available from {@code off}; the header may be followed by other data
   * @throws HeaderFormatException if the header is malformed, with the position inside it
   */
  public void decode(byte[] b, int off, int len, ProvenanceHeader into)
      throws HeaderFormatException {
    Objects.requireNonNull(into, "into");
    int flagsAt = openBody(b, off, len);
    int flags = source.readUnsignedByte();
    int version = flags >>> VERSION_SHIFT;
    // The previous header's state is consumed here: a header that fails to decode leaves
    // none, so a delta after it fails too instead of decoding against stale values.
    int prev = prevKind;
    prevKind = PREV_NONE;
    if (version == VERSION_EXTENDED) {
      throw new HeaderFormatException(String.format("flags 0x%02x announce an extended version"
          + " byte, which this reader (formats v1 and v2) does not support", flags), flagsAt);
    }
    if (version != VERSION && version != VERSION_2) {
      throw new HeaderFormatException(String.format("unsupported header format version %d"
          + " in flags 0x%02x; this reader supports v1 and v2", version, flags), flagsAt);
    }
    int confidence = (flags >>> CONFIDENCE_SHIFT) & 3;
    if (confidence == 3) {
      throw new HeaderFormatException(
          String.format("invalid confidence code 3 in flags 0x%02x of a format version %d"
          + " header", flags, version), flagsAt);
    }
    into.clear();
    into.setConfidence(CONFIDENCES[confidence])
        .setRecomputed((flags & RECOMPUTED) != 0)
        .setSourceSet((flags & SOURCE_SET) != 0);
    if (version == VERSION_2) {
      decodeCompactV2(flags, flagsAt, prev, into);
      checkNoTrailingBytes();
      prevKind = into.sourceSet() ? PREV_SET : PREV_RANGE;
      return;
    }
    into.setSelfContained((flags & SELF_CONTAINED) != 0);
    if (into.selfContained()) {
      if ((flags & EXPLICIT_LINEAGE) != 0) {
        throw new HeaderFormatException(String.format("flags 0x%02x set EXPLICIT_LINEAGE,"
            + " which only compact headers may use", flags), flagsAt);
      }
      decodeSelfContained(into);
    } else {
      decodeCompact(flags, into);
    }
    checkNoTrailingBytes();
  }

  /**
   * Decodes a v2 delta header whose predecessor is lost (it failed to decode), for a
   * validator that still checks the record's payload. The framing and every field are checked
   * as {@link #decode} does; {@code into} gets what the header holds on its own (confidence,
   * recomputed, checksum, byte length or source-set id, lineage id), while its timestamp,
   * source id and offset, which are relative to the lost header, are left 0. The codec's
   * memory is not touched: the predecessor stays lost, so the next delta is unresolved too
   * and an absolute header ends the run.
   *
   * @throws HeaderFormatException if the header is malformed or is not a v2 delta
   */
  public void decodeUnresolved(byte[] b, int off, int len, ProvenanceHeader into)
      throws HeaderFormatException {
    Objects.requireNonNull(into, "into");
    int flagsAt = openBody(b, off, len);
    int flags = source.readUnsignedByte();
    if (flags >>> VERSION_SHIFT != VERSION_2 || (flags & DELTA) == 0) {
      throw new HeaderFormatException(String.format("flags 0x%02x do not mark a v2 delta"
          + " header", flags), flagsAt);
    }
    int confidence = (flags >>> CONFIDENCE_SHIFT) & 3;
    if (confidence == 3) {
      throw new HeaderFormatException(String.format("invalid confidence code 3 in flags 0x%02x"
          + " of a format version 2 header", flags), flagsAt);
    }
    into.clear();
    into.setConfidence(CONFIDENCES[confidence])
        .setRecomputed((flags & RECOMPUTED) != 0)
        .setSourceSet((flags & SOURCE_SET) != 0)
        .setAlgorithm(ctx.algorithm());
    source.readBytes(into.checksumArray(), 0, ctx.algorithm().length());
    source.readZigZag(); // timestamp delta: relative to the lost header
    if (into.sourceSet()) {
      into.setSourceSetId(source.readVarintInt());
    } else {
      source.readZigZag(); // offset gap: relative to the lost header's range
      into.setLength(readNonNegative("length"));
    }
    if ((flags & EXPLICIT_LINEAGE) != 0) {
      into.setLineageId(source.readVarintInt());
    }
    checkNoTrailingBytes();
  }

  private void checkNoTrailingBytes() throws HeaderFormatException {
    if (source.remaining() != 0) {
      throw new HeaderFormatException("trailing garbage: " + source.remaining()
          + " unread bytes inside the declared header length", source.position());
    }
  }

  /**
   * v2 compact body. A delta needs the previous header of the same sync block, decoded by
   * this codec; values that would leave their range (negative or overflowing offsets and
   * timestamps) are rejected, as is a delta with no predecessor.
   */
  private void decodeCompactV2(int flags, int flagsAt, int prev, ProvenanceHeader into)
      throws HeaderFormatException {
    boolean delta = (flags & DELTA) != 0;
    if (delta && prev == PREV_NONE) {
      throw new HeaderFormatException(String.format("flags 0x%02x mark a v2 delta header,"
          + " but no header precedes it in its sync block (the first record of a sync block"
          + " must be absolute; a reader must decode a block from its sync point, in order)",
          flags), flagsAt);
    }
    if (delta && !into.sourceSet() && prev != PREV_RANGE) {
      throw new HeaderFormatException(String.format("flags 0x%02x mark a v2 delta byte range,"
          + " but the header before it has no byte range", flags), flagsAt);
    }
    if (delta && !into.sourceSet() && prevEnd < 0) {
      throw new HeaderFormatException(String.format("flags 0x%02x mark a v2 delta byte range,"
          + " but the range before it ends beyond a signed long", flags), flagsAt);
    }
    ChecksumAlgorithm algorithm = ctx.algorithm();
    into.setAlgorithm(algorithm);
    source.readBytes(into.checksumArray(), 0, algorithm.length());
    int at = source.position();
    long t = source.readZigZag();
    // The absolute form wraps around as v1 does (so every long round-trips); a writer only
    // uses a delta that does not overflow, so one that does is corrupt.
    long timestamp = delta ? prevTimestamp + t : ctx.timestampBase() + t;
    if (delta && ((prevTimestamp ^ timestamp) & (t ^ timestamp)) < 0) {
      throw new HeaderFormatException("timestamp delta " + t + " from the previous header's "
          + prevTimestamp + " overflows a signed long", at);
    }
    into.setTimestampMillis(timestamp);
    if (into.sourceSet()) {
      into.setSourceSetId(source.readVarintInt());
    } else if (delta) {
      at = source.position();
      long gap = source.readZigZag();
      long offset = prevEnd + gap;
      // prevEnd >= 0, so only a positive gap can overflow (to a negative sum).
      if (offset < 0) {
        throw new HeaderFormatException("offset delta " + gap + " from the previous range's"
            + " end " + prevEnd + (gap < 0 ? " is a negative offset" : " overflows a signed"
            + " long"), at);
      }
      into.setSourceId(prevSource).setOffset(offset).setLength(readNonNegative("length"));
    } else {
      into.setSourceId(source.readVarintInt())
          .setOffset(readNonNegative("offset"))
          .setLength(readNonNegative("length"));
    }
    if ((flags & EXPLICIT_LINEAGE) != 0) {
      into.setLineageId(source.readVarintInt());
    }
    prevTimestamp = timestamp;
    if (!into.sourceSet()) {
      prevSource = into.sourceId();
      prevEnd = rangeEnd(into.offset(), into.length());
    }
  }

  private void decodeCompact(int flags, ProvenanceHeader into) throws HeaderFormatException {
    ChecksumAlgorithm algorithm = ctx.algorithm();
    into.setAlgorithm(algorithm);
    source.readBytes(into.checksumArray(), 0, algorithm.length());
    into.setTimestampMillis(ctx.timestampBase() + source.readZigZag());
    if (into.sourceSet()) {
      into.setSourceSetId(source.readVarintInt());
    } else {
      into.setSourceId(source.readVarintInt())
          .setOffset(readNonNegative("offset"))
          .setLength(readNonNegative("length"));
    }
    if ((flags & EXPLICIT_LINEAGE) != 0) {
      into.setLineageId(source.readVarintInt());
    }
  }

  private void decodeSelfContained(ProvenanceHeader into) throws HeaderFormatException {
    int algorithmAt = source.position();
    int id = source.readUnsignedByte();
    ChecksumAlgorithm algorithm;
    try {
      algorithm = ChecksumAlgorithm.fromId(id);
    } catch (HeaderFormatException e) {
      throw new HeaderFormatException(e.reason(), algorithmAt);
    }
    into.setAlgorithm(algorithm);
    source.readBytes(into.checksumArray(), 0, algorithm.length());
    into.setTimestampMillis(source.readVarint());
    int n = into.sourceSet() ? LineageCodec.readCount(source, "source") : 1;
    List<SourceRef> sources = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String uri = source.readString();
      sources.add(new SourceRef(uri, readNonNegative("source offset"),
          readNonNegative("source length")));
    }
    into.setSources(sources);
    into.setLineage(LineageCodec.read(source));
  }

  private long readNonNegative(String field) throws HeaderFormatException {
    int at = source.position();
    long v = source.readVarint();
    if (v < 0) {
      throw new HeaderFormatException(
          field + " " + Long.toUnsignedString(v) + " does not fit in a signed long", at);
    }
    return v;
  }

  /**
   * The total length (prefix plus declared body length) of the header at {@code b[off]},
   * read from the prefix alone, in O(1). The result may exceed {@code len}: a streaming
   * reader can use it to know how many more bytes to fetch.
   *
   * @throws HeaderFormatException if the prefix is truncated, longer than 10 bytes or
   *     declares a body larger than {@link #MAX_BODY_LENGTH}
   */
  public static int totalLength(byte[] b, int off, int len) throws HeaderFormatException {
    return Framing.totalLength(b, off, len);
  }

  /**
   * Re-stamps the confidence of the encoded header at {@code b[off..off+len)} in place: only
   * the confidence bits of its flags byte change, so the header keeps its length and every
   * other field (promotion after a clean revalidation, docs/substreams.md).
   *
   * @return the index in {@code b} of the flags byte, which held {@link #confidenceAt} before
   * @throws HeaderFormatException if the prefix is malformed, the header is empty or its
   *     confidence code is invalid
   */
  public static int setConfidence(byte[] b, int off, int len, Confidence confidence)
      throws HeaderFormatException {
    int flagsAt = flagsIndex(b, off, len);
    b[flagsAt] = (byte) ((b[flagsAt] & ~(3 << CONFIDENCE_SHIFT))
        | confidence.code() << CONFIDENCE_SHIFT);
    return flagsAt;
  }

  /**
   * The index in {@code b} of the flags byte of the encoded header at {@code b[off..off+len)}:
   * the one byte {@link #setConfidence} changes.
   *
   * @throws HeaderFormatException as {@link #setConfidence} does
   */
  public static int confidenceFlagsAt(byte[] b, int off, int len)
      throws HeaderFormatException {
    return flagsIndex(b, off, len);
  }

  /** The confidence of the encoded header at {@code b[off..off+len)}, without decoding it. */
  public static Confidence confidenceAt(byte[] b, int off, int len)
      throws HeaderFormatException {
    int flagsAt = flagsIndex(b, off, len);
    return Confidence.fromCode((b[flagsAt] >>> CONFIDENCE_SHIFT) & 3);
  }

  /**
   * Whether the encoded header at {@code b[off..off+len)} is v2, from its flags byte alone:
   * a reader must decode such a header as it reads it (later headers of its sync block may be
   * deltas from it), where a v1 header can be decoded lazily or never.
   *
   * @throws HeaderFormatException if the prefix is malformed or the header is empty
   */
  public static boolean isVersion2(byte[] b, int off, int len) throws HeaderFormatException {
    return (b[flagsAt(b, off, len)] & 0xFF) >>> VERSION_SHIFT == VERSION_2;
  }

  /** {@link #flagsAt}, with the flags byte's confidence code checked. */
  private static int flagsIndex(byte[] b, int off, int len) throws HeaderFormatException {
    int at = flagsAt(b, off, len);
    Confidence.fromCode((b[at] >>> CONFIDENCE_SHIFT) & 3);
    return at;
  }

  /**
   * The index in {@code b} of the flags byte (the body's first) of the header at
   * {@code b[off..off+len)}; the header must have a body, and that byte must lie within len.
   */
  private static int flagsAt(byte[] b, int off, int len) throws HeaderFormatException {
    int total = totalLength(b, off, len);
    int prefix = 1;
    while ((b[off + prefix - 1] & 0x80) != 0) {
      prefix++;
    }
    if (total <= prefix || prefix >= len) {
      throw new HeaderFormatException("empty header body", prefix);
    }
    return off + prefix;
  }

  /**
   * Skips one header in {@code in} without decoding its body.
   *
   * @return bytes skipped, prefix included
   * @throws java.io.EOFException if the input ends before the first prefix byte
   * @throws HeaderFormatException if the prefix is malformed or the input ends inside the
   *     header
   */
  public static int skip(DataInput in) throws IOException {
    return Framing.skip(in);
  }

  /** As {@link #skip(DataInput)}, the prefix's first byte already read from {@code in}. */
  public static int skip(int firstByte, DataInput in) throws IOException {
    return Framing.skip(firstByte & 0xFF, in);
  }

  /**
   * Appends one header's raw bytes, prefix included and exactly as read, from {@code in} to
   * {@code into}, for decoding later with {@link #decode}. On failure {@code into} keeps only
   * what it held before.
   *
   * @return bytes appended
   * @throws java.io.EOFException if the input ends before the first prefix byte
   * @throws HeaderFormatException if the prefix is malformed or the input ends inside the
   *     header
   */
  public static int readRaw(DataInput in, ByteSink into) throws IOException {
    return Framing.readRaw(in, into);
  }

  /** As {@link #readRaw(DataInput, ByteSink)}, the prefix's first byte already read. */
  public static int readRaw(int firstByte, DataInput in, ByteSink into) throws IOException {
    return Framing.readRaw(firstByte & 0xFF, in, into);
  }
}
