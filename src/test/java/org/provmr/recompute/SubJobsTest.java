package org.provmr.recompute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.provmr.conf.BadConfigurationException;
import org.provmr.store.JobRecord;
import org.provmr.store.StoredJob;

/** A sub-job's configuration from a recorded one, on bare Configurations: nothing runs. */
class SubJobsTest {
  private static final ClassLoader LOADER = SubJobsTest.class.getClassLoader();

  private static StoredJob store(Map<String, String> recorded) {
    return new StoredJob(new Path("file:/data/out"), new JobRecord(1, "job_1", "j", "u", 0,
        "compact", "crc32c", List.of("file:/data/in"), List.of(), new TreeMap<>(recorded)),
        List.of(), List.of());
  }

  @Test
  void onlyAllowListedKeysAreReplayedTheOperatorKeepsTheRest() throws Exception {
    Configuration operator = new Configuration(false);
    operator.set("mapreduce.map.java.opts", "-Xmx1g");
    StoredJob store = store(Map.of(
        "mapreduce.job.reduce.class", "org.provmr.examples.WordCount$IntSumReducer",
        "mapreduce.job.reduces", "3",
        "provmr.grep.regex", "^[a-m]",
        "mapreduce.map.java.opts", "-javaagent:/tmp/evil.jar",
        "mapreduce.map.env", "LD_PRELOAD=/tmp/evil.so",
        "tmpjars", "file:/tmp/evil.jar",
        "mapreduce.output.basename", "../../elsewhere",
        "fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem"));
    Configuration c = SubJobs.configuration(operator, RecomputeSettings.of(operator), store,
        "sub");
    assertEquals("org.provmr.examples.WordCount$IntSumReducer",
        c.get("mapreduce.job.reduce.class"));
    assertEquals("3", c.get("mapreduce.job.reduces"));
    assertEquals("^[a-m]", c.get("provmr.grep.regex"));
    assertEquals("-Xmx1g", c.get("mapreduce.map.java.opts"), "the operator's, not the store's");
    assertNull(c.get("mapreduce.map.env"));
    assertNull(c.get("tmpjars"));
    assertNull(c.get("mapreduce.output.basename"));
    assertNull(c.get("fs.file.impl"));
    assertEquals("sub", c.get("mapreduce.job.name"));
  }

  @Test
  void classesAreFoundByKeyNameInListsAndByClassFileWithoutLoadingThem() {
    assertEquals(List.of("org.apache.hadoop.io.compress.DefaultCodec",
        "com.example.trap.TrapCodec"), ClassAllowList.classesNamed("io.compression.codecs",
        "org.apache.hadoop.io.compress.DefaultCodec,\n  com.example.trap.TrapCodec", LOADER));
    assertEquals(List.of("com.example.unknown.Codec"),
        ClassAllowList.classesNamed("x.codecs", "com.example.unknown.Codec", LOADER),
        "a class key names a class even if it is not on the class path");
    assertEquals(List.of("com.example.trap.TrapCodec"),
        ClassAllowList.classesNamed("provmr.note", "com.example.trap.TrapCodec", LOADER),
        "any key naming a class file on the class path");
    assertEquals(List.of(), ClassAllowList.classesNamed("provmr.note", "org.nothing.Here",
        LOADER));
    assertEquals(List.of(), ClassAllowList.classesNamed("provenance.lineage.param.keys",
        "provmr.grep.regex,provmr.topk.k", LOADER));
  }

