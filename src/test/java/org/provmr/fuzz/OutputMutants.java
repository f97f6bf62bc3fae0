package org.provmr.fuzz;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.WritableUtils;

/**
 * Mutations of the files of an output directory that know where their length fields are:
 * a SequenceFile part's header and record (or block) lengths, a provenance header's varints,
 * the deflated entries of a binary store file, and JSON texts (deep nesting, huge numbers,
 * duplicate keys, wrong types). Blind byte mutations come from {@link Mutator}. The same
 * random generator and input always give the same mutant and description.
 */
final class OutputMutants {
  /** Values written over a 32-bit length field. */
  private static final int[] INTS = {-1, -2, 0, 1, 0x7fff_fff0, Integer.MAX_VALUE,
      Integer.MIN_VALUE, 64 << 20, (64 << 20) + 1, 1 << 30, 0xffff};
  /** Values written over a varint length field. */
  private static final long[] LONGS = {-1, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE,
      0x7fff_fff0L, 64L << 20, (64L << 20) - 1, 1L << 32, 0};

  /** A mutant and what was done, to print with a failure. */
  record Mutant(byte[] bytes, String description) {
  }

  private OutputMutants() {
  }

  /** A SequenceFile part: a length field, the magic, a header varint, a truncation, bytes. */
  static Mutant part(byte[] b, Random r, long index) {
    Layout l = Layout.of(b);
    switch (r.nextInt(6)) {
      case 0: {
        int[] f = l.fields.get(r.nextInt(l.fields.size()));
        if (f[1] == 4) {
          int v = INTS[r.nextInt(INTS.length)];
          return new Mutant(overwrite(b, f[0], ByteBuffer.allocate(4).putInt(v).array()),
              "int32 length at " + f[0] + " := " + v);
        }
        long v = LONGS[r.nextInt(LONGS.length)];
        int width = WritableUtils.decodeVIntSize(b[f[0]]);
        return new Mutant(splice(b, f[0], width, hadoopVlong(v)),
            "vint length at " + f[0] + " := " + v);
      }
      case 1: {
        int at = r.nextInt(4);
        byte[] m = b.clone();
        m[at] = at == 3 ? (byte) (5 + 2 * r.nextInt(2)) : (byte) 'X';
        return new Mutant(m, "magic byte " + at + " := " + m[at]);
      }
      case 2: {
        if (l.values.isEmpty()) {
          return bytes(b, r, index, l.headerEnd);
        }
        int at = l.values.get(r.nextInt(l.values.size())) + r.nextInt(4);
        int n = 10 + r.nextInt(3);
        byte[] ff = new byte[n];
        Arrays.fill(ff, (byte) (r.nextBoolean() ? 0xff : 0x80));
        return new Mutant(overwrite(b, Math.min(at, b.length - 1), ff),
            "provenance header varint overflow (" + n + " continuation bytes) at " + at);
      }
      case 3: {
        int[] f = l.fields.get(r.nextInt(l.fields.size()));
        int cut = Math.max(0, Math.min(b.length - 1, f[0] + r.nextInt(9) - 4));
        return new Mutant(Arrays.copyOf(b, cut), "truncated to " + cut + " bytes");
      }
      default:
        return bytes(b, r, index, l.headerEnd);
    }
  }

