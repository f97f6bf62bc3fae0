package org.provmr.header;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.provmr.lineage.Lineage;

/**
 * The provenance of one record, mutable so that a reader or writer can reuse one instance for
 * every record. Setters return {@code this} for chaining and reject values the format cannot
 * carry. Encode and decode with {@link HeaderCodec}.
 *
 * <p>A header is either <em>compact</em>, with numeric ids into the part file's source and
 * lineage dictionaries, or <em>self-contained</em>, carrying source URIs and the full lineage.
 * Its DataID is either a byte range of one source or a set of sources. Fields that the
 * current mode does not carry (say {@link #sourceId()} of a self-contained header) are kept
 * but ignored by the codec, {@link #equals}, {@link #hashCode} and {@link #toString}, so two
 * headers are equal exactly when they encode the same information.
 */
public final class ProvenanceHeader {

  /** Size of the checksum array: the longest checksum, SHA-256's 32 bytes. */
  public static final int MAX_CHECKSUM_LENGTH = 32;

  private boolean selfContained;
  private ChecksumAlgorithm algorithm = ChecksumAlgorithm.CRC32C;
  private Confidence confidence = Confidence.HIGH;
  private boolean recomputed;
  private final byte[] checksum = new byte[MAX_CHECKSUM_LENGTH];
  private long timestampMillis;
  private boolean sourceSet;
  private int sourceId;
  private long offset;
  private long length;
  private int sourceSetId;
  private int lineageId = -1;
  private List<SourceRef> sources = List.of();
  private Lineage lineage = Lineage.empty();

  /** Resets every field to its default: compact, CRC32C, HIGH, zeros, lineage id -1. */
  public ProvenanceHeader clear() {
    selfContained = false;
    algorithm = ChecksumAlgorithm.CRC32C;
    confidence = Confidence.HIGH;
    recomputed = false;
    Arrays.fill(checksum, (byte) 0);
    timestampMillis = 0;
    sourceSet = false;
    sourceId = 0;
    offset = 0;
    length = 0;
    sourceSetId = 0;
    lineageId = -1;
    sources = List.of();
    lineage = Lineage.empty();
    return this;
  }

  /** Copies every field of {@code other} into this header. */
  public ProvenanceHeader copyFrom(ProvenanceHeader other) {
    selfContained = other.selfContained;
    algorithm = other.algorithm;
    confidence = other.confidence;
    recomputed = other.recomputed;
    System.arraycopy(other.checksum, 0, checksum, 0, MAX_CHECKSUM_LENGTH);
    timestampMillis = other.timestampMillis;
    sourceSet = other.sourceSet;
    sourceId = other.sourceId;
    offset = other.offset;
    length = other.length;
    sourceSetId = other.sourceSetId;
    lineageId = other.lineageId;
    sources = other.sources;
    lineage = other.lineage;
    return this;
  }

  /** Whether the header carries source URIs and full lineage instead of dictionary ids. */
  public boolean selfContained() {
    return selfContained;
  }

  /** Chooses self-contained (true) or compact (false) encoding. */
  public ProvenanceHeader setSelfContained(boolean selfContained) {
    this.selfContained = selfContained;
    return this;
  }

  /** The payload checksum algorithm; compact headers must use the file's. */
  public ChecksumAlgorithm algorithm() {
    return algorithm;
  }

  /** Sets the checksum algorithm; set it before {@link #setChecksum}. */
  public ProvenanceHeader setAlgorithm(ChecksumAlgorithm algorithm) {
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    return this;
  }

  /** How exact the provenance is. */
  public Confidence confidence() {
    return confidence;
  }

  /** Sets how exact the provenance is. */
  public ProvenanceHeader setConfidence(Confidence confidence) {
    this.confidence = Objects.requireNonNull(confidence, "confidence");
    return this;
  }

  /** Whether the record was produced by a targeted recomputation. */
  public boolean recomputed() {
    return recomputed;
  }

  /** Marks the record as produced by a targeted recomputation. */
  public ProvenanceHeader setRecomputed(boolean recomputed) {
    this.recomputed = recomputed;
    return this;
  }

  /**
   * The internal checksum array, exposed so a {@link PayloadHasher} can finish straight into
   * it; only the first {@code algorithm().length()} bytes are meaningful.
   */
  public byte[] checksumArray() {
    return checksum;
  }

  /** Copies {@code algorithm().length()} checksum bytes from {@code src} at {@code off}. */
  public ProvenanceHeader setChecksum(byte[] src, int off) {
    System.arraycopy(src, off, checksum, 0, algorithm.length());
    return this;
  }

  /** The checksum as lower-case hex. */
  public String checksumHex() {
    return HexFormat.of().formatHex(checksum, 0, algorithm.length());
  }

  /** When the record was written, in milliseconds since the epoch. */
  public long timestampMillis() {
    return timestampMillis;
  }

  /** Sets when the record was written, in milliseconds since the epoch. */
  public ProvenanceHeader setTimestampMillis(long timestampMillis) {
    this.timestampMillis = timestampMillis;
    return this;
  }

  /** Whether the DataID is a set of sources (true) or a byte range of one source (false). */
  public boolean sourceSet() {
    return sourceSet;
  }

  /** Chooses a source-set DataID (true) or a byte-range DataID (false). */
  public ProvenanceHeader setSourceSet(boolean sourceSet) {
    this.sourceSet = sourceSet;
    return this;
  }

