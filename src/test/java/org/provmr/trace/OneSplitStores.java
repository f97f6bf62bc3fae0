package org.provmr.trace;

import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.lineage.Lineage;
import org.provmr.store.JobRecord;
import org.provmr.store.LineageEntry;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.SourceIds;

/** Lineage stores written directly, for chains and cycles of outputs that impact follows. */
final class OneSplitStores {
  private OneSplitStores() {
  }

  /**
   * A one-part reduce output of one split: {@code file} bytes [0, 4), a part of
   * {@code upstream} when that is not null.
   */
  static void store(Configuration conf, Path out, String file, Path upstream) throws Exception {
    JobRecord job = new JobRecord(JobRecord.FORMAT_VERSION, "job_1_0001", "wc", "u", 1,
        "compact", "crc32c", List.of(file), List.of(new LineageEntry(0, Lineage.empty())),
        new TreeMap<>());
    SourceEntry s = new SourceEntry(0, file, 0, 4, 4, 1, "bytes", "crc32c", "0a0b0c0d", 4,
        List.of("0a0b0c0d"), upstream == null ? null : upstream.toString());
    SourceIds one = SourceIds.of(0);
    PartEntry p = new PartEntry("part-r-00000", "attempt", 1, 100, "crc32c", "00ff00ff",
        "compact", 0, 0, 10, one, List.of(one), null, 0, "nonce", null, 0, null);
    LineageStore.write(FileSystem.getLocal(conf), out, job, List.of(s), List.of(p), null);
  }
}