  /** A binary store file: its deflated entries' varints, its magic, or its bytes. */
  static Mutant storeBinary(byte[] b, Random r, long index) throws IOException {
    int op = r.nextInt(4);
    if (op == 0) {
      byte[] m = b.clone();
      int at = r.nextInt(5);
      m[at] = (byte) (m[at] + 1 + r.nextInt(3));
      return new Mutant(m, "store magic byte " + at + " := " + m[at]);
    }
    if (op == 3) {
      return bytes(b, r, index, 5);
    }
    byte[] inflated;
    try (InflaterInputStream in = new InflaterInputStream(
        new ByteArrayInputStream(b, 5, b.length - 5))) {
      inflated = in.readAllBytes();
    }
    // A varint boundary: the entry length (offset 0) or the first byte after any byte whose
    // top bit is clear (the end of a varint or an ASCII byte: string lengths, counts).
    int at = 0;
    if (op == 2) {
      List<Integer> starts = new ArrayList<>();
      for (int i = 0; i + 1 < inflated.length; i++) {
        if (inflated[i] >= 0) {
          starts.add(i + 1);
        }
      }
      at = starts.get(r.nextInt(starts.size()));
    }
    long v = LONGS[r.nextInt(LONGS.length)];
    int width = 1;
    while (at + width - 1 < inflated.length && inflated[at + width - 1] < 0) {
      width++;
    }
    byte[] m = splice(inflated, at, width, leb128(v));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(b, 0, 5);
    try (DeflaterOutputStream d = new DeflaterOutputStream(out)) {
      d.write(m);
    }
    return new Mutant(out.toByteArray(), "inflated varint at " + at + " := " + v);
  }

