package org.provmr.examples;

import java.io.IOException;
import java.util.Map;
import java.util.StringTokenizer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.provmr.cache.MapOutputCache;
import org.provmr.mapreduce.ProvenanceJob;
import org.provmr.mapreduce.ProvenanceMapper;
import org.provmr.mapreduce.ProvenanceReducer;

/**
 * Hadoop's WordCount, with provenance: the mapper and reducer are Hadoop's own example code
 * with {@code extends ProvenanceMapper/ProvenanceReducer}, and the driver has one more line.
 */
public final class WordCount extends ExampleTool {

  /** Splits lines on whitespace, as {@code org.apache.hadoop.examples.WordCount} does. */
  public static class TokenizerMapper extends ProvenanceMapper<Object, Text, Text, IntWritable> {
    private static final IntWritable ONE = new IntWritable(1);
    private final Text word = new Text();

    @Override
    public void map(Object key, Text value, Context context)
        throws IOException, InterruptedException {
      StringTokenizer itr = new StringTokenizer(value.toString());
      while (itr.hasMoreTokens()) {
        word.set(itr.nextToken());
        context.write(word, ONE);
      }
    }
  }

  /** Sums the counts of a word; also the combiner. */
  public static class IntSumReducer extends ProvenanceReducer<Text, IntWritable, Text, IntWritable> {
    private final IntWritable result = new IntWritable();

    @Override
    public void reduce(Text key, Iterable<IntWritable> values, Context context)
        throws IOException, InterruptedException {
      int sum = 0;
      for (IntWritable val : values) {
        sum += val.get();
      }
      result.set(sum);
      context.write(key, result);
    }
  }

  @Override
  public String name() {
    return "wordcount";
  }

  @Override
  public String description() {
    return "word counts (map + combine + reduce)";
  }

  @Override
  public Map<String, String> options() {
    return Map.of("reduces", MRJobConfig.NUM_REDUCES);
  }

  @Override
  public Job createJob(Configuration conf, Path input, Path output) throws IOException {
    return createJob(conf, input, output, intParameter(conf, MRJobConfig.NUM_REDUCES, 1, 1));
  }

  /** The job, ready to submit. */
  public static Job createJob(Configuration conf, Path input, Path output, int reduces)
      throws IOException {
    Job job = Job.getInstance(conf, "provmr wordcount");
    job.setJarByClass(WordCount.class);
    job.setMapperClass(TokenizerMapper.class);
    job.setCombinerClass(IntSumReducer.class);
    job.setReducerClass(IntSumReducer.class);
    job.setNumReduceTasks(reduces);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    FileInputFormat.addInputPath(job, input);
    FileOutputFormat.setOutputPath(job, output);
    ProvenanceJob.configure(job);
    MapOutputCache.configure(job); // with provenance.cache.dir set (docs/cache.md)
    return job;
  }
}
