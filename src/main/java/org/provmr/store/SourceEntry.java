package org.provmr.store;

import java.util.List;

/**
 * One input split of a job, as the source manifest records it: enough to re-read exactly the
 * bytes the job read and to tell whether they have changed since.
 *
 * @param id the source id records refer to (the map task index that read the split)
 * @param uri fully qualified file URI (or the split's description for non-file splits)
 * @param start byte offset of the split in the file
 * @param length split length in bytes
 * @param fileLength length of the whole file when the split was read
 * @param modificationTime the file's modification time when the split was read (ms)
 * @param positions how record DataIDs address this source: "bytes" (offset/length in the
 *     file, relative to {@code start}) or "ordinal" (record number within the split)
 * @param fingerprintAlgorithm checksum algorithm of the fingerprints
 * @param fingerprint checksum of the split's bytes [start, start + length), hex; null when not
 *     fingerprinted
 * @param chunkBytes size of the chunks in {@code chunkFingerprints}
 * @param chunkFingerprints checksums of consecutive chunks of the split, to locate a change
 * @param upstream the provenance output directory the file belongs to, or null for raw data
 */
public record SourceEntry(
    int id,
    String uri,
    long start,
    long length,
    long fileLength,
    long modificationTime,
    String positions,
    String fingerprintAlgorithm,
    String fingerprint,
    long chunkBytes,
    List<String> chunkFingerprints,
    String upstream) {

  public static final String POSITIONS_BYTES = "bytes";
  public static final String POSITIONS_ORDINAL = "ordinal";

  public SourceEntry {
    chunkFingerprints = chunkFingerprints == null ? List.of() : List.copyOf(chunkFingerprints);
  }
}
