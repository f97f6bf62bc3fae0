package org.provmr.wrap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.StringTokenizer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * Plain third-party job code that uses the distributed cache and a user counter: the words of
 * the cache file named {@code #stop} are skipped and counted, the others emitted with 1.
 */
public class StopWordMapper extends Mapper<LongWritable, Text, Text, IntWritable> {
  /** The user counter: group and name. */
  public static final String GROUP = "stopwords";
  public static final String SKIPPED = "SKIPPED";
  private static final IntWritable ONE = new IntWritable(1);
  private final Set<String> stop = new HashSet<>();
  private final Text word = new Text();

  @Override
  protected void setup(Context context) throws IOException {
    URI[] files = context.getCacheFiles();
    for (URI f : files == null ? new URI[0] : files) {
      if ("stop".equals(f.getFragment())) {
        Path p = new Path(f.getScheme(), f.getAuthority(), f.getPath());
        FileSystem fs = p.getFileSystem(context.getConfiguration());
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(p),
            StandardCharsets.UTF_8))) {
          for (String l = r.readLine(); l != null; l = r.readLine()) {
            stop.add(l.trim());
          }
        }
      }
    }
    if (stop.isEmpty()) {
      throw new IOException("no #stop cache file: pass -files stop.txt#stop");
    }
  }

  @Override
  protected void map(LongWritable offset, Text line, Context context)
      throws IOException, InterruptedException {
    StringTokenizer t = new StringTokenizer(line.toString());
    while (t.hasMoreTokens()) {
      String w = t.nextToken();
      if (stop.contains(w)) {
        context.getCounter(GROUP, SKIPPED).increment(1);
      } else {
        word.set(w);
        context.write(word, ONE);
      }
    }
  }
}