  /** Compact byte range: the source's id in the part's source dictionary. */
  public int sourceId() {
    return sourceId;
  }

  /** Sets the compact byte range's source id. */
  public ProvenanceHeader setSourceId(int sourceId) {
    this.sourceId = nonNegative("sourceId", sourceId);
    return this;
  }

  /** Compact byte range: first byte, relative to the source entry's start. */
  public long offset() {
    return offset;
  }

  /** Sets the compact byte range's offset. */
  public ProvenanceHeader setOffset(long offset) {
    this.offset = nonNegative("offset", offset);
    return this;
  }

  /** Compact byte range: number of bytes. */
  public long length() {
    return length;
  }

  /** Sets the compact byte range's length. */
  public ProvenanceHeader setLength(long length) {
    this.length = nonNegative("length", length);
    return this;
  }

  /** Shorthand for a compact byte-range DataID: clears the source-set flag, sets the range. */
  public ProvenanceHeader setRange(int sourceId, long offset, long length) {
    // One test on the writer's per-record path; the checks name the negative field.
    if ((sourceId | offset | length) < 0) {
      nonNegative("sourceId", sourceId);
      nonNegative("offset", offset);
      nonNegative("length", length);
    }
    this.sourceSet = false;
    this.sourceId = sourceId;
    this.offset = offset;
    this.length = length;
    return this;
  }

  /** Compact source set: the set's id in the part's source-set dictionary. */
  public int sourceSetId() {
    return sourceSetId;
  }

  /** Sets the compact source set's id (does not change {@link #sourceSet()}). */
  public ProvenanceHeader setSourceSetId(int sourceSetId) {
    this.sourceSetId = nonNegative("sourceSetId", sourceSetId);
    return this;
  }

  /**
   * Compact: the lineage's id in the part's lineage dictionary, or -1 for the file's default.
   * An id equal to the file's default is written as the default and so decodes as -1.
   */
  public int lineageId() {
    return lineageId;
  }

  /** Sets the compact lineage id; -1 means the file's default lineage. */
  public ProvenanceHeader setLineageId(int lineageId) {
    if (lineageId < -1) {
      throw new IllegalArgumentException(
          "lineageId must be >= 0, or -1 for the file's default; got " + lineageId);
    }
    this.lineageId = lineageId;
    return this;
  }

  /** Self-contained: the sources (exactly one for a byte range). Unmodifiable. */
  public List<SourceRef> sources() {
    return sources;
  }

  /** Sets the self-contained sources (copied). */
  public ProvenanceHeader setSources(List<SourceRef> sources) {
    this.sources = List.copyOf(sources);
    return this;
  }

  /** Self-contained: the full lineage. */
  public Lineage lineage() {
    return lineage;
  }

  /** Sets the self-contained lineage. */
  public ProvenanceHeader setLineage(Lineage lineage) {
    this.lineage = Objects.requireNonNull(lineage, "lineage");
    return this;
  }

  private static int nonNegative(String name, int v) {
    if (v < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + v);
    }
    return v;
  }

  private static long nonNegative(String name, long v) {
    if (v < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + v);
    }
    return v;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ProvenanceHeader)) {
      return false;
    }
    ProvenanceHeader h = (ProvenanceHeader) o;
    if (selfContained != h.selfContained || algorithm != h.algorithm
        || confidence != h.confidence || recomputed != h.recomputed
        || timestampMillis != h.timestampMillis || sourceSet != h.sourceSet
        || !Arrays.equals(checksum, 0, algorithm.length(), h.checksum, 0, algorithm.length())) {
      return false;
    }
    if (selfContained) {
      return sources.equals(h.sources) && lineage.equals(h.lineage);
    }
    boolean dataId = sourceSet
        ? sourceSetId == h.sourceSetId
        : sourceId == h.sourceId && offset == h.offset && length == h.length;
    return dataId && lineageId == h.lineageId;
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(selfContained, algorithm, confidence, recomputed, timestampMillis,
        sourceSet);
    for (int i = 0; i < algorithm.length(); i++) {
      h = 31 * h + checksum[i];
    }
    if (selfContained) {
      return 31 * (31 * h + sources.hashCode()) + lineage.hashCode();
    }
    h = sourceSet ? 31 * h + sourceSetId
        : 31 * (31 * (31 * h + sourceId) + Long.hashCode(offset)) + Long.hashCode(length);
    return 31 * h + lineageId;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("ProvenanceHeader{")
        .append(selfContained ? "self-contained" : "compact")
        .append(", ").append(algorithm.configName()).append('=').append(checksumHex())
        .append(", confidence=").append(confidence)
        .append(", recomputed=").append(recomputed)
        .append(", timestampMillis=").append(timestampMillis);
    if (selfContained) {
      b.append(sourceSet ? ", sourceSet=" : ", range=").append(sources)
          .append(", lineage=").append(lineage);
    } else if (sourceSet) {
      b.append(", sourceSetId=").append(sourceSetId).append(", lineageId=").append(lineageId);
    } else {
      b.append(", range=(source ").append(sourceId).append(", offset ").append(offset)
          .append(", length ").append(length).append("), lineageId=").append(lineageId);
    }
    return b.append('}').toString();
  }
}
