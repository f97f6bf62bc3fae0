package org.provmr.wrap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;
import java.util.StringTokenizer;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * Plain job code that reads its stop words from an archive shipped with {@code -archives}
 * (unpacked by the framework before the task runs): {@code stop.txt} inside it.
 */
public class ArchiveStopWordMapper extends Mapper<LongWritable, Text, Text, IntWritable> {
  private static final IntWritable ONE = new IntWritable(1);
  private final Set<String> stop = new HashSet<>();
  private final Text word = new Text();

  @Override
  @SuppressWarnings("deprecation")
  protected void setup(Context context) throws IOException {
    Path[] archives = context.getLocalCacheArchives(); // the unpacked directories
    if (archives == null || archives.length == 0) {
      throw new IOException("no archive: pass -archives stop.zip#dict");
    }
    java.nio.file.Path list = java.nio.file.Paths.get(archives[0].toUri().getPath(),
        "stop.txt");
    stop.addAll(Files.readAllLines(list, StandardCharsets.UTF_8));
  }

  @Override
  protected void map(LongWritable offset, Text line, Context context)
      throws IOException, InterruptedException {
    StringTokenizer t = new StringTokenizer(line.toString());
    while (t.hasMoreTokens()) {
      String w = t.nextToken();
      if (!stop.contains(w)) {
        word.set(w);
        context.write(word, ONE);
      }
    }
  }
}
