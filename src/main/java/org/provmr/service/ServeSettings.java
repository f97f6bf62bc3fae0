package org.provmr.service;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ByteSizes;
import org.provmr.conf.ProvenanceKeys;

/**
 * The service's settings, read and checked once at start: a bad value stops {@code provmr
 * serve} with a message naming the key, before anything binds or scans.
 */
public record ServeSettings(String bindHost, int port, List<String> roots, int watchDepth,
    long watchIntervalMs, java.nio.file.Path stateDir, Path alertsRoot, int maxConcurrent,
    int queueMax, long directMaxBytes, char[] secret, long shutdownGraceMs, long busyRetryMs,
    long revalidateMs, long requestTimeoutMs, long validateTimeoutMs) {

  static {
    ProvenanceKeys.init();
  }

  /**
   * From the configuration, with command-line values already set into it.
   *
   * @param extraRoots roots given with --watch, added to provenance.serve.watch.roots
   */
  public static ServeSettings of(Configuration conf, List<String> extraRoots) throws IOException {
    List<String> roots = new ArrayList<>(conf.getTrimmedStringCollection(
        ProvenanceKeys.SERVE_WATCH_ROOTS));
    roots.addAll(extraRoots);
    int port = atLeast(conf, ProvenanceKeys.SERVE_PORT, ProvenanceKeys.SERVE_PORT_DEFAULT, 0);
    if (port > 65535) {
      throw new BadConfigurationException(ProvenanceKeys.SERVE_PORT + "=" + port
          + " is not a TCP port: use 0 to 65535");
    }
    String state = conf.getTrimmed(ProvenanceKeys.SERVE_STATE_DIR, "");
    java.nio.file.Path stateDir = state.isEmpty()
        ? java.nio.file.Path.of(System.getProperty("user.home"), ".provmr-serve")
        : java.nio.file.Path.of(state);
    String alerts = conf.getTrimmed(ProvenanceKeys.SERVE_ALERTS_ROOT, "");
    Path alertsRoot = alerts.isEmpty()
        ? new Path(FileSystem.get(conf).getHomeDirectory(), "provmr-serve") : new Path(alerts);
    char[] secret = conf.getPassword(ProvenanceKeys.SERVE_SECRET);
    long grace = duration(conf, ProvenanceKeys.SERVE_SHUTDOWN_GRACE,
        ProvenanceKeys.SERVE_SHUTDOWN_GRACE_DEFAULT);
    long interval = Math.max(100, duration(conf, ProvenanceKeys.SERVE_WATCH_INTERVAL,
        ProvenanceKeys.SERVE_WATCH_INTERVAL_DEFAULT));
    long bytes;
    try {
      bytes = ByteSizes.of(conf, ProvenanceKeys.SERVE_DIRECT_MAX_BYTES,
          ProvenanceKeys.SERVE_DIRECT_MAX_BYTES_DEFAULT); // 0: always a job
    } catch (IllegalArgumentException e) {
      throw new BadConfigurationException(ProvenanceKeys.SERVE_DIRECT_MAX_BYTES + "='"
          + conf.get(ProvenanceKeys.SERVE_DIRECT_MAX_BYTES) + "' is not a size: use 0, 64m, 1g");
    }
    // A busy output is tried again after a few seconds: a lock is held for a sweep's length.
    long busyRetry = Math.min(5000, interval);
    return new ServeSettings(conf.getTrimmed(ProvenanceKeys.SERVE_BIND_HOST,
        ProvenanceKeys.SERVE_BIND_HOST_DEFAULT), port, roots,
        atLeast(conf, ProvenanceKeys.SERVE_WATCH_DEPTH, ProvenanceKeys.SERVE_WATCH_DEPTH_DEFAULT,
            0), interval, stateDir, alertsRoot,
        atLeast(conf, ProvenanceKeys.SERVE_MAX_CONCURRENT,
            ProvenanceKeys.SERVE_MAX_CONCURRENT_DEFAULT, 1),
        atLeast(conf, ProvenanceKeys.SERVE_QUEUE_MAX, ProvenanceKeys.SERVE_QUEUE_MAX_DEFAULT, 1),
        Math.max(0, bytes), secret == null || secret.length == 0 ? null : secret, grace,
        busyRetry, Math.max(0, duration(conf, ProvenanceKeys.SERVE_REVALIDATE_INTERVAL,
            ProvenanceKeys.SERVE_REVALIDATE_INTERVAL_DEFAULT)), requestTimeout(conf),
        validateTimeout(conf));
  }

  /** 0: no limit; negative is a typo, not "no limit". */
  private static long validateTimeout(Configuration conf) {
    long ms = duration(conf, ProvenanceKeys.SERVE_VALIDATE_TIMEOUT,
        ProvenanceKeys.SERVE_VALIDATE_TIMEOUT_DEFAULT);
    if (ms < 0) {
      throw new BadConfigurationException(ProvenanceKeys.SERVE_VALIDATE_TIMEOUT + "='"
          + conf.get(ProvenanceKeys.SERVE_VALIDATE_TIMEOUT) + "' is negative: use 30m, or 0 for"
          + " no limit");
    }
    return ms;
  }

  /** No "0: off": a request without a deadline can hold a handler thread forever. */
  private static long requestTimeout(Configuration conf) {
    long ms = duration(conf, ProvenanceKeys.SERVE_REQUEST_TIMEOUT,
        ProvenanceKeys.SERVE_REQUEST_TIMEOUT_DEFAULT);
    if (ms <= 0) {
      throw new BadConfigurationException(ProvenanceKeys.SERVE_REQUEST_TIMEOUT + "='"
          + conf.get(ProvenanceKeys.SERVE_REQUEST_TIMEOUT) + "' must be positive: use 10s");
    }
    return ms;
  }

  private static int atLeast(Configuration conf, String key, String def, int min) {
    String v = conf.getTrimmed(key, def);
    try {
      int n = Integer.parseInt(v);
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadConfigurationException(key + "='" + v + "' is not a whole number of at least "
        + min);
  }

  private static long duration(Configuration conf, String key, String def) {
    try {
      return conf.getTimeDuration(key, def, TimeUnit.MILLISECONDS);
    } catch (NumberFormatException e) {
      throw new BadConfigurationException(key + "='" + conf.get(key) + "' is not a duration:"
          + " use 500ms, 30s, 1m");
    }
  }
}
