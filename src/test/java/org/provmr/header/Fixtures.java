package org.provmr.header;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.provmr.lineage.Lineage;
import org.provmr.lineage.Stage;
import org.provmr.lineage.Step;

/** Shared sample values for the header tests. */
public final class Fixtures {

  /** 2023-11-14T22:13:20Z, a round number so timestamps in hex dumps are easy to follow. */
  static final long BASE = 1_700_000_000_000L;

  private Fixtures() {
  }

  static HeaderContext context(ChecksumAlgorithm algorithm) {
    return new HeaderContext(algorithm, BASE, 0);
  }

  static byte[] checksumOf(ChecksumAlgorithm algorithm, String payload) {
    byte[] b = payload.getBytes(StandardCharsets.UTF_8);
    PayloadHasher hasher = algorithm.newHasher();
    hasher.update(b, 0, b.length);
    byte[] out = new byte[algorithm.length()];
    hasher.finish(out, 0);
    return out;
  }

  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  static String hex(byte[] b, int off, int len) {
    return HexFormat.of().formatHex(b, off, off + len);
  }

  /** A lineage two levels deep with parameters, job-level steps and non-ASCII text. */
  public static Lineage nestedLineage() {
    Lineage ingest = Lineage.of(
        List.of(Step.of("job_ingest", Stage.MAP, "m_000000", "org.example.Ingest")),
        List.of());
    Lineage clean = Lineage.of(
        List.of(Step.of("job_clean", Stage.MAP, "m_000001", "org.example.Clean",
            Map.of("locale", "de_DE", "drop.empty", "true"))),
        List.of(ingest));
    Lineage dictionary = Lineage.of(
        List.of(Step.of("job_dict", Stage.REDUCE, null, "org.example.Dictionary",
            Map.of("name", "Straße ☃"))),
        List.of());
    return Lineage.of(
        List.of(Step.of("job_join", Stage.MAP, "m_000003", "org.example.JoinMapper"),
            Step.of("job_join", Stage.REDUCE, "r_000000", "org.example.JoinReducer",
                Map.of("k", "2"))),
        List.of(clean, dictionary));
  }

  /** The representative map-side compact header: source 3, offset 1e6, 80 bytes, base+4 s. */
  static ProvenanceHeader mapRecord(HeaderContext ctx) {
    return new ProvenanceHeader()
        .setAlgorithm(ctx.algorithm())
        .setChecksum(checksumOf(ctx.algorithm(), "123456789"), 0)
        .setTimestampMillis(ctx.timestampBase() + 4000)
        .setRange(3, 1_000_000, 80);
  }

  /** The representative reduce-side compact header: source set 7, base+4 s. */
  static ProvenanceHeader reduceRecord(HeaderContext ctx) {
    return new ProvenanceHeader()
        .setAlgorithm(ctx.algorithm())
        .setChecksum(checksumOf(ctx.algorithm(), "123456789"), 0)
        .setTimestampMillis(ctx.timestampBase() + 4000)
        .setSourceSet(true)
        .setSourceSetId(7);
  }
}
