package org.provmr.recompute;

/**
 * What one recompute sub-job did, for the report.
 *
 * @param output the output being recomputed
 * @param kind map-only, reduce or census
 * @param jobId the Hadoop job id
 * @param splits how many splits it read
 * @param mapInputRecords records its maps read
 * @param bytesRead source bytes its maps read
 * @param reduceInputRecords records its reducers read
 * @param millis wall time
 * @param succeeded whether it succeeded
 * @param cacheHits map tasks that replayed cached map output instead of mapping (docs/cache.md)
 * @param cachedBytesRead cached map output bytes they replayed
 * @param phase empty for a stage run as one sub-job; {@code priority} or {@code main} for the
 *     two phases of a stage that reads sub-stream parts first (docs/substreams.md)
 * @param submittedAt when the client submitted the job (ms since the epoch)
 * @param finishedAt when the client saw it finish (ms since the epoch)
 */
public record SubJobRun(String output, String kind, String jobId, int splits,
    long mapInputRecords, long bytesRead, long reduceInputRecords, long millis,
    boolean succeeded, long cacheHits, long cachedBytesRead, String phase, long submittedAt,
    long finishedAt) {
}
