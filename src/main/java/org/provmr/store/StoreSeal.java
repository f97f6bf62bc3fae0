package org.provmr.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.io.UntrustedFiles;

/**
 * Keyed mode's seal of a lineage store ({@code _provenance/store.mac}): one HMAC-SHA256 over
 * the exact bytes of job.json, sources.json and parts.json together, so an edit of any of them,
 * or files of two stores mixed, fails it. The per-part MACs in parts.json are covered by it.
 *
 * <pre>
 * mac = HMAC(key, "provmr store v1" 0x00 (name 0x00 length(8 bytes) bytes) for job.json,
 *       sources.json, parts.json in that order)
 * </pre>
 *
 * @param version layout version, {@value #VERSION}
 * @param algorithm {@value MacKey#ALGORITHM}
 * @param keyId id of the key that made {@code mac} ({@link MacKey#id()})
 * @param mac the MAC, hex
 */
public record StoreSeal(int version, String algorithm, String keyId, String mac) {
  public static final int VERSION = 1;
  public static final String FILE = "store.mac";

  private static final byte[] LABEL = "provmr store v1".getBytes(StandardCharsets.UTF_8);

  /** Seals the three store files' bytes with {@code key}. */
  public static StoreSeal of(MacKey key, byte[] job, byte[] sources, byte[] parts) {
    return new StoreSeal(VERSION, MacKey.ALGORITHM, key.id(),
        HexFormat.of().formatHex(compute(key, job, sources, parts)));
  }

  /**
   * Seals job.json's bytes and the two entry files, read back from {@code fs} streaming (the
   * commit writes them without holding them).
   */
  static StoreSeal of(MacKey key, byte[] job, FileSystem fs, Path sources, Path parts)
      throws IOException {
    Mac m = key.newMac();
    m.update(LABEL);
    m.update((byte) 0);
    add(m, LineageStore.JOB_FILE, job);
    add(m, LineageStore.SOURCES_FILE, fs, sources);
    add(m, LineageStore.PARTS_FILE, fs, parts);
    return new StoreSeal(VERSION, MacKey.ALGORITHM, key.id(),
        HexFormat.of().formatHex(m.doFinal()));
  }

  private static void add(Mac m, String name, FileSystem fs, Path file) throws IOException {
    long n = fs.getFileStatus(file).getLen();
    header(m, name, n);
    byte[] buf = new byte[1 << 16];
    long left = n;
    try (InputStream in = UntrustedFiles.openRegularFile(fs, file)) {
      while (left > 0) {
        int r = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (r < 0) {
          throw new IOException(file + " ended after " + (n - left) + " of " + n + " bytes");
        }
        m.update(buf, 0, r);
        left -= r;
      }
    }
  }

  private static void header(Mac m, String name, long n) {
    m.update(name.getBytes(StandardCharsets.UTF_8));
    m.update((byte) 0);
    for (int shift = 56; shift >= 0; shift -= 8) {
      m.update((byte) (n >>> shift));
    }
  }

  /** Whether this seal is {@code key}'s MAC of these bytes (compared in constant time). */
  public boolean verifies(MacKey key, byte[] job, byte[] sources, byte[] parts) {
    byte[] expected;
    try {
      expected = HexFormat.of().parseHex(mac == null ? "" : mac);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(expected, compute(key, job, sources, parts));
  }

  /**
   * A check of this seal over the store's files as a reader parses them: job.json held, the two
   * entry files MACed as their bytes stream past, so what is verified is what was parsed and
   * neither entry file is held ({@link StoreReader#forPlanning(Verifier)}).
   */
  public Verifier verifier(MacKey key) {
    return new Verifier(key);
  }

  /** See {@link #verifier}: fed job.json, then the sources file, then the parts file. */
  public final class Verifier {
    private final Mac m;
    private int fed;
    private boolean whole = true;

    private Verifier(MacKey key) {
      m = key.newMac();
      m.update(LABEL);
      m.update((byte) 0);
    }

    void job(byte[] bytes) {
      expect(0);
      add(m, LineageStore.JOB_FILE, bytes);
    }

    /**
     * {@code raw}, MACing every byte read through it; {@code length} is the file's length as
     * listed (the MAC covers it), checked against what was read by {@link #end}.
     */
    Stream entries(long length, InputStream raw) {
      expect(fed == 1 ? 1 : 2);
      header(m, fed == 2 ? LineageStore.SOURCES_FILE : LineageStore.PARTS_FILE, length);
      return new Stream(raw, length);
    }

    /** After {@code s} was read to its end: a file that changed length fails the seal. */
    void end(Stream s) {
      if (s.seen != s.length) {
        whole = false;
      }
    }

    /** Whole files and the old JSON layout (formatVersion 1), read at once. */
    void all(byte[] job, byte[] sources, byte[] parts) {
      job(job);
      fed = 3;
      add(m, LineageStore.SOURCES_FILE, sources);
      add(m, LineageStore.PARTS_FILE, parts);
    }

    /** Whether the three files read were sealed by the key (compared in constant time). */
    public boolean verified() {
      if (fed != 3 || !whole) {
        return false;
      }
      byte[] expected;
      try {
        expected = HexFormat.of().parseHex(mac == null ? "" : mac);
      } catch (IllegalArgumentException e) {
        return false;
      }
      return MessageDigest.isEqual(expected, m.doFinal());
    }

    private void expect(int step) {
      if (fed != step) {
        throw new IllegalStateException("seal verifier fed out of order");
      }
      fed++;
    }

    /** Passes bytes through to the reader and into the MAC; skips read, so nothing escapes. */
    final class Stream extends java.io.FilterInputStream {
      private final long length;
      private long seen;

      private Stream(InputStream raw, long length) {
        super(raw);
        this.length = length;
      }

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          m.update((byte) b);
          seen++;
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          m.update(b, off, n);
          seen += n;
        }
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        int r = read(buf, 0, buf.length);
        return Math.max(r, 0);
      }

      @Override
      public boolean markSupported() {
        return false;
      }
    }
  }

  private static byte[] compute(MacKey key, byte[] job, byte[] sources, byte[] parts) {
    Mac m = key.newMac();
    m.update(LABEL);
    m.update((byte) 0);
    add(m, LineageStore.JOB_FILE, job);
    add(m, LineageStore.SOURCES_FILE, sources);
    add(m, LineageStore.PARTS_FILE, parts);
    return m.doFinal();
  }

  private static void add(Mac m, String name, byte[] bytes) {
    header(m, name, bytes.length);
    m.update(bytes);
  }
}
