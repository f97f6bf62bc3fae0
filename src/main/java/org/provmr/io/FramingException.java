package org.provmr.io;

import java.io.IOException;
import org.apache.hadoop.fs.Path;

/**
 * A SequenceFile whose bytes do not frame: a length out of bounds, a corrupt sync marker or
 * header, or a file that ends inside a record. The message names the file and the byte
 * offset; nothing was allocated from the bad length.
 */
public class FramingException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long offset;
  private final boolean endOfFile;
  private final String reason;

  FramingException(Path file, long offset, boolean endOfFile, String what) {
    this(file, offset, endOfFile, what, null);
  }

  FramingException(Path file, long offset, boolean endOfFile, String what, Throwable cause) {
    super(file + ": " + what, cause);
    this.reason = what;
    this.offset = offset;
    this.endOfFile = endOfFile;
  }

  /** Where the record (or header, or block) that could not be framed starts. */
  public long offset() {
    return offset;
  }

  /** What is wrong, without the file name. */
  public String reason() {
    return reason;
  }

  /** True when the file ends too early (truncation), false when its bytes are wrong. */
  public boolean endOfFile() {
    return endOfFile;
  }
}
