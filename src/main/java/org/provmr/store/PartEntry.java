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
 * @param sources ids of every source that contributed to some record of the part, sorted
 * @param sourceSets the part's source-set dictionary: compact reduce records refer to entry i
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
    int[] sources,
    List<int[]> sourceSets,
    String identity,
    String macKeyId,
    long macChunkBytes,
    List<String> macs) {

  public PartEntry {
    sources = sources == null ? new int[0] : sources.clone();
    sourceSets = sourceSets == null ? List.of() : List.copyOf(sourceSets);
    macs = macs == null ? List.of() : List.copyOf(macs);
  }

  /** The same part under another file name (a staged part swapped in under its live name). */
  public PartEntry renamed(String newName) {
    return new PartEntry(newName, task, records, bytes, checksumAlgorithm, checksum, headerMode,
        timestampBase, lineageId, headerBytes, sources, sourceSets, identity, macKeyId,
        macChunkBytes, macs);
  }

  /** Whether keyed mode signed this part. */
  public boolean signed() {
    return macKeyId != null;
  }
}
