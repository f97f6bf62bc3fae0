package org.provmr.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code provmr impact} orders outputs upstream first, by the upstream outputs their stores
 * name. Stores are their owners' word: two outputs that name each other (or one naming itself)
 * were never "ready", so both were left out, even though both read the source: impact said
 * nothing depends on it. And a long chain listed downstream first took a pass over every
 * output per output, each comparing every upstream with every output.
 */
class ImpactCycleTest {
  @TempDir
  Path tmp;
  private final Configuration conf = new Configuration();

  @Test
  void outputsNamingEachOtherAsUpstreamAreStillReportedWithANote() throws Exception {
    String src = Files.writeString(tmp.resolve("src.txt"), "a\nb\n").toUri().toString();
    org.apache.hadoop.fs.Path a = out("a");
    org.apache.hadoop.fs.Path b = out("b");
    store(a, src, b);
    store(b, src, a);
    ImpactReport r = new ImpactAnalysis(conf, 20).run(new org.apache.hadoop.fs.Path(src), 0, 4,
        List.of(a, b));
    assertEquals(2, r.outputs().size(), r::toString);
    assertTrue(r.notes().stream().anyMatch(n -> n.contains("cycle")), r::toString);
    // the cycle is named in the text too, so nobody takes the answer for complete
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    new ImpactText(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8),
        s -> s).print(r);
    assertTrue(bytes.toString(java.nio.charset.StandardCharsets.UTF_8).contains("cycle"),
        bytes::toString);
  }

  @Test
  void anOutputNamingItselfAsUpstreamIsStillReported() throws Exception {
    String src = Files.writeString(tmp.resolve("src.txt"), "a\nb\n").toUri().toString();
    org.apache.hadoop.fs.Path a = out("a");
    store(a, src, a);
    ImpactReport r = new ImpactAnalysis(conf, 20).run(new org.apache.hadoop.fs.Path(src), 0, 4,
        List.of(a));
    assertEquals(1, r.outputs().size(), r::toString);
    assertEquals(1, r.outputs().get(0).stage());
  }

  @Test
  void aChainOfAThousandOutputsListedDownstreamFirstIsOrderedUpstreamFirst() throws Exception {
    String src = Files.writeString(tmp.resolve("src.txt"), "a\nb\n").toUri().toString();
    List<org.apache.hadoop.fs.Path> chain = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      chain.add(out("o" + i));
    }
    store(chain.get(0), src, null);
    for (int i = 1; i < chain.size(); i++) {
      // each reads its upstream's part (all of it: a reduce part is affected as a whole)
      store(chain.get(i), chain.get(i - 1) + "/part-r-00000", chain.get(i - 1));
    }
    List<org.apache.hadoop.fs.Path> reversed = new ArrayList<>(chain);
    Collections.reverse(reversed);
    ImpactReport r = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> new ImpactAnalysis(conf, 20).run(new org.apache.hadoop.fs.Path(src), 0, 4,
            reversed));
    assertEquals(1000, r.outputs().size());
    assertEquals(1000, r.outputs().get(999).stage());
    assertTrue(r.notes().isEmpty(), r.notes()::toString);
  }

  private org.apache.hadoop.fs.Path out(String name) {
    return new org.apache.hadoop.fs.Path(tmp.resolve(name).toUri());
  }

  private void store(org.apache.hadoop.fs.Path out, String file,
      org.apache.hadoop.fs.Path upstream) throws Exception {
    OneSplitStores.store(conf, out, file, upstream);
  }
}
