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
    List<int[]> sourceSets) {

  public PartEntry {
    sources = sources == null ? new int[0] : sources.clone();
    sourceSets = sourceSets == null ? List.of() : List.copyOf(sourceSets);
  }
}
