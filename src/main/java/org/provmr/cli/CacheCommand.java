package org.provmr.cli;

import org.apache.hadoop.fs.Path;
import org.provmr.cache.CacheMaintenance;
import org.provmr.cache.MapOutputCache;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.io.TerminalText;
import org.provmr.store.StoreJson;

/** {@code provmr cache stats|gc|clear}: the map-output cache (docs/cache.md). */
final class CacheCommand extends Command {

  CacheCommand(java.io.PrintStream out, java.io.PrintStream err) {
    super(out, err);
  }

  @Override
  String name() {
    return "cache";
  }

  @Override
  String summary() {
    return "map-output cache: stats, gc (evict least recently used beyond the budget), clear";
  }

  @Override
  String usage() {
    return "stats|gc|clear [--dir DIR] [--json]   (DIR defaults to " + ProvenanceKeys.CACHE_DIR
        + "; gc keeps " + ProvenanceKeys.CACHE_MAX_BYTES + ")";
  }

  @Override
  Options options() {
    return new Options().withValue("dir").withFlag("json");
  }

  @Override
  int execute(Options o) throws Exception {
    if (o.positional().size() != 1) {
      throw new UsageException("name one action: stats, gc or clear");
    }
    String d = o.get("dir", null);
    Path dir = d != null ? new Path(d) : MapOutputCache.dir(getConf());
    if (dir == null) {
      throw new UsageException("no cache: set " + ProvenanceKeys.CACHE_DIR + " or give --dir");
    }
    Object result;
    switch (o.positional().get(0)) {
      case "stats":
        result = CacheMaintenance.stats(getConf(), dir);
        break;
      case "gc":
        result = CacheMaintenance.gc(getConf(), dir, System.currentTimeMillis());
        break;
      case "clear":
        long n = CacheMaintenance.clear(getConf(), dir);
        result = java.util.Map.of("dir", dir.toString(), "entriesRemoved", n);
        break;
      default:
        throw new UsageException("unknown action '" + o.positional().get(0)
            + "': use stats, gc or clear");
    }
    if (o.has("json")) {
      out.println(StoreJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
    } else {
      out.println(TerminalText.escape(result.toString()));
    }
    return ExitCodes.OK;
  }
}
