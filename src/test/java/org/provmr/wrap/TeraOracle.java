package org.provmr.wrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.examples.terasort.TeraChecksum;
import org.apache.hadoop.examples.terasort.TeraGen;
import org.apache.hadoop.examples.terasort.TeraOutputFormat;
import org.apache.hadoop.examples.terasort.TeraValidate;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.LazyOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;
import org.apache.hadoop.util.ToolRunner;
import org.provmr.mapreduce.PayloadInputFormat;

/**
 * Hadoop's TeraSort tools as the oracle for a sort run under provenance: TeraGen makes the
 * data, the payload-only view of the sorted provenance output is written back in TeraSort's
 * own file format, and TeraValidate's report (its output, not its exit code, which is 0 even
 * when it finds problems) says whether that view is a correct total order with every record.
 */
public final class TeraOracle {
  /** Test seam of the conversion job: swap the first two records of this part (corruption). */
  static final String SWAP_IN_PART = "provmr.test.tera.swap.part";

  private TeraOracle() {
  }

  /** TeraGen through ToolRunner (its main would exit the JVM). */
  public static void teraGen(Configuration conf, long rows, Path out) throws Exception {
    assertEquals(0, ToolRunner.run(new Configuration(conf), new TeraGen(),
        new String[] {Long.toString(rows), out.toString()}), "TeraGen failed");
  }

  /** TeraChecksum's report of a TeraSort-format directory: the checksum of its records. */
  public static String checksum(Configuration conf, Path teraDir, Path report) throws Exception {
    assertEquals(0, ToolRunner.run(new Configuration(conf), new TeraChecksum(),
        new String[] {teraDir.toString(), report.toString()}), "TeraChecksum failed");
    List<String> lines = reportLines(conf, report);
    // Its reducer writes the sum alone (a NullWritable key), the same Unsigned16 sum of the
    // records' CRC32s that TeraValidate reports after "checksum".
    assertEquals(1, lines.size(), "TeraChecksum report: " + lines);
    assertTrue(lines.get(0).matches("[0-9a-f]+"), lines.get(0));
    return lines.get(0);
  }

  /**
   * Writes the payload-only view of a provenance output (read with PayloadInputFormat, headers
   * skipped) as TeraOutputFormat files, one per provenance part and named after it, so that
   * TeraValidate checks the parts in the same order. A downstream plain job, as a consumer of
   * provenance output would run it.
   */
  public static void toTeraFiles(Configuration conf, Path provenanceOutput, Path teraDir,
      String swapInPart) throws Exception {
    Job job = Job.getInstance(new Configuration(conf), "payload view as TeraSort files");
    if (swapInPart != null) {
      job.getConfiguration().set(SWAP_IN_PART, swapInPart);
    }
    job.setInputFormatClass(PayloadInputFormat.class);
    FileInputFormat.setInputPaths(job, provenanceOutput);
    FileInputFormat.setMinInputSplitSize(job, Long.MAX_VALUE); // one map per part, in order
    job.setMapperClass(PerPartWriter.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    LazyOutputFormat.setOutputFormatClass(job, TeraOutputFormat.class);
    FileOutputFormat.setOutputPath(job, teraDir);
    assertTrue(job.waitForCompletion(false), "conversion job failed");
  }

  /** TeraValidate's report lines ("checksum\t...", "error\t..."); asserts it ran. */
  public static List<String> validate(Configuration conf, Path teraDir, Path report)
      throws Exception {
    assertEquals(0, ToolRunner.run(new Configuration(conf), new TeraValidate(),
        new String[] {teraDir.toString(), report.toString()}), "TeraValidate did not run");
    return reportLines(conf, report);
  }

  /** The lines of a report directory's part files, in part order. */
  public static List<String> reportLines(Configuration conf, Path report) throws IOException {
    FileSystem fs = report.getFileSystem(conf);
    List<String> lines = new ArrayList<>();
    for (FileStatus st : fs.listStatus(report, p -> p.getName().startsWith("part-"))) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(st.getPath()),
          StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          lines.add(l);
        }
      }
    }
    return lines;
  }

  /** Copies one provenance part's payload to a TeraOutputFormat file named after the part. */
  public static class PerPartWriter extends Mapper<Text, Text, Text, Text> {
    private MultipleOutputs<Text, Text> out;
    private String part;
    private boolean swap;
    private Text held;
    private Text heldValue;

    @Override
    protected void setup(Context context) {
      out = new MultipleOutputs<>(context);
      part = ((FileSplit) context.getInputSplit()).getPath().getName();
      swap = part.equals(context.getConfiguration().get(SWAP_IN_PART));
    }

    @Override
    protected void map(Text key, Text value, Context context)
        throws IOException, InterruptedException {
      if (swap && held == null) {
        held = new Text(key);
        heldValue = new Text(value);
        return;
      }
      out.write(key, value, part);
      if (held != null) {
        out.write(held, heldValue, part);
        held = null;
        swap = false;
      }
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      out.close();
    }
  }
}
