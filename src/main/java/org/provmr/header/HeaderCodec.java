package org.provmr.header;

import java.io.DataInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Encodes and decodes provenance headers, format v1 (see docs/header-format.md):
 * {@code varint bodyLength, body}, where the body starts with a flags byte.
 *
 * <p>An instance holds the file's {@link HeaderContext} and reusable buffers, so encoding
 * any header and decoding a compact one allocate nothing. Not thread-safe: use one per task.
 * The static methods find header boundaries without decoding, so readers can skip a header
 * in O(1).
 */
public final class HeaderCodec {

  /** The format version this codec writes and reads. */
  public static final int VERSION = 1;

  /** Largest body accepted, so a corrupt length prefix cannot make a reader buffer gigabytes. */
  public static final int MAX_BODY_LENGTH = 1 << 26;

  static final int VERSION_SHIFT = 6;
  static final int VERSION_EXTENDED = 3;
  static final int SELF_CONTAINED = 1 << 5;
  static final int RECOMPUTED = 1 << 4;
  static final int CONFIDENCE_SHIFT = 2;
  static final int EXPLICIT_LINEAGE = 1 << 1;
  static final int SOURCE_SET = 1;

  private static final Confidence[] CONFIDENCES = Confidence.values();

  // Room for the longest prefix MAX_BODY_LENGTH needs; the body is shifted down afterwards.
  private static final int PREFIX_RESERVE = 4;

  private final HeaderContext ctx;
  private final ByteSink sink = new ByteSink(128);
  private final ByteSource source = new ByteSource();

  /** A codec for the headers of one file, relative to that file's context. */
  public HeaderCodec(HeaderContext ctx) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
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
    sink.reset();
    sink.ensureCapacity(PREFIX_RESERVE);
    sink.setLength(PREFIX_RESERVE);
    if (h.selfContained()) {
      encodeSelfContained(h);
    } else {
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
    int total = totalLength(b, off, len);
    if (total > len) {
      throw new HeaderFormatException("declared header length " + total + " (prefix included)"
          + " exceeds the " + len + " bytes available", 0);
    }
    // Bounding the source by the declared length makes any field that runs past the body a
    // truncation error, whatever follows the header in the caller's buffer.
    source.reset(b, off, total);
    source.readVarint();
    int flagsAt = source.position();
    int flags = source.readUnsignedByte();
    int version = flags >>> VERSION_SHIFT;
    if (version == VERSION_EXTENDED) {
      throw new HeaderFormatException(String.format("flags 0x%02x announce an extended version"
          + " byte, which this reader (format v%d) does not support", flags, VERSION), flagsAt);
    }
    if (version != VERSION) {
      throw new HeaderFormatException(String.format("unsupported header format version %d"
          + " in flags 0x%02x; this reader supports v%d", version, flags, VERSION), flagsAt);
    }
    int confidence = (flags >>> CONFIDENCE_SHIFT) & 3;
    if (confidence == 3) {
      throw new HeaderFormatException(
          String.format("invalid confidence code 3 in flags 0x%02x", flags), flagsAt);
    }
    into.clear();
    into.setConfidence(CONFIDENCES[confidence])
        .setRecomputed((flags & RECOMPUTED) != 0)
        .setSourceSet((flags & SOURCE_SET) != 0)
        .setSelfContained((flags & SELF_CONTAINED) != 0);
    if (into.selfContained()) {
      if ((flags & EXPLICIT_LINEAGE) != 0) {
        throw new HeaderFormatException(String.format("flags 0x%02x set EXPLICIT_LINEAGE,"
            + " which only compact headers may use", flags), flagsAt);
      }
      decodeSelfContained(into);
    } else {
      decodeCompact(flags, into);
    }
    if (source.remaining() != 0) {
      throw new HeaderFormatException("trailing garbage: " + source.remaining()
          + " unread bytes inside the declared header length", source.position());
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

  /** The confidence of the encoded header at {@code b[off..off+len)}, without decoding it. */
  public static Confidence confidenceAt(byte[] b, int off, int len)
      throws HeaderFormatException {
    int flagsAt = flagsIndex(b, off, len);
    return Confidence.fromCode((b[flagsAt] >>> CONFIDENCE_SHIFT) & 3);
  }

  private static int flagsIndex(byte[] b, int off, int len) throws HeaderFormatException {
    int total = totalLength(b, off, len);
    int prefix = 1;
    while ((b[off + prefix - 1] & 0x80) != 0) {
      prefix++;
    }
    if (total <= prefix) {
      throw new HeaderFormatException("empty header body", off);
    }
    Confidence.fromCode((b[off + prefix] >>> CONFIDENCE_SHIFT) & 3);
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
