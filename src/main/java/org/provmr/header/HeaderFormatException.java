package org.provmr.header;

import java.io.IOException;

/**
 * A provenance header (or a part of one, such as a varint or an encoded lineage) is malformed.
 *
 * <p>The exception knows where inside the header decoding failed, but not which file or
 * record the header came from: the adapters that read files catch it and re-wrap it with the
 * file name and file offset, using {@link #reason()} and {@link #headerByte()}.
 */
public class HeaderFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  private final String reason;
  private final long headerByte;

  /**
   * @param reason what was wrong, without the position (it is appended to the message)
   * @param headerByte position inside the header where decoding failed, or -1 if unknown
   */
  public HeaderFormatException(String reason, long headerByte) {
    this(reason, headerByte, null);
  }

  /**
   * @param reason what was wrong, without the position (it is appended to the message)
   * @param headerByte position inside the header where decoding failed, or -1 if unknown
   * @param cause the underlying failure, may be null
   */
  public HeaderFormatException(String reason, long headerByte, Throwable cause) {
    super(headerByte >= 0 ? reason + " at header byte " + headerByte : reason, cause);
    this.reason = reason;
    this.headerByte = headerByte;
  }

  /** Position inside the header (length prefix included) where decoding failed, or -1. */
  public long headerByte() {
    return headerByte;
  }

  /** What was wrong, without the position; for adapters that build their own message. */
  public String reason() {
    return reason;
  }
}