  @Test
  void everyRecordedClassIsCheckedReplayedOrNot() {
    Configuration operator = new Configuration(false);
    for (String[] kv : new String[][] {
        {"io.compression.codecs", "com.example.trap.TrapCodec"},
        {"io.serializations", "org.apache.hadoop.io.serializer.WritableSerialization,"
            + "com.example.trap.TrapCodec"},
        {"provmr.alias", "com.example.trap.TrapReducer"},
        {"mapreduce.job.reduce.class", "com.example.trap.TrapReducer"}}) {
      RefusedClassException e = assertThrows(RefusedClassException.class,
          () -> SubJobs.configuration(operator, RecomputeSettings.of(operator),
              store(Map.of(kv[0], kv[1])), "sub"));
      assertTrue(e.getMessage().startsWith("Refused: the lineage store of file:/data/out names"
          + " class com.example.trap.Trap"), e.getMessage());
      assertTrue(e.getMessage().contains("(in " + kv[0] + "), which"
          + " provenance.recompute.allowed.classes [org.provmr.*,org.apache.hadoop.*,java.lang.*]"
          + " does not allow"), e.getMessage());
    }
  }

  @Test
  void replayedValuesAreCheckedAsTheSubJobReadsThemAfterExpansion() {
    Configuration operator = new Configuration(false);
    operator.set("provenance.recompute.allowed.classes", "org.provmr.*,org.apache.hadoop.*");
    operator.set("site.reducer", "com.example.trap.TrapReducer");
    RefusedClassException e = assertThrows(RefusedClassException.class,
        () -> SubJobs.configuration(operator, RecomputeSettings.of(operator),
            store(Map.of("mapreduce.job.reduce.class", "${site.reducer}")), "sub"));
    assertTrue(e.getMessage().contains("names class site.reducer (in"
        + " mapreduce.job.reduce.class)"), e.getMessage());
  }

  @Test
  void aReplayedSplitPointFileOutsideTheSourcesIsRefusedBeforeAnythingIsRead() {
    Configuration operator = new Configuration(false);
    operator.set("provenance.validate.source.roots", "file:/data");
    for (String file : new String[] {"file:/etc/keys.seq", "/data/other/keys.seq",
        "file:/data/in/../secret/keys.seq", "keys.seq"}) {
      RefusedSourceException e = assertThrows(RefusedSourceException.class,
          () -> SubJobs.configuration(operator, RecomputeSettings.of(operator),
              store(Map.of(SourceFence.PARTITION_FILE, file)), "sub"), file);
      assertTrue(e.getMessage().startsWith("Refused: the lineage store of file:/data/out would"
          + " have its replayed mapreduce.totalorderpartitioner.path read "), e.getMessage());
    }
  }

  @Test
  void splitPointsInTheInputOrShippedToTheTaskAndTheOperatorsOwnAreReplayed()
      throws Exception {
    Configuration operator = new Configuration(false);
    operator.set("provenance.validate.source.roots", "file:/data");
    for (String file : new String[] {"file:/data/in/_sortPartitioning", "_partition.lst"}) {
      Configuration c = SubJobs.configuration(operator, RecomputeSettings.of(operator),
          store(Map.of(SourceFence.PARTITION_FILE, file)), "sub");
      assertEquals(file, c.get(SourceFence.PARTITION_FILE));
    }
    operator.set(SourceFence.PARTITION_FILE, "file:/operator/keys.seq");
    assertEquals("file:/operator/keys.seq", SubJobs.configuration(operator,
        RecomputeSettings.of(operator), store(Map.of()), "sub").get(SourceFence.PARTITION_FILE),
        "the operator's own value is not the store's to fence");
  }

  @Test
  void badRecomputeSettingsNameTheKeyAndValue() {
    for (String[] kv : new String[][] {
        {"provenance.recompute.backup.retention", "-1"},
        {"provenance.recompute.backup.retention", "0"},
        {"provenance.recompute.backup.retention", "three"},
        {"provenance.recompute.malformed.alerts", "ignore"},
        {"provenance.recompute.allowed.classes", " "},
        {"provenance.recompute.replay.keys", " , "},
        {"provenance.validate.source.roots", "file:/data/*"}}) {
      Configuration c = new Configuration(false);
      c.set(kv[0], kv[1]);
      BadConfigurationException e = assertThrows(BadConfigurationException.class,
          () -> RecomputeSettings.of(c), kv[0]);
      assertTrue(e.getMessage().contains("'" + kv[1] + "' for " + kv[0]), e.getMessage());
    }
  }
}
