package org.provmr.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.recompute.RecomputeManager;
import org.provmr.recompute.RecomputePolicy;
import org.provmr.service.OutputProcessor;
import org.provmr.service.ProvenanceService;
import org.provmr.service.ServeSettings;
import org.provmr.service.ServiceLogin;
import org.provmr.validate.SourceRoots;

/**
 * {@code provmr serve}: the validator as a long-running service (docs/service.md). Runs until
 * SIGTERM (or SIGINT), then stops gracefully: what is still running stays journaled.
 */
final class ServeCommand extends Command {

  ServeCommand(PrintStream out, PrintStream err) {
    super(out, err);
  }

  @Override
  String name() {
    return "serve";
  }

  @Override
  String summary() {
    return "long-running service: job-end notifications and watched roots, validate, recompute";
  }

  @Override
  String usage() {
    return "[--port N] [--watch DIR ...] [--policy FILE] [--alerts-root DIR] [--state-dir DIR]\n"
        + "  Endpoints: /notify?jobId=$jobId&jobStatus=$jobStatus (mapreduce.job.end-notification"
        + ".url), /status, /metrics, /health. Exit codes: 0 stopped by SIGTERM after a graceful"
        + " shutdown, 1 failure (port in use, state directory unusable), 2 usage or bad"
        + " configuration (no root, malformed key).";
  }

  @Override
  Options options() {
    return new Options().withValue("port", ProvenanceKeys.SERVE_PORT).withValue("watch")
        .withValue("policy").withValue("alerts-root", ProvenanceKeys.SERVE_ALERTS_ROOT)
        .withValue("state-dir", ProvenanceKeys.SERVE_STATE_DIR);
  }

  @Override
  int execute(Options o) throws Exception {
    Configuration conf = getConf();
    if (!o.positional().isEmpty()) {
      throw new UsageException("Unexpected argument '" + o.positional().get(0) + "'");
    }
    // Everything a sweep needs is checked now, not at the first output hours later.
    String policy = o.has("policy") ? existingInput("policy", o.get("policy", null)).toString()
        : null;
    if (policy != null) {
      RecomputePolicy.load(conf, new Path(policy));
    }
    SourceRoots.configured(conf);
    RecomputeManager.checkSettings(conf);
    // The keytab login first: the settings already resolve the alerts root on the cluster.
    ServiceLogin.login(conf);
    ServeSettings settings = ServeSettings.of(conf, o.all("watch"));
    ProvenanceService service = new ProvenanceService(conf, settings, sweeper(policy));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        service.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        stopped.countDown();
      }
    }, "provmr-serve-shutdown"));
    // The hook first: a SIGTERM right after "listening on" is still a graceful stop.
    service.start();
    out.println("provmr serve: listening on http://" + settings.bindHost() + ":"
        + service.port() + "/ (state " + settings.stateDir() + ", roots "
        + String.join(", ", settings.roots()) + ")");
    out.flush();
    stopped.await();
    return ExitCodes.OK;
  }

  /** The sweep, run in this JVM with the service's lock passed in its configuration. */
  private OutputProcessor sweeper(String policy) {
    return (Configuration c, Path output, Path alertsRoot) -> {
      List<String> args = new ArrayList<>(List.of("sweep", "--output", output.toString(),
          "--alerts-root", alertsRoot.toString()));
      if (policy != null) {
        args.add("--policy");
        args.add(policy);
      }
      return ProvMR.run(c, args.toArray(new String[0]), out, err);
    };
  }
}
