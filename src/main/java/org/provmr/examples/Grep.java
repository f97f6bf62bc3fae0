package org.provmr.examples;

import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.provmr.conf.BadConfigurationException;
import org.provmr.cache.MapOutputCache;
import org.provmr.mapreduce.ProvenanceJob;
import org.provmr.mapreduce.ProvenanceMapper;

/**
 * Map-only grep: every input line containing a match of the regular expression, unchanged.
 * Each output record's DataID is the exact byte range of its source line.
 */
public final class Grep extends ExampleTool {
  /** The regular expression; recorded in the lineage. */
  public static final String REGEX = "provmr.grep.regex";

  @Override
  public String name() {
    return "grep";
  }

  @Override
  public String description() {
    return "map-only: the lines matching a regular expression";
  }

  @Override
  public Map<String, String> options() {
    return Map.of("regex", REGEX);
  }

  @Override
  public Job createJob(Configuration conf, Path input, Path output) throws IOException {
    String regex = conf.get(REGEX);
    if (regex == null || regex.isEmpty()) {
      throw new BadConfigurationException("grep needs a regular expression: set " + REGEX
          + " (provmr run grep --regex R)");
    }
    return createJob(conf, input, output, regex);
  }

  /** Emits the lines that contain a match. */
  public static class GrepMapper extends ProvenanceMapper<LongWritable, Text, Text, NullWritable> {
    private Matcher matcher;

    @Override
    protected void setup(Context context) {
      matcher = Pattern.compile(context.getConfiguration().get(REGEX)).matcher("");
    }

    @Override
    public void map(LongWritable offset, Text line, Context context)
        throws IOException, InterruptedException {
      if (matcher.reset(line.toString()).find()) {
        context.write(line, NullWritable.get());
      }
    }
  }

  /** The job, ready to submit; the regex is checked here, not in the tasks. */
  public static Job createJob(Configuration conf, Path input, Path output, String regex)
      throws IOException {
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new BadConfigurationException(REGEX, regex, "not a valid regular expression: "
          + e.getDescription());
    }
    Job job = Job.getInstance(conf, "provmr grep");
    job.getConfiguration().set(REGEX, regex);
    job.setJarByClass(Grep.class);
    job.setMapperClass(GrepMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(NullWritable.class);
    FileInputFormat.addInputPath(job, input);
    FileOutputFormat.setOutputPath(job, output);
    ProvenanceJob.recordParameters(job, REGEX);
    ProvenanceJob.configure(job);
    MapOutputCache.configure(job); // with provenance.cache.dir set (docs/cache.md)
    return job;
  }
}
