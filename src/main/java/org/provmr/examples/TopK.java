package org.provmr.examples;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.provmr.conf.BadConfigurationException;
import org.provmr.mapreduce.PayloadInputFormat;
import org.provmr.cache.MapOutputCache;
import org.provmr.mapreduce.ProvenanceJob;
import org.provmr.mapreduce.ProvenanceMapper;
import org.provmr.mapreduce.ProvenanceReducer;
import org.provmr.store.LineageStore;

/**
 * The second stage of the example pipeline: the k most frequent words of a wordcount output
 * (count descending, then word ascending). It reads the upstream provenance output with
 * {@link PayloadInputFormat}, so its lineage nests wordcount's.
 */
public final class TopK extends ExampleTool {
  /** How many words to keep; recorded in the lineage. */
  public static final String K = "provmr.topk.k";
  public static final int K_DEFAULT = 10;

  @Override
  public String name() {
    return "topk";
  }

  @Override
  public String description() {
    return "the k most frequent words of a wordcount output (a second stage)";
  }

  @Override
  public Map<String, String> options() {
    return Map.of("k", K);
  }

  @Override
  public Job createJob(Configuration conf, Path input, Path output) throws IOException {
    if (!LineageStore.exists(conf, input)) {
      throw new BadConfigurationException("input " + input + " has no lineage store: topk"
          + " reads the output of 'provmr run wordcount'");
    }
    return createJob(conf, input, output, intParameter(conf, K, K_DEFAULT, 1));
  }

  /** Keeps the top k of its split and emits them from cleanup. */
  public static class TopKMapper extends ProvenanceMapper<Text, IntWritable, Text, IntWritable> {
    private final Top top = new Top();

    @Override
    protected void setup(Context context) {
      top.k = context.getConfiguration().getInt(K, K_DEFAULT);
    }

    @Override
    public void map(Text word, IntWritable count, Context context) {
      top.offer(word.toString(), count.get());
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      top.emit(context);
    }
  }

  /** Merges the per-split candidates; a single reducer emits the final top k. */
  public static class TopKReducer extends ProvenanceReducer<Text, IntWritable, Text, IntWritable> {
    private final Top top = new Top();

    @Override
    protected void setup(Context context) {
      top.k = context.getConfiguration().getInt(K, K_DEFAULT);
    }

    @Override
    public void reduce(Text word, Iterable<IntWritable> counts, Context context) {
      int sum = 0;
      for (IntWritable c : counts) {
        sum += c.get();
      }
      top.offer(word.toString(), sum);
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      top.emit(context);
    }
  }

  /** The k best (count, word) pairs seen so far. */
  static final class Top {
    private final TreeMap<Entry, Boolean> best = new TreeMap<>();
    int k = K_DEFAULT;

    private record Entry(int count, String word) implements Comparable<Entry> {
      @Override
      public int compareTo(Entry o) {
        int c = Integer.compare(o.count, count);
        return c != 0 ? c : word.compareTo(o.word);
      }
    }

    void offer(String word, int count) {
      best.put(new Entry(count, word), Boolean.TRUE);
      if (best.size() > k) {
        best.pollLastEntry();
      }
    }

    void emit(TaskInputOutputContext<?, ?, Text, IntWritable> context)
        throws IOException, InterruptedException {
      Text word = new Text();
      IntWritable count = new IntWritable();
      for (Map.Entry<Entry, Boolean> e : best.entrySet()) {
        word.set(e.getKey().word());
        count.set(e.getKey().count());
        context.write(word, count);
      }
    }
  }

  /** The job over a wordcount output, ready to submit. */
  public static Job createJob(Configuration conf, Path wordcountOutput, Path output, int k)
      throws IOException {
    if (k <= 0) {
      throw new BadConfigurationException(K, Integer.toString(k), "k must be at least 1");
    }
    Job job = Job.getInstance(conf, "provmr topk");
    job.getConfiguration().setInt(K, k);
    job.setJarByClass(TopK.class);
    job.setInputFormatClass(PayloadInputFormat.class);
    job.setMapperClass(TopKMapper.class);
    job.setReducerClass(TopKReducer.class);
    job.setNumReduceTasks(1);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    FileInputFormat.addInputPath(job, wordcountOutput);
    FileOutputFormat.setOutputPath(job, output);
    ProvenanceJob.recordParameters(job, K);
    ProvenanceJob.configure(job);
    MapOutputCache.configure(job); // with provenance.cache.dir set (docs/cache.md)
    return job;
  }
}
