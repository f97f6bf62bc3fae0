package org.provmr.header;

import java.util.Objects;

/**
 * The per-file facts compact headers are relative to. The writer stores them in the container
 * file's metadata, and a reader must use the same values to decode that file's headers.
 *
 * @param algorithm the checksum algorithm of every compact header in the file
 * @param timestampBase milliseconds since the epoch that compact timestamps are deltas from
 *     (typically the task's start time)
 * @param defaultLineageId the lineage id a compact header has unless it says otherwise, or -1
 *     if the file has no default lineage
 */
public record HeaderContext(ChecksumAlgorithm algorithm, long timestampBase,
    int defaultLineageId) {

  /** Validates the fields. */
  public HeaderContext {
    Objects.requireNonNull(algorithm, "algorithm");
    if (defaultLineageId < -1) {
      throw new IllegalArgumentException(
          "defaultLineageId must be >= 0, or -1 for none; got " + defaultLineageId);
    }
  }
}
