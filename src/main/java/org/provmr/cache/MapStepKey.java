package org.provmr.cache;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.mapreduce.SelfCountingInputFormat;

/**
 * The identity of a job's map step: everything besides the split's bytes that determines a map
 * task's post-combiner output. Two jobs with the same key over the same bytes produce the same
 * map output, so one may reuse the other's. Read from the keys a recompute replays (see
 * {@code provenance.recompute.replay.keys}), so that the capture job and its recompute compute
 * the same key; a key that differs only costs a cache miss.
 */
public final class MapStepKey {
  /**
   * Format of the key; bump it when what goes into the key changes, or what an entry's map
   * output means: 2 since map output values carry IntWritable and LongWritable values as
   * varints (TracedValue), so an entry written before that is a miss rather than misread.
   */
  static final int VERSION = 2;

  /** Settings that shape map output; absent ones count as empty. */
  private static final String[] SETTINGS = {
    "mapreduce.job.map.class", "mapreduce.job.combine.class", "mapreduce.job.partitioner.class",
    "mapreduce.job.inputformat.class", "mapreduce.map.output.key.class",
    "mapreduce.map.output.value.class", "provenance.map.output.value.class",
    "mapreduce.job.output.key.comparator.class", "mapreduce.job.combiner.group.comparator.class",
    "mapreduce.job.reduces", "mapreduce.map.output.compress",
    "mapreduce.map.output.compress.codec", "textinputformat.record.delimiter",
    "mapreduce.partition.keypartitioner.options", "mapreduce.partition.keycomparator.options",
    "mapreduce.input.keyvaluelinerecordreader.key.value.separator",
    ProvenanceKeys.LINEAGE_PARAM_KEYS,
  };
  /**
   * Families of settings that shape map output: the examples' own, the wrapped classes and
   * jars, and the aggregate framework's descriptors, which decide what ValueAggregatorMapper
   * emits (aggregatewordcount and aggregatewordhist run the same classes on the same input).
   */
  private static final String[] PREFIXES = {"provmr.", "provenance.wrap.",
    "mapreduce.aggregate."};
  /** Classes whose code is part of the identity (a new jar is a new map step). */
  private static final String[] CODE = {
    "mapreduce.job.map.class", "mapreduce.job.combine.class", "mapreduce.job.partitioner.class",
    "mapreduce.job.inputformat.class", "provenance.wrap.mapper.class",
    "provenance.wrap.combiner.class", "provenance.wrap.partitioner.class",
  };
  /** Digests of jars by path, length and time: a task digests each jar once. */
  private static final Map<String, String> JARS = new ConcurrentHashMap<>();

  private MapStepKey() {
  }

  /** The key, as hex of a SHA-256. */
  public static String of(Configuration conf) {
    // A capture task reads through SelfCountingInputFormat, a recompute replays the job's own
    // format: the step is the same.
    Configuration job = SelfCountingInputFormat.userView(conf);
    return hex(sha256(describe(job).getBytes(StandardCharsets.UTF_8)));
  }

  /** What goes into the key, one {@code name=value} line each, sorted: for logs and tests. */
  static String describe(Configuration conf) {
    TreeMap<String, String> parts = new TreeMap<>();
    parts.put("key.version", String.valueOf(VERSION));
    for (String k : SETTINGS) {
      parts.put(k, nonNull(conf.get(k)));
    }
    // The recorded parameters, then the families of PREFIXES.
    for (String k : conf.getTrimmedStrings(ProvenanceKeys.LINEAGE_PARAM_KEYS)) {
      parts.put(k, nonNull(conf.get(k)));
    }
    for (String prefix : PREFIXES) {
      for (Map.Entry<String, String> e : conf.getPropsWithPrefix(prefix).entrySet()) {
        parts.put(prefix + e.getKey(), nonNull(conf.get(prefix + e.getKey())));
      }
    }
    for (String k : CODE) {
      String name = conf.getTrimmed(k);
      if (name != null && !name.isEmpty()) {
        parts.put("code:" + name, codeDigest(conf, name));
      }
    }
    StringBuilder s = new StringBuilder();
    parts.forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
    return s.toString();
  }

  /**
   * The digest of a class's code: its jar's bytes when it comes from a jar (a class's helpers
   * change with it), else its own class file; "missing" when it cannot be found here.
   */
  static String codeDigest(Configuration conf, String className) {
    Class<?> c = conf.getClassByNameOrNull(className);
    if (c == null) {
      return "missing";
    }
    try {
      CodeSource source = c.getProtectionDomain().getCodeSource();
      URL location = source == null ? null : source.getLocation();
      if (location != null && location.getPath().endsWith(".jar")
          && "file".equals(location.getProtocol())) {
        java.nio.file.Path jar = Paths.get(location.toURI());
        String id = jar + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar);
        return JARS.computeIfAbsent(id, k -> digestFile(jar));
      }
      String resource = className.replace('.', '/') + ".class";
      ClassLoader loader = c.getClassLoader() != null ? c.getClassLoader()
          : ClassLoader.getSystemClassLoader();
      try (InputStream in = loader.getResourceAsStream(resource)) {
        return in == null ? "no-class-file" : hex(sha256(in.readAllBytes()));
      }
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return "unreadable"; // the same everywhere it fails: a miss at worst, never a wrong hit
    }
  }

  private static String digestFile(java.nio.file.Path file) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      try (InputStream in = Files.newInputStream(file)) {
        byte[] buf = new byte[65536];
        for (int n; (n = in.read(buf)) > 0;) {
          md.update(buf, 0, n);
        }
      }
      return hex(md.digest());
    } catch (IOException | NoSuchAlgorithmException e) {
      return "unreadable";
    }
  }

  /** The key of one split's entry: its file, range and fingerprint. */
  public static String splitKey(String uri, long start, long length, String fingerprintAlgorithm,
      String fingerprint) {
    return hex(sha256((uri + "\n" + start + "\n" + length + "\n" + fingerprintAlgorithm + "\n"
        + fingerprint).getBytes(StandardCharsets.UTF_8)));
  }

  private static String nonNull(String v) {
    return v == null ? "" : v;
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
