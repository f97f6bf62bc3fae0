package org.provmr.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToIntFunction;
import org.apache.hadoop.io.WritableUtils;

/**
 * Deterministic mutations of seed inputs, the kind that find parser bugs: bit flips, bytes
 * and 32-bit integers and Hadoop vints set to boundary values (where length fields live),
 * insertions, deletions, duplications, truncation, splices of two seeds, and, for text
 * formats, tokens of JSON and XML. The same seed and index always give the same input.
 */
final class Mutator {
  private static final int[] INTS = {0, 1, -1, 0x7f, 0x80, 0xff, 0x7fff, 0xffff, 1 << 20,
      0x7ffffff0, Integer.MAX_VALUE, Integer.MIN_VALUE, -2, -129, 1 << 30};
  private static final String[] TOKENS = {"{", "}", "[", "]", "\"", ":", ",", "null", "true",
      "-1", "1e999", "99999999999999999999999", "\\u0000", "\\", "[[[[[[[[[[", "{\"a\":",
      "<", ">", "/>", "</property>", "<property>", "<name>", "</name>", "<value>", "</value>",
      "&x;", "&#0;", "<!--", "-->", "<![CDATA[", "]]>", "<?xml", "<!DOCTYPE", "<!ENTITY",
      "${", "}", "xmlns:xi=\"http://www.w3.org/2001/XInclude\"", "<xi:include href=\"",
      "\n", "\r\n", "\t", "\u00ff", "\ud83d\ude00", "provenance.policy.", "version"};

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<byte[]> seeds;
  private final long seed;
  private final ToIntFunction<byte[]> keep;
  private final boolean json;

  /**
   * @param keep for every other input, how many leading bytes of the seed to leave intact
   *     (a file header, so that mutations reach the records behind it), or null
   * @param json whether every other input mutates a JSON seed's values rather than its bytes
   */
  Mutator(List<byte[]> seeds, long seed, ToIntFunction<byte[]> keep, boolean json) {
    this.seeds = seeds;
    this.seed = seed;
    this.keep = keep;
    this.json = json;
  }

  /** The {@code i}-th input: a seed with one to four mutations. */
  byte[] input(long i) {
    Random r = new Random(seed * 0x9E3779B97F4A7C15L + i);
    int which = r.nextInt(seeds.size());
    byte[] b = seeds.get(which).clone();
    int n = 1 + r.nextInt(4);
    if (json && i % 2 == 1) {
      byte[] v = mutateValues(b, r, n);
      if (v != null) {
        return v;
      }
    }
    int kept = keep != null && i % 2 == 1
        ? kept(which) : 0;
    byte[] head = Arrays.copyOf(b, kept);
    b = Arrays.copyOfRange(b, kept, b.length);
    for (int k = 0; k < n; k++) {
      b = mutate(b, r);
    }
    return concat(head, b);
  }

  private final java.util.Map<Integer, Integer> keptBySeed = new java.util.HashMap<>();

  private int kept(int which) {
    return keptBySeed.computeIfAbsent(which, w -> Math.min(seeds.get(w).length,
        keep.applyAsInt(seeds.get(w))));
  }

  /** Replaces values of a JSON document with boundary values; null if it is not JSON. */
  private static byte[] mutateValues(byte[] b, Random r, int n) {
    JsonNode root;
    try {
      root = JSON.readTree(b);
    } catch (IOException e) {
      return null;
    }
    if (root == null || !root.isContainerNode()) {
      return null;
    }
    for (int k = 0; k < n; k++) {
      List<JsonNode> containers = new ArrayList<>();
      collect(root, containers);
      JsonNode c = containers.get(r.nextInt(containers.size()));
      JsonNode v = boundary(r);
      if (c instanceof ObjectNode o && o.size() > 0) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        String name = names.get(r.nextInt(names.size()));
        if (r.nextInt(4) == 0) {
          o.remove(name);
        } else {
          o.set(name, v);
        }
      } else if (c instanceof ArrayNode a) {
        if (a.size() > 0 && r.nextBoolean()) {
          a.set(r.nextInt(a.size()), v);
        } else if (a.size() > 0 && r.nextBoolean()) {
          a.add(a.get(r.nextInt(a.size())).deepCopy()); // duplicate entries
        } else {
          a.add(v);
        }
      }
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("a tree of plain values serializes", e);
    }
  }

  private static void collect(JsonNode n, List<JsonNode> into) {
    if (n.isContainerNode()) {
      into.add(n);
      n.forEach(c -> collect(c, into));
    }
  }

  private static JsonNode boundary(Random r) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    switch (r.nextInt(12)) {
      case 0: return f.nullNode();
      case 1: return f.numberNode(-1);
      case 2: return f.numberNode(Long.MAX_VALUE);
      case 3: return f.numberNode(Integer.MIN_VALUE);
      case 4: return f.textNode("");
      case 5: return f.textNode("../../etc/passwd");
      case 6: return f.arrayNode();
      case 7: return f.objectNode();
      case 8: return f.booleanNode(true);
      case 9: return f.numberNode(1e308);
      case 10: return f.textNode("x".repeat(1 + r.nextInt(300)));
      default: return f.numberNode(r.nextInt(5));
    }
  }

  private byte[] mutate(byte[] b, Random r) {
    int op = r.nextInt(11);
    if (b.length == 0 && op < 8) {
      op = 8;
    }
    switch (op) {
      case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
      case 1 -> b[r.nextInt(b.length)] = (byte) INTS[r.nextInt(INTS.length)];
      case 2 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
      case 3 -> b = overwrite(b, r.nextInt(b.length), int32(INTS[r.nextInt(INTS.length)]));
      case 4 -> b = overwrite(b, r.nextInt(b.length), vint(INTS[r.nextInt(INTS.length)]));
      case 5 -> {
        int from = r.nextInt(b.length);
        int len = Math.min(b.length - from, 1 + r.nextInt(16));
        b = concat(Arrays.copyOf(b, from), Arrays.copyOfRange(b, from + len, b.length));
      }
      case 6 -> {
        int from = r.nextInt(b.length);
        int len = Math.min(b.length - from, 1 + r.nextInt(64));
        byte[] part = Arrays.copyOfRange(b, from, from + len);
        int at = r.nextInt(b.length + 1);
        b = concat(concat(Arrays.copyOf(b, at), part), Arrays.copyOfRange(b, at, b.length));
      }
      case 7 -> b = Arrays.copyOf(b, r.nextInt(b.length));
      case 8 -> {
        byte[] ins = new byte[1 + r.nextInt(8)];
        r.nextBytes(ins);
        b = insert(b, r.nextInt(b.length + 1), ins);
      }
      case 9 -> b = insert(b, r.nextInt(b.length + 1),
          TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
      default -> {
        byte[] other = seeds.get(r.nextInt(seeds.size()));
        int cut = r.nextInt(b.length + 1);
        int from = r.nextInt(other.length + 1);
        b = concat(Arrays.copyOf(b, cut), Arrays.copyOfRange(other, from, other.length));
      }
    }
    return b;
  }

  private static byte[] overwrite(byte[] b, int at, byte[] with) {
    byte[] out = Arrays.copyOf(b, Math.max(b.length, at + with.length));
    System.arraycopy(with, 0, out, at, with.length);
    return out;
  }

  private static byte[] insert(byte[] b, int at, byte[] ins) {
    return concat(concat(Arrays.copyOf(b, at), ins), Arrays.copyOfRange(b, at, b.length));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] int32(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  private static byte[] vint(int v) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      WritableUtils.writeVInt(new DataOutputStream(out), v);
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory", e);
    }
    return out.toByteArray();
  }
}
