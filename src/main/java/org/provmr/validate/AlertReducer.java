package org.provmr.validate;

import java.io.IOException;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/** Writes the alerts, one JSON object a line, in sort-key order: one sorted file per sweep. */
public class AlertReducer extends Reducer<Text, Text, NullWritable, Text> {
  @Override
  protected void reduce(Text key, Iterable<Text> alerts, Context context)
      throws IOException, InterruptedException {
    for (Text a : alerts) {
      context.write(NullWritable.get(), a);
    }
  }
}
