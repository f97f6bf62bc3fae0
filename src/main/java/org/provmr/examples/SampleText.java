package org.provmr.examples;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Deterministic sample text: lines of words drawn from a fixed vocabulary with a Zipf-like
 * distribution, so word counts look like real text (a few very common words, a long tail).
 * The same seed gives the same bytes on every machine.
 */
public final class SampleText {
  private static final String[] SYLLABLES = {
      "ka", "lo", "mi", "ne", "ru", "ta", "be", "so", "di", "fa", "gu", "ho", "ji", "pe",
      "qu", "vo", "wa", "xe", "yo", "ze"};
  private static final int VOCABULARY = 20_000;

  private SampleText() {
  }

  /**
   * Writes about {@code bytes} bytes of text into {@code files} files under a new directory,
   * built under a temporary name and renamed, so a failure leaves no partial directory.
   *
   * @return bytes written
   */
  public static long write(FileSystem fs, Path dir, long bytes, int files, long seed)
      throws IOException {
    if (fs.exists(dir)) {
      throw new IOException(dir + " already exists");
    }
    Path tmp = new Path(dir.getParent(), "." + dir.getName() + ".generating");
    fs.delete(tmp, true);
    String[] words = vocabulary();
    double[] cumulative = zipf(words.length);
    long total = 0;
    try {
      for (int f = 0; f < files; f++) {
        long target = bytes / files + (f < bytes % files ? 1 : 0);
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + f);
        try (OutputStream out = new BufferedOutputStream(
            fs.create(new Path(tmp, String.format("text-%05d.txt", f)), false), 1 << 16)) {
          total += writeFile(out, target, random, words, cumulative);
        }
      }
      if (!fs.rename(tmp, dir)) {
        throw new IOException("Could not rename " + tmp + " to " + dir);
      }
    } catch (IOException | RuntimeException e) {
      fs.delete(tmp, true);
      throw e;
    }
    return total;
  }

  private static long writeFile(OutputStream out, long target, SplittableRandom random,
      String[] words, double[] cumulative) throws IOException {
    long written = 0;
    StringBuilder line = new StringBuilder(128);
    while (written < target) {
      line.setLength(0);
      int n = 4 + random.nextInt(12);
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          line.append(' ');
        }
        line.append(words[pick(cumulative, random.nextDouble())]);
      }
      line.append('\n');
      byte[] b = line.toString().getBytes(StandardCharsets.UTF_8);
      int len = (int) Math.min(b.length, target - written);
      if (len < b.length) {
        b[len - 1] = '\n'; // end the file on a whole (shortened) line
      }
      out.write(b, 0, len);
      written += len;
    }
    return written;
  }

  private static int pick(double[] cumulative, double u) {
    int i = Arrays.binarySearch(cumulative, u);
    return Math.min(cumulative.length - 1, i >= 0 ? i : -i - 1);
  }

  private static String[] vocabulary() {
    String[] words = new String[VOCABULARY];
    int s = SYLLABLES.length;
    for (int i = 0; i < words.length; i++) {
      StringBuilder w = new StringBuilder();
      int x = i;
      do {
        w.append(SYLLABLES[x % s]);
        x /= s;
      } while (x > 0);
      words[i] = w.toString();
    }
    return words;
  }

  private static double[] zipf(int n) {
    double[] c = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1.0 / (i + 1);
      c[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      c[i] /= sum;
    }
    return c;
  }
}
