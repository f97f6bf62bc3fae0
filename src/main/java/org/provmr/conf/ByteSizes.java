package org.provmr.conf;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.StorageUnit;
import org.apache.hadoop.util.StringUtils.TraditionalBinaryPrefix;

/** Byte-size keys as ProvMR reads them: Hadoop's storage sizes (16k, 512m, 4g) or plain bytes. */
public final class ByteSizes {
  private ByteSizes() {
  }

  /**
   * {@code key}'s value in bytes ({@code def} when unset). A plain number is a byte count, as
   * operators write them (Hadoop's {@code Configuration.getStorageSize} refuses one: "16384"
   * has no unit). The caller checks the range and names the key and the forms it accepts.
   *
   * <p>Plain numbers and the one-letter forms (16k, 512m, 4g) are read as
   * {@code Configuration.getLongBytes} reads them, which gives the same bytes as
   * {@code getStorageSize} for every one-letter value; the other forms (16kb, 1.5g) go to
   * {@code getStorageSize}. Why not {@code getStorageSize} for all: every task that writes
   * ProvMR output reads a size (the source-set budget), and it loads nine classes and
   * computes in {@code BigDecimal} for it, a few milliseconds of a task JVM's start
   * (bench/README.md, "Capture on YARN, task by task").
   *
   * @throws IllegalArgumentException if the value is neither
   */
  public static long of(Configuration conf, String key, String def) {
    String raw = conf.getTrimmed(key, def);
    if (!raw.isEmpty()) { // string2long fails on "" with an index error, not a parse error
      try {
        return TraditionalBinaryPrefix.string2long(raw);
      } catch (IllegalArgumentException notThatForm) { // NumberFormatException included
        // read below
      }
    }
    return (long) conf.getStorageSize(key, def, StorageUnit.BYTES);
  }
}
