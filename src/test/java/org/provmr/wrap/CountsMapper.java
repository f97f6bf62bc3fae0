package org.provmr.wrap;

import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * Plain job code for a SequenceFile of (word, count) pairs: emits the pair with the word
 * lower-cased (the second input of the MultipleInputs tests, beside Hadoop's TokenizerMapper).
 */
public class CountsMapper extends Mapper<Text, IntWritable, Text, IntWritable> {
  private final Text word = new Text();

  @Override
  protected void map(Text key, IntWritable count, Context context)
      throws IOException, InterruptedException {
    word.set(key.toString().toLowerCase(Locale.ROOT));
    context.write(word, count);
  }
}
