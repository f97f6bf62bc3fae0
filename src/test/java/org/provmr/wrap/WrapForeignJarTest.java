package org.provmr.wrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.store.LineageStore;
import org.provmr.store.StoredJob;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/** {@code wrap --jar} loads classes that are on no class path, client side and in the tasks. */
class WrapForeignJarTest {
  @TempDir
  Path tmp;

  @Test
  void aMapperFromAJarOnNoClassPathRunsUnderProvenance() throws Exception {
    File jar = ForeignJar.build(tmp.resolve("build"));
    assertThrows(ClassNotFoundException.class, () -> Class.forName(ForeignJar.MAPPER),
        "the test is meaningless if the class is on the class path");
    Configuration conf = TestData.localConf(tmp);
    List<String> lines = List.of("provenance for all", "zero code changes", "Hadoop jobs");
    Path in = Files.write(tmp.resolve("in.txt"), lines);
    String out = tmp.resolve("out").toUri().toString();

    Run withoutJar = TestData.provmr(conf, "wrap", "--mapper", ForeignJar.MAPPER, "--input",
        in.toString(), "--output", out);
    assertEquals(2, withoutJar.exitCode(), withoutJar.err());

    Run run = TestData.provmr(conf, "wrap", "--jar", jar.toString(), "--mapper",
        ForeignJar.MAPPER, "--input", in.toString(), "--output", out);
    assertEquals(0, run.exitCode(), run.err());
    Run payload = TestData.provmr(conf, "inspect", out, "--payload");
    assertEquals(ForeignJar.expected(lines),
        WrappedWordCountTest.sortedLines(payload.out()));
    StoredJob store = LineageStore.read(conf, new org.apache.hadoop.fs.Path(out));
    assertEquals(ForeignJar.MAPPER, store.job().lineage(0).lineage().steps().get(0)
        .className());
    assertEquals(1, store.job().lineage(0).lineage().steps().size()); // map-only
  }
}
