package org.provmr.store;

import java.util.List;

/**
 * One output part file of a job, as the lineage store records it.
 *
 * @param name file name inside the output directory ({@code part-r-00000})
 * @param task the task attempt that wrote it
 * @param records number of records
 * @param bytes file length
 * @param checksumAlgorithm algorithm of {@code checksum} and of the records' payload checksums
 * @param checksum checksum of the whole file's bytes, hex (the validator's fast path)
 * @param headerMode compact or self-contained
 * @param timestampBase the base compact header timestamps are relative to (ms)
 * @param lineageId the lineage (in job.json) records of this part have unless they say otherwise
 * @param headerBytes total bytes of provenance headers in the part (for overhead figures)
 * @param sources ids of every source that contributed to some record of the part: the splits
 *     that fed its partition (the split to partition map validation and recompute act on)
 * @param sourceSets the part's source-set dictionary: compact reduce records refer to entry i
 * @param summarySet the id of the dictionary entry that is a summary rather than an exact set
 *     (the precision policy: once the dictionary outgrew its budget, records with a set not
 *     yet in it point here, to every source of the part, a sound superset); null when every
 *     set of the part is exact (and in stores written before the policy existed)
 * @param summarizedRecords how many records of the part point to {@code summarySet}
 * @param identity a random nonce the writer also put into the file's SequenceFile metadata, so a
 *     file that is not this part (another output's part, an older copy of this one) is told
 *     apart from a damaged one; null in stores written before it existed
 * @param macKeyId keyed mode: the id of the key that made {@code macs}, else null
 * @param macChunkBytes keyed mode: the size of the file chunks {@code macs} cover
 * @param macs keyed mode: HMAC-SHA256 of each chunk of the file, hex (see {@link PartMac})
 */
public record PartEntry(
    String name,
    String task,
    long records,
    long bytes,
    String checksumAlgorithm,
    String checksum,
    String headerMode,
    long timestampBase,
    int lineageId,
    long headerBytes,
    SourceIds sources,
    List<SourceIds> sourceSets,
    Integer summarySet,
    long summarizedRecords,
    String identity,
    String macKeyId,
    long macChunkBytes,
    List<String> macs) {

  public PartEntry {
    sources = sources == null ? SourceIds.empty() : sources;
    sourceSets = sourceSets == null ? List.of() : List.copyOf(sourceSets);
    macs = macs == null ? List.of() : List.copyOf(macs);
  }

  /** The same part under another file name (a staged part swapped in under its live name). */
  public PartEntry renamed(String newName) {
    return new PartEntry(newName, task, records, bytes, checksumAlgorithm, checksum, headerMode,
        timestampBase, lineageId, headerBytes, sources, sourceSets, summarySet,
        summarizedRecords, identity, macKeyId,
        macChunkBytes, macs);
  }

  /**
   * Whether the records with source-set id {@code setId} carry a summary (every source of the
   * part) rather than their exact set: their exact inputs are found by replay
   * ({@code provmr trace}), not in the store.
   */
  public boolean summarized(int setId) {
    return summarySet != null && summarySet == setId;
  }

  /** Whether keyed mode signed this part. */
  public boolean signed() {
    return macKeyId != null;
  }
}
