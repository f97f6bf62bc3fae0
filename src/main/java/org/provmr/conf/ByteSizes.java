package org.provmr.conf;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.StorageUnit;

/** Byte-size keys as ProvMR reads them: Hadoop's storage sizes (16k, 512m, 4g) or plain bytes. */
public final class ByteSizes {
  private ByteSizes() {
  }

  /**
   * {@code key}'s value in bytes ({@code def} when unset). A plain number is a byte count:
   * Hadoop's {@code Configuration.getStorageSize} refuses one ("16384" has no unit), and
   * operators write them; anything else is read by it. The caller checks the range and names
   * the key and the forms it accepts.
   *
   * @throws IllegalArgumentException if the value is neither
   */
  public static long of(Configuration conf, String key, String def) {
    String raw = conf.getTrimmed(key, def);
    return raw.matches("[0-9]{1,18}") ? Long.parseLong(raw)
        : (long) conf.getStorageSize(key, def, StorageUnit.BYTES);
  }
}
