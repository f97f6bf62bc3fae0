package org.provmr.cache;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.provmr.testing.Outputs;

/** Damage done to a map-output cache entry on the local file system, as a bad disk would. */
final class CacheEntryDamage {
  private CacheEntryDamage() {
  }

  /** Flips a byte in the middle of partition {@code p}'s segment and drops the .crc file. */
  static void flipInSegment(Configuration conf, Path entry, int p) throws IOException {
    FileSystem fs = FileSystem.getLocal(conf);
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(entry.toUri());
    long at;
    try (FSDataInputStream in = fs.open(path)) {
      CacheEntry.Header h = CacheEntry.readHeader(in, Files.size(entry), path);
      at = in.getPos() + h.partitions()[p].startOffset + h.partitions()[p].partLength / 2;
    }
    try (RandomAccessFile f = new RandomAccessFile(entry.toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x01);
    }
    Outputs.dropCrc(entry);
  }
}
