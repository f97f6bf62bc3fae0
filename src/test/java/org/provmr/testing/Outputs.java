package org.provmr.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.provmr.cli.ExitCodes;

/** Looking at and damaging output directories on the local file system, for tests. */
public final class Outputs {

  private Outputs() {
  }

  /** The payload of a provenance output, as sorted TextOutputFormat lines. */
  public static List<String> payload(Configuration conf, Path dir) throws Exception {
    TestData.Run run = TestData.provmr(conf, "inspect", dir.toUri().toString(), "--payload");
    if (run.exitCode() != 0) {
      throw new AssertionError("inspect failed: " + run.err());
    }
    return Arrays.stream(run.out().split("\n")).filter(l -> !l.isEmpty()).sorted()
        .collect(Collectors.toList());
  }

  /** The lines of every part-* text file of a plain (TextOutputFormat) output, sorted. */
  public static List<String> sortedTextParts(Path dir) throws IOException {
    List<String> lines = new java.util.ArrayList<>();
    try (Stream<Path> parts = Files.list(dir)) {
      for (Path p : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        lines.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
      }
    }
    lines.sort(null);
    return lines;
  }

  /** Flips bytes in the middle of a file (and drops its .crc so the damage is not masked). */
  public static void corrupt(Path file) throws IOException {
    long size = Files.size(file);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      long at = size / 2;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x5A);
    }
    dropCrc(file);
  }

  public static void dropCrc(Path file) throws IOException {
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
  }

  /**
   * Every file under {@code dir} with its bytes' hash, to prove nothing changed. The output
   * lock's files ({@code _provenance/lock/}) are left out: a refused or dry run still takes
   * and releases the lock, which changes no part and no store entry.
   */
  public static Map<String, Integer> snapshot(Path dir) throws IOException {
    Map<String, Integer> m = new TreeMap<>();
    Path locks = dir.resolve("_provenance").resolve("lock");
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).filter(p -> !p.startsWith(locks))
          .toList()) {
        m.put(dir.relativize(p).toString(), Arrays.hashCode(Files.readAllBytes(p)));
      }
    }
    return m;
  }

  /** Replaces every occurrence of a word in a text file (the file changes length). */
  public static void rewrite(Path file, String word, String with) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String changed = text.replace(" " + word + " ", " " + with + " ");
    if (changed.equals(text)) {
      throw new AssertionError(word + " does not occur in " + file);
    }
    Files.writeString(file, changed, StandardCharsets.UTF_8);
    dropCrc(file);
  }

  /**
   * A grep output under {@code tmp} (regex "ka") with its first part damaged, validated with
   * alerts written to {@code tmp/alerts}: what a recompute starts from.
   */
  public static Path damagedAndValidatedGrep(Configuration conf,
      Path tmp) throws Exception {
    Path in = tmp.resolve("in");
    Path grep = tmp.resolve("grep");
    TestData.text(conf, in, 64 * 1024, 2);
    TestData.Run run = TestData.provmr(conf, "run", "grep", "--input", in.toString(),
        "--output", grep.toString(), "--regex", "ka");
    assertEquals(0, run.exitCode(), run.err());
    corrupt(grep.resolve("part-m-00000"));
    TestData.Run v = TestData.provmr(conf, "validate", "--output", grep.toString(), "--alerts",
        tmp.resolve("alerts").toString());
    assertEquals(ExitCodes.FINDINGS,
        v.exitCode(), v.out() + v.err());
    return grep;
  }
}