  /** A JSON text (or a JSON-lines file): nesting, numbers, duplicate keys, types, bytes. */
  static Mutant json(byte[] b, Random r, long index) {
    String s = new String(b, StandardCharsets.UTF_8);
    List<Integer> colons = new ArrayList<>();
    List<Integer> braces = new ArrayList<>();
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == ':' && i > 0 && s.charAt(i - 1) == '"') {
        colons.add(i);
      } else if (s.charAt(i) == '{') {
        braces.add(i);
      }
    }
    int op = colons.isEmpty() ? 4 : r.nextInt(5);
    switch (op) {
      case 0: {
        int depth = new int[] {299, 301, 5_000, 100_000}[r.nextInt(4)];
        boolean arrays = r.nextBoolean();
        String deep = (arrays ? "[" : "{\"a\":").repeat(depth) + "1"
            + (arrays ? "]" : "}").repeat(depth);
        return value(s, colons.get(r.nextInt(colons.size())), deep,
            "value nested " + depth + (arrays ? " arrays" : " objects") + " deep");
      }
      case 1: {
        String[] numbers = {"1e999999", "-" + "9".repeat(400), "123456789012345678901234567890",
            "9223372036854775808", "-9223372036854775809", "1.5", "-0", "1" + "0".repeat(64)};
        String n = numbers[r.nextInt(numbers.length)];
        return value(s, colons.get(r.nextInt(colons.size())), n, "value := " + n);
      }
      case 2: {
        int at = colons.get(r.nextInt(colons.size()));
        int keyStart = s.lastIndexOf('"', at - 2);
        String key = s.substring(keyStart, at);
        int brace = s.lastIndexOf('{', keyStart);
        String dup = key + ":" + new String[] {"null", "-1", "\"x\"", "[]", "{}", "1e308"}[
            r.nextInt(6)] + ",";
        return new Mutant(utf8(s.substring(0, brace + 1) + dup + s.substring(brace + 1)),
            "duplicate key " + key + " first as " + dup);
      }
      case 3: {
        String[] wrong = {"[]", "{}", "\"\"", "true", "null", "\"../../x\"", "[null]", "\"a:b\""};
        String w = wrong[r.nextInt(wrong.length)];
        return value(s, colons.get(r.nextInt(colons.size())), w, "value := " + w);
      }
      default: {
        Mutator m = new Mutator(List.of(b), index, null, true);
        return new Mutant(m.input(r.nextInt(1_000)), "blind JSON mutation " + index);
      }
    }
  }

  /** Blind mutations of bytes (the first {@code keep} intact every other time). */
  static Mutant bytes(byte[] b, Random r, long index, int keep) {
    Mutator m = new Mutator(List.of(b), index, x -> keep, false);
    int i = r.nextInt(1_000);
    return new Mutant(m.input(i), "blind mutation " + index + "/" + i
        + (i % 2 == 1 ? " behind " + keep + " bytes" : ""));
  }

  /** {@code s} with the JSON value after the colon at {@code colon} replaced. */
  private static Mutant value(String s, int colon, String with, String what) {
    int end = valueEnd(s, colon + 1);
    return new Mutant(utf8(s.substring(0, colon + 1) + with + s.substring(end)),
        what + " at char " + colon);
  }

  /** Where the JSON value starting at {@code from} ends (strings and nesting skipped). */
  private static int valueEnd(String s, int from) {
    int depth = 0;
    boolean string = false;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (string) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          string = false;
        }
      } else if (c == '"') {
        string = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (depth == 0) {
          return i;
        }
        depth--;
      } else if (c == ',' && depth == 0) {
        return i;
      }
    }
    return s.length();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] overwrite(byte[] b, int at, byte[] with) {
    byte[] out = Arrays.copyOf(b, Math.max(b.length, at + with.length));
    System.arraycopy(with, 0, out, at, with.length);
    return out;
  }

  private static byte[] splice(byte[] b, int at, int width, byte[] with) {
    int end = Math.min(b.length, at + width);
    byte[] out = new byte[at + with.length + b.length - end];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(with, 0, out, at, with.length);
    System.arraycopy(b, end, out, at + with.length, b.length - end);
    return out;
  }

  private static byte[] hadoopVlong(long v) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      WritableUtils.writeVLong(new java.io.DataOutputStream(out), v);
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory", e);
    }
    return out.toByteArray();
  }

  /** Unsigned LEB128 of all 64 bits (ten bytes for a negative value). */
  private static byte[] leb128(long v) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
    return out.toByteArray();
  }

  /**
   * Where a well-formed SequenceFile keeps its length fields: {offset, 4} for a 32-bit one,
   * {offset, 0} for a Hadoop vint, and where each record's value starts.
   */
  private record Layout(List<int[]> fields, List<Integer> values, int headerEnd) {
    static Layout of(byte[] b) {
      List<int[]> fields = new ArrayList<>();
      List<Integer> values = new ArrayList<>();
      DataInputBuffer in = new DataInputBuffer();
      in.reset(b, b.length);
      try {
        in.skipBytes(4);
        for (int t = 0; t < 2; t++) {
          fields.add(new int[] {in.getPosition(), 0});
          in.skipBytes(WritableUtils.readVInt(in));
        }
        boolean compressed = in.readBoolean();
        boolean block = in.readBoolean();
        if (compressed) {
          fields.add(new int[] {in.getPosition(), 0});
          in.skipBytes(WritableUtils.readVInt(in));
        }
        fields.add(new int[] {in.getPosition(), 4});
        int entries = in.readInt();
        for (int e = 0; e < 2 * entries; e++) {
          fields.add(new int[] {in.getPosition(), 0});
          in.skipBytes(WritableUtils.readVInt(in));
        }
        in.skipBytes(16);
        int headerEnd = in.getPosition();
        int p = headerEnd;
        while (p + 4 <= b.length) {
          int len = ByteBuffer.wrap(b, p, 4).getInt();
          if (len == -1) {
            p += 20;
            if (block && p < b.length) {
              in.reset(b, p, b.length - p);
              for (int k = 0; k < 5; k++) {
                fields.add(new int[] {in.getPosition(), 0});
                int n = WritableUtils.readVInt(in);
                if (k > 0) {
                  in.skipBytes(n);
                }
              }
              p = in.getPosition();
            }
            continue;
          }
          fields.add(new int[] {p, 4});
          fields.add(new int[] {p + 4, 4});
          values.add(p + 8 + ByteBuffer.wrap(b, p + 4, 4).getInt());
          p += 8 + len;
        }
        return new Layout(fields, values, headerEnd);
      } catch (IOException e) {
        throw new IllegalStateException("the fixture's part is a well-formed SequenceFile", e);
      }
    }
  }
}
