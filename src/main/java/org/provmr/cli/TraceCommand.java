package org.provmr.cli;

import org.apache.hadoop.fs.Path;
import org.provmr.header.LineageCodec;
import org.provmr.io.TerminalText;
import org.provmr.recompute.RefusedException;
import org.provmr.store.StoreJson;
import org.provmr.trace.TraceNode;
import org.provmr.trace.TraceOptions;
import org.provmr.trace.TraceText;
import org.provmr.trace.Tracer;

/** {@code provmr trace}: where one output record came from (docs/trace.md). */
final class TraceCommand extends Command {

  TraceCommand(java.io.PrintStream out, java.io.PrintStream err) {
    super(out, err);
  }

  @Override
  String name() {
    return "trace";
  }

  @Override
  String summary() {
    return "where one output record came from, through every upstream stage to source bytes";
  }

  @Override
  String usage() {
    return "OUTPUT (--key K | --part P --record N) [--precise] [--depth N] [--show-source]"
        + " [--limit N] [--json]";
  }

  @Override
  Options options() {
    return new Options().withValue("key").withValue("part").withValue("record")
        .withValue("depth").withFlag("precise").withFlag("show-source").withValue("limit")
        .withFlag("json");
  }

  @Override
  int execute(Options o) throws Exception {
    if (o.positional().size() != 1) {
      throw new UsageException("name one output directory");
    }
    int depth = o.getInt("depth", 32, 0);
    if (depth > LineageCodec.MAX_DEPTH) {
      // No capture nests a lineage deeper, so a deeper walk only follows what stores claim
      // (a chain of crafted outputs), one stack frame per stage.
      throw new UsageException("--depth " + depth + " is more than " + LineageCodec.MAX_DEPTH
          + ", the most stages a captured lineage can have; give at most that");
    }
    Path output = committedOutput("output", o.positional().get(0));
    String key = o.get("key", null);
    String part = o.get("part", null);
    boolean byPosition = part != null || o.has("record");
    if ((key != null) == byPosition) {
      throw new UsageException("name the record with --key K, or with --part P --record N"
          + " (one of the two)");
    }
    if (byPosition && (part == null || !o.has("record"))) {
      throw new UsageException("--part and --record go together");
    }
    TraceOptions options = new TraceOptions(key, part, key == null ? o.getInt("record", 0, 0)
        : 0, depth, o.has("precise"), o.has("show-source"),
        o.getInt("limit", 20, 0));
    Tracer tracer = new Tracer(getConf(), options); // its limits are checked here: exit 2
    TraceNode root;
    try {
      root = tracer.trace(output);
    } catch (RefusedException e) {
      err.println("provmr trace: " + TerminalText.escape(e.getMessage()));
      return ExitCodes.REFUSED;
    } catch (IllegalArgumentException e) {
      err.println("provmr trace: " + TerminalText.escape(e.getMessage()));
      return ExitCodes.FAILURE;
    }
    if (o.has("json")) {
      // Jackson leaves C1 controls and bidi overrides raw; escaped, they are the same JSON
      out.println(TerminalText.escapeKeepingLines(StoreJson.mapper()
          .writerWithDefaultPrettyPrinter().writeValueAsString(root)));
    } else {
      new TraceText(out, TerminalText::escape).print(root);
    }
    out.flush();
    return addsUp(root) ? ExitCodes.OK : ExitCodes.FINDINGS;
  }

  /** Whether every replay in the trace found what the record holds. */
  private static boolean addsUp(TraceNode n) {
    if (n.replay() != null && !n.replay().addsUp()) {
      return false;
    }
    return n.upstream().stream().allMatch(TraceCommand::addsUp);
  }
}
