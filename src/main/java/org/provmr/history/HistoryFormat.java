package org.provmr.history;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The byte format of one history file: gzip of {@code "PMRH"}, a version byte, then records
 * (kind byte, family, path, fingerprint as modified UTF-8 of at most 64 KiB each, length,
 * modification time, observation time) and an end mark (0xFF and the record count). Paths
 * repeat from record to record, so gzip keeps a file at a few bytes a record. A file without
 * its end mark was cut short: what precedes the cut is still read.
 */
final class HistoryFormat {
  static final byte[] MAGIC = {'P', 'M', 'R', 'H'};
  static final int VERSION = 1;
  private static final int END = 0xFF;

  /**
   * What a file held: the records read, why reading stopped early (null: it did not), the
   * text the records held ({@code bytes}, counted as the limit counts it) and whether reading
   * stopped at {@code maxRecords} or {@code maxBytes} rather than at damage.
   */
  record Contents(List<Observation> observations, String problem, long bytes,
      boolean limited) {
    Contents(List<Observation> observations, String problem, long bytes) {
      this(observations, problem, bytes, false);
    }
  }

  private HistoryFormat() {
  }

  static void write(OutputStream raw, List<Observation> observations) throws IOException {
    GZIPOutputStream gz = new GZIPOutputStream(raw, 64 * 1024);
    DataOutputStream out = new DataOutputStream(gz);
    out.write(MAGIC);
    out.writeByte(VERSION);
    for (Observation o : observations) {
      out.writeByte(o.kind().ordinal());
      out.writeUTF(o.family());
      out.writeUTF(o.path());
      out.writeUTF(o.fingerprint() == null ? "" : o.fingerprint());
      out.writeLong(o.length());
      out.writeLong(o.modificationTime());
      out.writeLong(o.observedAt());
    }
    out.writeByte(END);
    out.writeLong(observations.size());
    out.flush();
    gz.finish();
  }

  /**
   * Reads at most {@code maxRecords} records, holding at most about {@code maxBytes} of their
   * text: gzip inflates a small file of repeated 64 KiB strings a thousandfold. Never throws
   * for bad content: a wrong magic, version or kind, a cut or a corrupt gzip stream, or text
   * past {@code maxBytes} ({@code limitKey}) ends the read with a {@code problem}.
   */
  static Contents read(InputStream raw, long maxRecords, long maxBytes, String limitKey) {
    List<Observation> read = new ArrayList<>();
    Observation.Kind[] kinds = Observation.Kind.values();
    long bytes = 0;
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 64 * 1024))) {
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        return new Contents(read, "not a ProvMR history file (no PMRH mark)", bytes);
      }
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        return new Contents(read, "history format version " + version + ", this version"
            + " reads " + VERSION, bytes);
      }
      while (true) {
        int kind = in.readUnsignedByte();
        if (kind == END) {
          long count = in.readLong();
          return new Contents(read, count == read.size() ? null
              : "end mark counts " + count + " records, the file has " + read.size(), bytes);
        }
        if (kind >= kinds.length) {
          return new Contents(read, "unknown record kind " + kind + " after record "
              + read.size(), bytes);
        }
        if (read.size() >= maxRecords) {
          return new Contents(read, "more than " + maxRecords + " records", bytes, true);
        }
        String family = in.readUTF();
        String path = in.readUTF();
        String fp = in.readUTF();
        long record = 31L + family.length() + path.length() + fp.length();
        if (bytes + record > maxBytes) {
          return new Contents(read, "records inflate past " + maxBytes + " bytes after record "
              + read.size() + "; " + limitKey + " bounds them", bytes, true);
        }
        bytes += record;
        read.add(new Observation(family, path, in.readLong(), in.readLong(),
            fp.isEmpty() ? null : fp, in.readLong(), kinds[kind]));
      }
    } catch (EOFException e) {
      return new Contents(read, "cut short after record " + read.size(), bytes);
    } catch (IOException e) {
      return new Contents(read, "unreadable after record " + read.size() + ": "
          + e.getMessage(), bytes);
    }
  }
}
