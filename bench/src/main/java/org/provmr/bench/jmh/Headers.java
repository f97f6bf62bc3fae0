package org.provmr.bench.jmh;

import java.util.List;
import java.util.Map;
import org.provmr.header.ChecksumAlgorithm;
import org.provmr.header.HeaderContext;
import org.provmr.lineage.Lineage;
import org.provmr.header.PayloadHasher;
import org.provmr.header.ProvenanceHeader;
import org.provmr.header.SourceRef;
import org.provmr.lineage.Stage;
import org.provmr.lineage.Step;

/** Representative headers, shaped like the ones a WordCount or Grep job writes. */
final class Headers {
  /** 2023-11-14T22:13:20Z, the header tests' base. */
  static final long BASE = 1_700_000_000_000L;

  private Headers() {
  }

  static HeaderContext context(ChecksumAlgorithm algorithm) {
    return new HeaderContext(algorithm, BASE, 0);
  }

  /**
   * A header of the given kind: {@code compact-range} (a map-side record: source 3, offset
   * 1,000,000, 80 bytes), {@code compact-set} (a reduce-side record: source set 7), or
   * {@code self-contained} (the same range with its URI and a two-step lineage inline).
   */
  static ProvenanceHeader of(String kind, HeaderContext ctx) {
    byte[] payload = new byte[100];
    PayloadHasher hasher = ctx.algorithm().newHasher();
    hasher.update(payload, 0, payload.length);
    ProvenanceHeader h = new ProvenanceHeader().setAlgorithm(ctx.algorithm());
    hasher.finish(h.checksumArray(), 0);
    h.setTimestampMillis(ctx.timestampBase() + 4000);
    switch (kind) {
      case "compact-range":
        return h.setRange(3, 1_000_000, 80);
      case "compact-set":
        return h.setSourceSet(true).setSourceSetId(7);
      case "self-contained":
        return h.setSelfContained(true)
            .setSources(List.of(new SourceRef(
                "hdfs://namenode:8020/data/events/2026/11/27/part-00003", 1_000_000, 80)))
            .setLineage(lineage());
      default:
        throw new IllegalArgumentException("unknown header kind " + kind);
    }
  }

  /** A WordCount-like lineage: one map and one reduce step with the structural parameters. */
  static Lineage lineage() {
    String job = "job_1764230000000_0042";
    return Lineage.of(List.of(
        Step.of(job, Stage.MAP, null, "org.provmr.examples.WordCount$TokenizerMapper",
            Map.of("mapreduce.job.inputformat.class",
                "org.apache.hadoop.mapreduce.lib.input.TextInputFormat")),
        Step.of(job, Stage.REDUCE, null, "org.provmr.examples.WordCount$IntSumReducer",
            Map.of("mapreduce.job.reduces", "1"))), List.of());
  }
}
