package org.provmr.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.lineage.Lineage;
import org.provmr.store.JobRecord;
import org.provmr.store.LineageEntry;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.SourceIds;

/**
 * {@code provmr impact --roots} reads the stores of every output under the roots, which their
 * owners write: a part whose source set claims 2^31 ids (a dozen bytes in parts.bin) must cost
 * no more than its encoding.
 */
class CraftedStoreImpactTest {
  @TempDir
  Path tmp;

  @Test
  void partClaimingTwoBillionSourcesIsMatchedWithoutDecodingThem() throws Exception {
    Configuration conf = new Configuration();
    Path src = Files.writeString(tmp.resolve("src.txt"), "a\nb\n");
    String uri = src.toUri().toString();
    JobRecord job = new JobRecord(JobRecord.FORMAT_VERSION, "job_1_0001", "wc", "u", 1,
        "compact", "crc32c", List.of(uri), List.of(new LineageEntry(0, Lineage.empty())),
        new TreeMap<>());
    SourceEntry s = new SourceEntry(0, uri, 0, 4, 4, 1, "bytes", "crc32c", "0a0b0c0d", 4,
        List.of("0a0b0c0d"), null);
    SourceIds huge = SourceIds.range(0, Integer.MAX_VALUE);
    PartEntry p = new PartEntry("part-r-00000", "attempt", 1, 100, "crc32c", "00ff00ff",
        "compact", 0, 0, 10, huge, List.of(huge), null, 0, "nonce", null, 0, null);
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(tmp.resolve("out").toUri());
    LineageStore.write(FileSystem.getLocal(conf), out, job, List.of(s), List.of(p), null);
    ImpactReport r = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> new ImpactAnalysis(conf, 20).run(new org.apache.hadoop.fs.Path(uri), 0, 4,
            List.of(out)));
    assertEquals(1, r.outputs().size(), r::toString);
    assertEquals(List.of("part-r-00000"),
        r.outputs().get(0).parts().stream().map(ImpactReport.Part::part).toList());
  }

  @Test
  void discoveryUnderRootsDoesNotFollowALinkToAnotherTeamsOutputs() throws Exception {
    Configuration conf = new Configuration();
    JobRecord job = new JobRecord(JobRecord.FORMAT_VERSION, "job_1_0001", "wc", "u", 1,
        "compact", "crc32c", List.of("file:/in"), List.of(new LineageEntry(0, Lineage.empty())),
        new TreeMap<>());
    Path other = tmp.resolve("other/secret-output");
    LineageStore.write(FileSystem.getLocal(conf), new org.apache.hadoop.fs.Path(other.toUri()),
        job, List.of(), List.of(), null);
    Path roots = Files.createDirectories(tmp.resolve("roots"));
    Files.createSymbolicLink(roots.resolve("link"), tmp.resolve("other"));
    List<org.apache.hadoop.fs.Path> found = new ImpactAnalysis(conf, 20)
        .discover(new org.apache.hadoop.fs.Path(roots.toUri()));
    assertEquals(List.of(), found, "docs/trace.md: links not followed");
  }
}
