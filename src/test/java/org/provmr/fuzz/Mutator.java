package org.provmr.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
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

  private final List<byte[]> seeds;
  private final long seed;

  Mutator(List<byte[]> seeds, long seed) {
    this.seeds = seeds;
    this.seed = seed;
  }

  /** The {@code i}-th input: a seed with one to four mutations. */
  byte[] input(long i) {
    Random r = new Random(seed * 0x9E3779B97F4A7C15L + i);
    byte[] b = seeds.get(r.nextInt(seeds.size())).clone();
    int n = 1 + r.nextInt(4);
    for (int k = 0; k < n; k++) {
      b = mutate(b, r);
    }
    return b;
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
