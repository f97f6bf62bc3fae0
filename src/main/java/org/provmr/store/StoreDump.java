package org.provmr.store;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.util.function.UnaryOperator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A lineage store as JSON lines for humans and tools ({@code provmr inspect DIR --store}):
 * {@code {"job": ...}}, then {@code {"source": ...}} per source entry and
 * {@code {"part": ...}} per part entry, in file order, source sets as lists of ids. Streamed
 * through {@link StoreReader}, so a store of any size prints in bounded memory.
 */
public final class StoreDump {
  private StoreDump() {
  }

  public static void jsonLines(Configuration conf, Path output, PrintStream out)
      throws IOException {
    jsonLines(conf, output, out, UnaryOperator.identity());
  }

  /**
   * As {@link #jsonLines(Configuration, Path, PrintStream)}, each line passed through
   * {@code escape} before it is printed: the store's strings are its owner's, and Jackson
   * leaves C1 controls and bidi overrides raw, which a terminal acts on. An escape that writes
   * them as JSON's own {@code \\uXXXX} keeps every line the same JSON.
   */
  public static void jsonLines(Configuration conf, Path output, PrintStream out,
      UnaryOperator<String> escape) throws IOException {
    StoreReader store = StoreReader.open(conf, output);
    // One line an entry (the store's own JSON is indented).
    ObjectWriter json = StoreJson.mapper().writer()
        .without(SerializationFeature.INDENT_OUTPUT);
    out.println(escape.apply("{\"job\":" + json.writeValueAsString(store.job()) + "}"));
    store.sources(s -> out.println(escape.apply("{\"source\":" + json.writeValueAsString(s)
        + "}")));
    store.parts(p -> out.println(escape.apply("{\"part\":" + json.writeValueAsString(p)
        + "}")));
    out.flush();
    if (out.checkError()) {
      throw new IOException("Could not write the store of " + output + " to the output");
    }
  }
}
