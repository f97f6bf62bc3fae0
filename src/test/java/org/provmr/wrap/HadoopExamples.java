package org.provmr.wrap;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.examples.WordCount;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/**
 * Hadoop's examples (the third-party code under test): where their jar is on this class path,
 * and the plain WordCount job the provenance runs are compared with.
 */
public final class HadoopExamples {

  private HadoopExamples() {
  }

  /**
   * Hadoop's own WordCount, as org.apache.hadoop.examples.WordCount builds it: tokenizer,
   * sum combiner and reducer, TextOutputFormat. The oracle for every payload comparison.
   */
  public static Job plainWordCount(Configuration conf, Path input, Path output, int reduces)
      throws IOException {
    Job plain = Job.getInstance(conf, "hadoop wordcount");
    plain.setMapperClass(WordCount.TokenizerMapper.class);
    plain.setCombinerClass(WordCount.IntSumReducer.class);
    plain.setReducerClass(WordCount.IntSumReducer.class);
    plain.setNumReduceTasks(reduces);
    plain.setOutputKeyClass(Text.class);
    plain.setOutputValueClass(IntWritable.class);
    FileInputFormat.addInputPath(plain, input);
    FileOutputFormat.setOutputPath(plain, output);
    return plain;
  }

  /** The hadoop-mapreduce-examples jar, found from one of its classes, never a fixed path. */
  public static File jar() {
    try {
      File f = new File(WordCount.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI());
      if (!f.isFile() || !f.getName().endsWith(".jar")) {
        throw new IllegalStateException("hadoop-mapreduce-examples is not a jar here: " + f);
      }
      return f;
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot locate hadoop-mapreduce-examples", e);
    }
  }
}
