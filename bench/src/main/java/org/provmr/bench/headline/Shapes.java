package org.provmr.bench.headline;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.examples.WordCount.IntSumReducer;
import org.apache.hadoop.examples.WordCount.TokenizerMapper;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.NullOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;
import org.provmr.examples.Grep;
import org.provmr.examples.WordCount;
import org.provmr.mapreduce.PayloadInputFormat;
import org.provmr.mapreduce.ProvenanceJob;
import org.provmr.mapreduce.ProvenanceMapper;
import org.provmr.mapreduce.ProvenanceReducer;

/**
 * The job shapes the headline benchmark measures, each as a plain Hadoop job and as the same
 * job under ProvMR: WordCount (many tiny map outputs, a combiner, few output records), grep
 * (map-only, every output record a byte range of its input line) and sort (an identity map and
 * reduce over 100-byte records: every input record is an output record, through the shuffle).
 */
final class Shapes {
  /** Matches about a fifth of SampleText's lines (by bytes, as the 1 GiB grep). */
  static final String GREP_REGEX = "kalo|lomi";

  private Shapes() {
  }

  /**
   * GREP_REGEX, or -Dbench.grep.regex for both flavours: a regex that matches nothing makes a
   * grep that writes no records, which isolates what capture costs on the reading side.
   */
  static String grepRegex() {
    return System.getProperty("bench.grep.regex", GREP_REGEX);
  }

  /** A job flavour: plain text output, plain SequenceFile output, or ProvMR. */
  enum Flavour { PLAIN, PLAIN_SEQ, PROVMR }

  static Job wordcount(Configuration conf, Flavour f, Path in, Path out) throws IOException {
    if (f == Flavour.PROVMR) {
      return WordCount.createJob(conf, in, out, 1);
    }
    Job job = Job.getInstance(conf, "plain wordcount");
    job.setMapperClass(TokenizerMapper.class);
    job.setCombinerClass(IntSumReducer.class);
    job.setReducerClass(IntSumReducer.class);
    job.setNumReduceTasks(1);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    return paths(job, f, in, out);
  }

  static Job grep(Configuration conf, Flavour f, Path in, Path out) throws IOException {
    if (f == Flavour.PROVMR) {
      return Grep.createJob(conf, in, out, grepRegex());
    }
    Job job = Job.getInstance(conf, "plain grep");
    job.getConfiguration().set(Grep.REGEX, grepRegex());
    job.setMapperClass(PlainGrepMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(NullWritable.class);
    return paths(job, f, in, out);
  }

  static Job sort(Configuration conf, Flavour f, Path in, Path out) throws IOException {
    Job job = Job.getInstance(conf, f == Flavour.PROVMR ? "provmr sort" : "plain sort");
    job.setNumReduceTasks(1);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(NullWritable.class);
    if (f == Flavour.PROVMR) {
      job.setMapperClass(ProvSortMapper.class);
      job.setReducerClass(ProvenanceReducer.class);
      job.setJarByClass(ProvenanceMapper.class); // as the examples' drivers do
      FileInputFormat.addInputPath(job, in);
      FileOutputFormat.setOutputPath(job, out);
      ProvenanceJob.configure(job);
      return job;
    }
    job.setMapperClass(PlainSortMapper.class);
    job.setReducerClass(Reducer.class);
    return paths(job, f, in, out);
  }

  /**
   * A downstream map-only job that reads every record of a sort output and emits nothing:
   * payload-only reading through PayloadInputFormat (ProvMR output) or SequenceFileInputFormat
   * (the plain SequenceFile output of the same records).
   */
  static Job read(Configuration conf, boolean provmr, Path in) throws IOException {
    Job job = Job.getInstance(conf, provmr ? "payload read" : "plain read");
    job.setMapperClass(CountingMapper.class);
    job.setNumReduceTasks(0);
    job.setInputFormatClass(provmr ? PayloadInputFormat.class : SequenceFileInputFormat.class);
    job.setOutputFormatClass(NullOutputFormat.class);
    FileInputFormat.addInputPath(job, in);
    return job;
  }

  private static Job paths(Job job, Flavour f, Path in, Path out) throws IOException {
    // A plain job ships a jar as Hadoop's own example drivers do (hadoop-mapreduce-examples):
    // ProvMR's drivers ship provmr's, and LocalJobRunner's submission copies either into the
    // staging directory, so neither side of a pair is spared that per-job cost.
    job.setJarByClass(TokenizerMapper.class);
    FileInputFormat.addInputPath(job, in);
    FileOutputFormat.setOutputPath(job, out);
    if (f == Flavour.PLAIN_SEQ) {
      job.setOutputFormatClass(SequenceFileOutputFormat.class);
    }
    return job;
  }

  /** Grep.GrepMapper without provenance. */
  public static class PlainGrepMapper extends Mapper<LongWritable, Text, Text, NullWritable> {
    private Matcher matcher;

    @Override
    protected void setup(Context context) {
      matcher = Pattern.compile(context.getConfiguration().get(Grep.REGEX)).matcher("");
    }

    @Override
    public void map(LongWritable offset, Text line, Context context)
        throws IOException, InterruptedException {
      if (matcher.reset(line.toString()).find()) {
        context.write(line, NullWritable.get());
      }
    }
  }

  /** The record (line) becomes the key. */
  public static class PlainSortMapper extends Mapper<LongWritable, Text, Text, NullWritable> {
    @Override
    public void map(LongWritable offset, Text line, Context context)
        throws IOException, InterruptedException {
      context.write(line, NullWritable.get());
    }
  }

  /** PlainSortMapper under provenance. */
  public static class ProvSortMapper
      extends ProvenanceMapper<LongWritable, Text, Text, NullWritable> {
    @Override
    public void map(LongWritable offset, Text line, Context context)
        throws IOException, InterruptedException {
      context.write(line, NullWritable.get());
    }
  }

  /** Touches every record's key, so the reading is not optimised away. */
  public static class CountingMapper extends Mapper<Object, Object, NullWritable, NullWritable> {
    private long records;

    @Override
    public void map(Object key, Object value, Context context) {
      records++;
    }

    @Override
    protected void cleanup(Context context) {
      context.getCounter("bench", "records").increment(records);
    }
  }
}
