package org.provmr.wrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.examples.terasort.TeraInputFormat;
import org.apache.hadoop.examples.terasort.TeraSort;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.partition.HashPartitioner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.lineage.Step;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.StoredJob;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * Third-party proof with Hadoop's TeraSort tools, local mode: TeraGen data sorted under
 * provenance by TeraSort's own pieces (identity Mapper and Reducer, which is what TeraSort
 * runs, its input format and its SimplePartitioner), checked by TeraValidate on the
 * payload-only view; and two corrupted runs that TeraValidate must reject in its report.
 */
class WrappedTeraSortTest {
  static final long ROWS = 20_000;

  @TempDir
  static Path tmp;
  static Configuration conf;
  static org.apache.hadoop.fs.Path generated;
  static String generatedChecksum;

  @BeforeAll
  static void generate() throws Exception {
    conf = TestData.localConf(tmp);
    generated = path("gen");
    TeraOracle.teraGen(conf, ROWS, generated);
    generatedChecksum = TeraOracle.checksum(conf, generated, path("gen-sum"));
  }

  static org.apache.hadoop.fs.Path path(String name) {
    return new org.apache.hadoop.fs.Path(tmp.resolve(name).toUri());
  }

  static Run sortUnderProvenance(String output, String partitioner) throws Exception {
    return TestData.provmr(conf, "wrap", "--jar", HadoopExamples.jar().toString(),
        "--mapper", Mapper.class.getName(), "--reducer", Reducer.class.getName(),
        "--partitioner", partitioner, "--input-format", TeraInputFormat.class.getName(),
        "--reduces", "3", "--input", generated.toString(), "--output",
        path(output).toString());
  }

  @Test
  void teraValidateAcceptsThePayloadOfASortUnderProvenance() throws Exception {
    Run run = sortUnderProvenance("sorted", TeraSort.SimplePartitioner.class.getName());
    assertEquals(0, run.exitCode(), run.err());
    StoredJob store = LineageStore.read(conf, path("sorted"));
    assertEquals(3, store.parts().size());
    assertEquals(ROWS, store.parts().stream().mapToLong(PartEntry::records).sum());
    List<Step> steps = store.job().lineage(0).lineage().steps();
    assertEquals(Mapper.class.getName(), steps.get(0).className());
    assertEquals(TeraInputFormat.class.getName(), steps.get(0).params().get("input.format"));
    assertEquals(Reducer.class.getName(), steps.get(1).className());
    assertEquals(TeraSort.SimplePartitioner.class.getName(),
        steps.get(1).params().get("partitioner"));

    TeraOracle.toTeraFiles(conf, path("sorted"), path("sorted-tera"), null);
    List<String> report = TeraOracle.validate(conf, path("sorted-tera"), path("report"));
    // TeraValidate reports problems as "error" records; a clean run has only the checksum,
    // and it equals the checksum of the generated data: same records, none lost or changed.
    assertEquals(List.of("checksum\t" + generatedChecksum), report);
  }

  @Test
  void teraValidateRejectsTwoSwappedRecordsInThePayload() throws Exception {
    assertEquals(0, sortUnderProvenance("sorted-swap",
        TeraSort.SimplePartitioner.class.getName()).exitCode());
    TeraOracle.toTeraFiles(conf, path("sorted-swap"), path("swap-tera"), "part-r-00001");
    List<String> report = TeraOracle.validate(conf, path("swap-tera"), path("swap-report"));
    assertTrue(report.stream().anyMatch(l -> l.startsWith("error\tmisorder in part-r-00001")),
        "no misorder reported: " + report);
    // The same records, only out of order: the checksum does not notice, the order check does.
    assertTrue(report.contains("checksum\t" + generatedChecksum), report.toString());
  }

  @Test
  void teraSortsOwnTotalOrderPartitionerSortsAndADamagedPartIsReReducedInOrder()
      throws Exception {
    // What TeraSort's driver does without the simple partitioner: sample split points into
    // _partition.lst and ship it as a cache file that its TotalOrderPartitioner reads.
    Job sampling = Job.getInstance(new Configuration(conf));
    sampling.setNumReduceTasks(3);
    FileInputFormat.setInputPaths(sampling, generated);
    String partitions = path("partitions.lst").toString();
    try {
      TeraInputFormat.writePartitionFile(sampling, path("partitions.lst"));
    } catch (Throwable t) {
      throw new AssertionError("TeraInputFormat could not sample the input", t);
    }
    String cached = partitions + "#_partition.lst"; // the name TeraSort's partitioner opens
    Run run = TestData.provmr(conf, "wrap", "-files", cached, "--jar",
        HadoopExamples.jar().toString(), "--mapper", Mapper.class.getName(), "--reducer",
        Reducer.class.getName(), "--partitioner", TeraSort.class.getName()
            + "$TotalOrderPartitioner", "--input-format", TeraInputFormat.class.getName(),
        "--reduces", "3", "--input", generated.toString(), "--output", path("total").toString());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(List.of("checksum\t" + generatedChecksum), sortedAndValidated("total", 0));

    Outputs.corrupt(tmp.resolve("total/part-r-00001"));
    assertEquals(ExitCodes.FINDINGS, TestData.provmr(conf, "validate", "--alerts",
        path("a1").toString(), "--output", path("total").toString()).exitCode());
    // The partition file is a cache file: a recompute is given -files again (docs/jobs.md).
    // Configured for the sub-job's one reducer, the partitioner had no split points, sent every
    // key to partition 0, and partition 1 was recomputed empty.
    Run rc = TestData.provmr(conf, "recompute", "-files", cached, "--alerts",
        path("a1").toString());
    assertEquals(ExitCodes.OK, rc.exitCode(), rc.out() + rc.err());
    assertEquals(List.of("checksum\t" + generatedChecksum), sortedAndValidated("total", 1));
  }

  /** TeraValidate's report on the payload of a sorted provenance output. */
  private static List<String> sortedAndValidated(String output, int round) throws Exception {
    TeraOracle.toTeraFiles(conf, path(output), path(output + "-tera" + round), null);
    return TeraOracle.validate(conf, path(output + "-tera" + round),
        path(output + "-report" + round));
  }

  @Test
  void teraValidateRejectsASortWithTheWrongPartitioner() throws Exception {
    // Each part is sorted, but hash partitioning breaks the total order across parts.
    assertEquals(0, sortUnderProvenance("hashed", HashPartitioner.class.getName()).exitCode());
    TeraOracle.toTeraFiles(conf, path("hashed"), path("hashed-tera"), null);
    List<String> report = TeraOracle.validate(conf, path("hashed-tera"), path("hashed-report"));
    assertTrue(report.stream().anyMatch(l -> l.startsWith("error\tbad key partitioning")),
        "no partitioning error reported: " + report);
    assertFalse(report.stream().anyMatch(l -> l.contains("misorder")), report.toString());
  }
}
