package org.provmr.trace;

import java.io.IOException;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;

/** A plain third-party job's classes (no ProvMR types): swaps word and count. */
public final class Swap {
  private Swap() {
  }

  /** (word, count) to (count, word). */
  public static class SwapMapper extends Mapper<Text, IntWritable, IntWritable, Text> {
    @Override
    protected void map(Text word, IntWritable count, Context context)
        throws IOException, InterruptedException {
      context.write(count, word);
    }
  }

  /** Identity, written out so its types can be inferred. */
  public static class SwapReducer extends Reducer<IntWritable, Text, IntWritable, Text> {
    @Override
    protected void reduce(IntWritable count, Iterable<Text> words, Context context)
        throws IOException, InterruptedException {
      for (Text w : words) {
        context.write(count, w);
      }
    }
  }
}
