package org.provmr.scale;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.lineage.Lineage;
import org.provmr.lineage.Stage;
import org.provmr.lineage.Step;
import org.provmr.store.JobRecord;
import org.provmr.store.LineageEntry;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.SourceIds;

/**
 * A lineage store of the shape a large hash-partitioned job leaves, without running one:
 * {@code splits} splits of 128 MiB (8 per 1 GiB file) feeding every one of {@code parts}
 * partitions, each part with a summarized source-set dictionary (the precision policy's
 * outcome when keys are spread over every split).
 */
public final class SyntheticStore {
  static final long SPLIT = 128L << 20;

  private SyntheticStore() {
  }

  /** {@code java -cp ... org.provmr.scale.SyntheticStore OUTPUT SPLITS PARTS [CHUNKS]}: writes one. */
  public static void main(String[] args) throws IOException {
    Path output = new Path(args[0]);
    FileSystem fs = output.getFileSystem(new org.apache.hadoop.conf.Configuration());
    long t0 = System.nanoTime();
    write(fs, output, Integer.parseInt(args[1]), Integer.parseInt(args[2]),
        args.length > 3 ? Integer.parseInt(args[3]) : 1, null);
    System.out.println("wrote " + output + " in " + (System.nanoTime() - t0) / 1_000_000
        + " ms");
  }

  public static void write(FileSystem fs, Path output, int splits, int parts)
      throws IOException {
    write(fs, output, splits, parts, 1, null);
  }

  /**
   * @param chunks fingerprint chunks a split (128 at the 1 MiB default for 128 MiB splits)
   * @param key seals the store (keyed mode) when not null
   */
  public static void write(FileSystem fs, Path output, int splits, int parts, int chunks,
      org.provmr.store.MacKey key) throws IOException {
    String job = "job_1700000000000_0001";
    List<Step> steps = List.of(
        new Step(job, Stage.MAP, null, "org.provmr.examples.WordCount$Map", new TreeMap<>()),
        new Step(job, Stage.REDUCE, null, "org.provmr.examples.WordCount$Reduce",
            new TreeMap<>()));
    TreeMap<String, String> conf = new TreeMap<>();
    conf.put("mapreduce.job.reduces", Integer.toString(parts));
    conf.put("mapreduce.job.map.class", "org.provmr.examples.WordCount$Map");
    conf.put("mapreduce.job.reduce.class", "org.provmr.examples.WordCount$Reduce");
    JobRecord record = new JobRecord(JobRecord.FORMAT_VERSION, job, "synthetic", "u", 1L,
        "compact", "crc32c", List.of("file:/data/in"),
        List.of(new LineageEntry(0, Lineage.of(steps, List.of()))), conf);
    List<SourceEntry> sources = new ArrayList<>(splits);
    for (int i = 0; i < splits; i++) {
      String fp = String.format("%08x", i * 0x9E3779B1);
      // One fingerprint chunk per split by default (provenance.fingerprint.chunk.bytes = the
      // split size): at the 1 MiB default a 128 MiB split has 128, see docs/scale.md.
      List<String> fps = new ArrayList<>(chunks);
      for (int c = 0; c < chunks; c++) {
        fps.add(chunks == 1 ? fp : String.format("%08x", (i * chunks + c) * 0x9E3779B1));
      }
      sources.add(new SourceEntry(i, "file:/data/in/f" + (i / 8) + ".txt", (i % 8) * SPLIT,
          SPLIT, 8 * SPLIT, 1_700_000_000_000L, SourceEntry.POSITIONS_BYTES, "crc32c", fp,
          SPLIT / chunks, fps, null));
    }
    SourceIds all = SourceIds.range(0, splits);
    List<PartEntry> entries = new ArrayList<>(parts);
    for (int r = 0; r < parts; r++) {
      entries.add(new PartEntry(String.format("part-r-%05d", r), "attempt_1700000000000_0001_r_"
          + r + "_0", 100_000, 10L << 20, "crc32c", String.format("%08x", r), "compact",
          1_700_000_000_000L, 0, 900_000, all, List.of(all), 0, 100_000, "id-" + r, null, 0,
          null));
    }
    LineageStore.write(fs, output, record, sources, entries, key);
  }
}
