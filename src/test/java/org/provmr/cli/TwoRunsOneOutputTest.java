package org.provmr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * Two runs given the same new --output at the same moment: both pass Hadoop's "output exists"
 * check before either creates the directory. Exactly one may write it.
 */
class TwoRunsOneOutputTest {
  @TempDir
  Path tmp;

  /**
   * Runs {@link #afterCheck} once, in the checking thread, right after FileOutputFormat's
   * check found the output absent: the other run gets in between.
   */
  public static class CheckHookFs extends LocalFileSystem {
    static volatile Runnable afterCheck;

    @Override
    public boolean exists(org.apache.hadoop.fs.Path f) throws IOException {
      boolean exists = super.exists(f);
      Runnable hook = afterCheck;
      if (hook != null && !exists && StackWalker.getInstance().walk(s -> s.anyMatch(
          fr -> fr.getClassName().equals(FileOutputFormat.class.getName())
          && fr.getMethodName().equals("checkOutputSpecs")))) {
        afterCheck = null;
        hook.run();
      }
      return exists;
    }
  }

  @AfterEach
  void unhook() {
    CheckHookFs.afterCheck = null;
  }

  private static List<String> parts(Path out) throws IOException {
    try (Stream<Path> s = Files.list(out)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("part-"))
          .sorted().toList();
    }
  }

  @Test
  void secondRunIntoAnOutputAnotherRunCreatedAfterItsCheckIsRefusedAndChangesNothing()
      throws Exception {
    Configuration conf = TestData.localConf(tmp);
    TestData.text(conf, tmp.resolve("text"), 64 * 1024, 2);
    Path out = tmp.resolve("wc");
    Configuration hooked = new Configuration(conf);
    hooked.setClass("fs.file.impl", CheckHookFs.class, FileSystem.class);
    hooked.setBoolean("fs.file.impl.disable.cache", true);
    List<Run> other = new ArrayList<>();
    CheckHookFs.afterCheck = () -> { // the other run, start to finish, with 3 reduces
      try {
        other.add(TestData.provmr(conf, "run", "wordcount", "--input",
            tmp.resolve("text").toString(), "--output", out.toString(), "--reduces", "3"));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    };
    Run first = TestData.provmr(hooked, "run", "wordcount", "--input",
        tmp.resolve("text").toString(), "--output", out.toString(), "--reduces", "2");
    assertEquals(1, other.size(), "the other run got in between");
    assertEquals(0, other.get(0).exitCode(), other.get(0).err());
    // Before: exit 0 too, both jobs' parts in one output (part-r-00002 of the other, under a
    // store of this job's two parts), which validation reports as an unlisted part.
    assertNotEquals(0, first.exitCode(), first.out() + first.err());
    assertTrue(first.err().contains("Output directory file:" + out
        + " already exists: another job created it just now") && first.err()
        .contains("_provenance/claim"), first.err());
    assertEquals(List.of("part-r-00000", "part-r-00001", "part-r-00002"), parts(out));
    Run v = TestData.provmr(conf, "validate", "--output", out.toString(), "--alerts",
        tmp.resolve("alerts").toString());
    assertEquals(ExitCodes.OK, v.exitCode(), "the other run's output is whole: " + v.out());
  }
}
