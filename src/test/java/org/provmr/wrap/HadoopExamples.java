package org.provmr.wrap;

import java.io.File;
import java.net.URISyntaxException;
import org.apache.hadoop.examples.WordCount;

/** Where Hadoop's examples jar (the third-party code under test) is on this class path. */
public final class HadoopExamples {

  private HadoopExamples() {
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
