package org.provmr.store;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The job-level part of the lineage store ({@code _provenance/job.json}).
 *
 * @param formatVersion version of the store layout
 * @param jobId Hadoop job id
 * @param jobName the job's name
 * @param user who ran it
 * @param committedAt when the job committed (ms)
 * @param headerMode compact or self-contained
 * @param checksumAlgorithm the payload checksum algorithm
 * @param inputs the job's input paths, qualified
 * @param lineages the lineage table: records refer to entries by id; id 0 is the job's own
 * @param configuration the effective configuration needed to re-run the job: every property
 *     that differs from Hadoop's defaults, minus excluded secrets
 */
public record JobRecord(
    int formatVersion,
    String jobId,
    String jobName,
    String user,
    long committedAt,
    String headerMode,
    String checksumAlgorithm,
    List<String> inputs,
    List<LineageEntry> lineages,
    SortedMap<String, String> configuration) {

  /**
   * The store layout this ProvMR writes: 2 keeps sources and parts in binary entry files
   * ({@link StoreBinary}); 1 (JSON lists) is still read. Newer versions are refused.
   */
  public static final int FORMAT_VERSION = 2;
  /** The oldest layout still read. */
  public static final int OLDEST_READ_VERSION = 1;

  public JobRecord {
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
    lineages = lineages == null ? List.of() : List.copyOf(lineages);
    configuration = configuration == null ? new TreeMap<>() : new TreeMap<>(configuration);
  }

  /** This record at the layout this ProvMR writes (a rewrite upgrades an older store). */
  public JobRecord current() {
    return formatVersion == FORMAT_VERSION ? this : new JobRecord(FORMAT_VERSION, jobId,
        jobName, user, committedAt, headerMode, checksumAlgorithm, inputs, lineages,
        configuration);
  }

  /** The lineage with the given id, or an IllegalArgumentException naming the known ids. */
  public LineageEntry lineage(int id) {
    for (LineageEntry e : lineages) {
      if (e.id() == id) {
        return e;
      }
    }
    throw new IllegalArgumentException("No lineage " + id + " in job " + jobId + "; known: "
        + lineages.stream().map(LineageEntry::id).toList());
  }
}
