package org.provmr.io;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.text.translate.AggregateTranslator;
import org.apache.commons.text.translate.CharSequenceTranslator;
import org.apache.commons.text.translate.UnicodeEscaper;

/**
 * Text from data (payloads, file names, URIs, class names from a lineage store, what a
 * request to the service says) made safe to print on a terminal or in a log: characters a
 * terminal would act on are written as {@code \\uXXXX}, so a record cannot move the cursor,
 * clear the screen, set the window title, hide what follows or forge a line.
 *
 * <p>Escaped: the C0 controls but TAB (U+0000-U+0008, U+000A-U+001F: ESC starts every escape
 * sequence; CR and LF would forge lines), DEL and the C1 controls (U+007F-U+009F: U+009B is a
 * one-character CSI), the line and paragraph separators (U+2028, U+2029) and the bidirectional
 * overrides and isolates (U+202A-U+202E, U+2066-U+2069), which reorder what is shown. Bytes
 * that are not UTF-8 print as U+FFFD, as {@code Text.toString()} does. Everything else,
 * backslashes included, is written unchanged, so normal text is byte for byte what Hadoop's
 * TextOutputFormat writes.
 */
public final class TerminalText {
  private static final CharSequenceTranslator ESCAPE = new AggregateTranslator(
      UnicodeEscaper.between(0x00, 0x08), UnicodeEscaper.between(0x0a, 0x1f),
      UnicodeEscaper.between(0x7f, 0x9f), UnicodeEscaper.between(0x2028, 0x2029),
      UnicodeEscaper.between(0x202a, 0x202e), UnicodeEscaper.between(0x2066, 0x2069));

  /** Like {@link #ESCAPE} but keeps line feeds, for multi-line reports. */
  private static final CharSequenceTranslator ESCAPE_KEEP_LINES = new AggregateTranslator(
      UnicodeEscaper.between(0x00, 0x08), UnicodeEscaper.between(0x0b, 0x1f),
      UnicodeEscaper.between(0x7f, 0x9f), UnicodeEscaper.between(0x2028, 0x2029),
      UnicodeEscaper.between(0x202a, 0x202e), UnicodeEscaper.between(0x2066, 0x2069));

  private TerminalText() {
  }

  /** {@code s} with every character a terminal would act on escaped; null stays "null". */
  public static String escape(String s) {
    return s == null ? "null" : ESCAPE.translate(s);
  }

  /** As {@link #escape}, but line feeds are kept: for reports of several lines. */
  public static String escapeKeepingLines(String s) {
    return s == null ? "null" : ESCAPE_KEEP_LINES.translate(s);
  }

  /**
   * Writes UTF-8 bytes escaped. Printable ASCII and TAB, the common case, are written as they
   * are without decoding.
   */
  public static void write(PrintStream out, byte[] b, int off, int len) {
    if (printableAscii(b, off, len)) {
      out.write(b, off, len);
      return;
    }
    byte[] safe = escape(new String(b, off, len, StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8);
    out.write(safe, 0, safe.length);
  }

  private static boolean printableAscii(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      int c = b[i];
      if ((c < 0x20 && c != '\t') || c == 0x7f || c < 0) {
        return false;
      }
    }
    return true;
  }
}
