package org.provmr.header;

import java.util.Objects;

/**
 * A byte range of one input: the self-contained form of a DataID, which names the source by
 * URI instead of by an id into the part file's source dictionary.
 *
 * @param uri the source's URI, e.g. an HDFS path
 * @param offset first byte of the range, relative to the start of the source
 * @param length number of bytes in the range
 */
public record SourceRef(String uri, long offset, long length) {

  /** Validates the fields; a negative offset or length is a caller mistake. */
  public SourceRef {
    Objects.requireNonNull(uri, "uri");
    if (offset < 0) {
      throw new IllegalArgumentException("SourceRef offset must be >= 0, got " + offset);
    }
    if (length < 0) {
      throw new IllegalArgumentException("SourceRef length must be >= 0, got " + length);
    }
  }
}
