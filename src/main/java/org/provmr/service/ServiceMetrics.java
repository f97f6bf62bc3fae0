package org.provmr.service;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** The service's counters, rendered in Prometheus' text exposition format (version 0.0.4). */
final class ServiceMetrics {
  final AtomicLong notifications = new AtomicLong();
  final AtomicLong malformed = new AtomicLong();
  final AtomicLong refused = new AtomicLong();
  final AtomicLong unauthorized = new AtomicLong();
  final AtomicLong rejectedBusy = new AtomicLong();
  final AtomicLong requestsTimedOut = new AtomicLong();
  final AtomicLong ignoredStatus = new AtomicLong();
  final AtomicLong unknownJobs = new AtomicLong();
  final AtomicLong scans = new AtomicLong();
  final AtomicLong enqueued = new AtomicLong();
  final AtomicLong duplicates = new AtomicLong();
  final AtomicLong validationsDirect = new AtomicLong();
  final AtomicLong sweeps = new AtomicLong();
  final AtomicLong validationsPriority = new AtomicLong();
  final AtomicLong validationsTimedOut = new AtomicLong();
  final AtomicLong revalidations = new AtomicLong();
  final AtomicLong downstream = new AtomicLong();
  final AtomicLong recomputes = new AtomicLong();
  final AtomicLong completed = new AtomicLong();
  final AtomicLong failures = new AtomicLong();
  final AtomicLong busyRetries = new AtomicLong();
  final AtomicLong lagCount = new AtomicLong();
  final AtomicLong lagMillisSum = new AtomicLong();
  final AtomicLong lastLagMillis = new AtomicLong();
  final Map<String, AtomicLong> findings = new ConcurrentHashMap<>();

  void finding(String type, long n) {
    findings.computeIfAbsent(type, t -> new AtomicLong()).addAndGet(n);
  }

  void lag(long millis) {
    lagCount.incrementAndGet();
    lagMillisSum.addAndGet(Math.max(0, millis));
    lastLagMillis.set(Math.max(0, millis));
  }

  String prometheus(LongSupplier queued, LongSupplier running, LongSupplier inbox) {
    StringBuilder b = new StringBuilder();
    counter(b, "events_received_total", "Job-end notifications received (any outcome)",
        notifications.get());
    counter(b, "events_malformed_total", "Requests answered 400 (malformed) or 405 (method)",
        malformed.get());
    counter(b, "events_refused_total", "Notifications naming a path outside the roots or of"
        + " another scheme: refused, never read", refused.get());
    counter(b, "events_unauthorized_total", "Requests without the shared secret",
        unauthorized.get());
    counter(b, "events_rejected_busy_total", "Notifications answered 429 (queue full)",
        rejectedBusy.get());
    counter(b, "requests_timed_out_total", "HTTP requests cut off at"
        + " provenance.serve.request.timeout (a client too slow to send or read)",
        requestsTimedOut.get());
    counter(b, "events_ignored_total", "Notifications of jobs that did not succeed",
        ignoredStatus.get());
    counter(b, "events_unknown_job_total", "Notifications whose job wrote no output under the"
        + " roots", unknownJobs.get());
    counter(b, "scans_total", "Scans of the watched roots", scans.get());
    counter(b, "outputs_enqueued_total", "New or changed outputs queued", enqueued.get());
    counter(b, "outputs_duplicate_total", "Outputs seen again unchanged: not processed again",
        duplicates.get());
    counter(b, "validations_total{mode=\"direct\"}", null, validationsDirect.get());
    counter(b, "validations_total{mode=\"sweep\"}", null, sweeps.get());
    counter(b, "validations_total{mode=\"priority\"}", null, validationsPriority.get());
    counter(b, "validations_timed_out_total", "Attempts stopped at"
        + " provenance.serve.validate.timeout (work stopped, run discarded, retried)",
        validationsTimedOut.get());
    counter(b, "revalidations_total", "Unchanged outputs queued again by"
        + " provenance.serve.revalidate.interval", revalidations.get());
    counter(b, "downstream_followed_total", "Outputs queued again because an output their"
        + " lineage reads changed", downstream.get());
    counter(b, "recomputes_total", "Sweeps that found problems and ran a recompute",
        recomputes.get());
    counter(b, "outputs_completed_total", "Outputs processed to a result", completed.get());
    counter(b, "outputs_failed_total", "Processing that ended in an error", failures.get());
    counter(b, "outputs_busy_retries_total", "Outputs locked by another command, retried",
        busyRetries.get());
    b.append("# HELP provmr_serve_findings_total Findings by alert type\n")
        .append("# TYPE provmr_serve_findings_total counter\n");
    new TreeMap<>(findings).forEach((t, n) -> b.append("provmr_serve_findings_total{type=\"")
        .append(t).append("\"} ").append(n.get()).append('\n'));
    gauge(b, "queue_depth", "Outputs waiting", queued.getAsLong());
    gauge(b, "running", "Outputs being processed", running.getAsLong());
    gauge(b, "inbox_depth", "Notifications journaled, not yet resolved", inbox.getAsLong());
    gauge(b, "lag_seconds_last", "Job end (_SUCCESS) to validated, last output",
        lastLagMillis.get() / 1000.0);
    b.append("# HELP provmr_serve_lag_seconds Job end (_SUCCESS) to validated\n")
        .append("# TYPE provmr_serve_lag_seconds summary\n")
        .append("provmr_serve_lag_seconds_sum ").append(lagMillisSum.get() / 1000.0).append('\n')
        .append("provmr_serve_lag_seconds_count ").append(lagCount.get()).append('\n');
    return b.toString();
  }

  private static void counter(StringBuilder b, String name, String help, long v) {
    String base = name.contains("{") ? name.substring(0, name.indexOf('{')) : name;
    if (help != null) {
      b.append("# HELP provmr_serve_").append(base).append(' ').append(help).append('\n');
      b.append("# TYPE provmr_serve_").append(base).append(" counter\n");
    } else if (name.endsWith("\"direct\"}")) {
      b.append("# HELP provmr_serve_").append(base)
          .append(" Validations: in the service's JVM (direct; priority: the priority/ sub-stream"
              + " first) or as sweeps (jobs)\n")
          .append("# TYPE provmr_serve_").append(base).append(" counter\n");
    }
    b.append("provmr_serve_").append(name).append(' ').append(v).append('\n');
  }

  private static void gauge(StringBuilder b, String name, String help, double v) {
    b.append("# HELP provmr_serve_").append(name).append(' ').append(help).append('\n')
        .append("# TYPE provmr_serve_").append(name).append(" gauge\n")
        .append("provmr_serve_").append(name).append(' ').append(v).append('\n');
  }
}
