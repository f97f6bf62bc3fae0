package org.provmr.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ByteSizes;
import org.provmr.conf.ProvenanceKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link LineageEvent}s where the configuration says (HTTP POST, Marquez-compatible, or
 * a file of JSON lines), or nowhere. Sending never throws: lineage is a report about a job,
 * and an unreachable catalog must not fail the job it reports on.
 */
public final class LineageEmitter {
  private static final Logger LOG = LoggerFactory.getLogger(LineageEmitter.class);
  /** The secret is read with getPassword (credential providers), so it is not a plain key. */
  static final String API_KEY = "provenance.openlineage.api.key";
  static final String ENV_URL = "OPENLINEAGE_URL";
  /**
   * The run that started this job (a ProvMR command such as recompute), so catalogs show a
   * recompute's sub-jobs under it (OpenLineage ParentRunFacet). Set by the command on the
   * configuration its jobs start from; internal, not an operator key.
   */
  private static final String PARENT_RUN_ID = "provenance.openlineage.parent.run.id";
  private static final String PARENT_JOB_NAME = "provenance.openlineage.parent.job.name";
  private static final long MIN_EVENT_BYTES = 4096;

  private final String transport;
  private final String url;
  private final String file;
  private final String namespace;
  private final int timeoutMillis;
  private final long maxEventBytes;
  private final char[] apiKey;
  private UUID parentRunId;
  private String parentJobName;

  private LineageEmitter(String transport, String url, String file, String namespace,
      int timeoutMillis, long maxEventBytes, char[] apiKey) {
    this.transport = transport;
    this.url = url;
    this.file = file;
    this.namespace = namespace;
    this.timeoutMillis = timeoutMillis;
    this.maxEventBytes = maxEventBytes;
    this.apiKey = apiKey;
  }

  /**
   * The emitter {@code conf} configures.
   *
   * @throws BadConfigurationException if the transport is unknown or lacks its URL or file
   */
  public static LineageEmitter of(Configuration conf) {
    String url = conf.getTrimmed(ProvenanceKeys.OPENLINEAGE_URL, "");
    String transport = conf.getTrimmed(ProvenanceKeys.OPENLINEAGE_TRANSPORT, "")
        .toLowerCase(Locale.ROOT);
    if (transport.isEmpty()) {
      transport = url.isEmpty() ? "none" : "http";
    }
    String file = conf.getTrimmed(ProvenanceKeys.OPENLINEAGE_FILE, "");
    switch (transport) {
      case "none":
        break;
      case "http":
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
          throw new BadConfigurationException(ProvenanceKeys.OPENLINEAGE_URL + "='" + url
              + "': the http transport needs an http:// or https:// URL (Marquez:"
              + " http://host:5000)");
        }
        url = url.replaceAll("/+$", "") + "/" + conf.getTrimmed(
            ProvenanceKeys.OPENLINEAGE_ENDPOINT, ProvenanceKeys.OPENLINEAGE_ENDPOINT_DEFAULT)
            .replaceAll("^/+", "");
        break;
      case "file":
        if (file.isEmpty()) {
          throw new BadConfigurationException(ProvenanceKeys.OPENLINEAGE_TRANSPORT
              + "=file needs " + ProvenanceKeys.OPENLINEAGE_FILE + " (a local file path)");
        }
        break;
      default:
        throw new BadConfigurationException(ProvenanceKeys.OPENLINEAGE_TRANSPORT + "='"
            + transport + "': use none, http or file");
    }
    long timeout = conf.getTimeDuration(ProvenanceKeys.OPENLINEAGE_TIMEOUT,
        ProvenanceKeys.OPENLINEAGE_TIMEOUT_DEFAULT, TimeUnit.MILLISECONDS);
    char[] key = null;
    if (transport.equals("http")) {
      try {
        key = conf.getPassword(API_KEY);
      } catch (IOException e) {
        LOG.warn("Cannot read {}: sending OpenLineage events without it: {}", API_KEY,
            e.toString());
      }
      // The HTTP client refuses such a header quoting its value, which a WARN then logged.
      for (int i = 0; key != null && i < key.length; i++) {
        if ((key[i] < 0x20 && key[i] != '\t') || key[i] == 0x7f) {
          throw new BadConfigurationException(API_KEY + " holds a control character (at"
              + " position " + i + ", a line break?) that an HTTP header cannot carry; store"
              + " the key without it (hadoop credential create " + API_KEY + " -value ...)");
        }
      }
    }
    LineageEmitter emitter = new LineageEmitter(transport, url, file,
        conf.getTrimmed(ProvenanceKeys.OPENLINEAGE_NAMESPACE,
            ProvenanceKeys.OPENLINEAGE_NAMESPACE_DEFAULT),
        (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout)), maxEventBytes(conf), key);
    String parentId = conf.getTrimmed(PARENT_RUN_ID, "");
    String parentJob = conf.getTrimmed(PARENT_JOB_NAME, "");
    if (!parentId.isEmpty() && !parentJob.isEmpty()) {
      try {
        emitter.parentRunId = UUID.fromString(parentId);
        emitter.parentJobName = parentJob;
      } catch (IllegalArgumentException e) {
        LOG.warn("Ignoring {}='{}': not a UUID, so events carry no parent run",
            PARENT_RUN_ID, parentId);
      }
    }
    return emitter;
  }

  /** The event size limit; a value that is no size of at least 4 KiB is a usage error. */
  private static long maxEventBytes(Configuration conf) {
    String k = ProvenanceKeys.OPENLINEAGE_MAX_EVENT_BYTES;
    long v;
    try {
      v = ByteSizes.of(conf, k, ProvenanceKeys.OPENLINEAGE_MAX_EVENT_BYTES_DEFAULT);
    } catch (IllegalArgumentException e) {
      v = -1;
    }
    if (v < MIN_EVENT_BYTES || v > Integer.MAX_VALUE - 8) {
      // Below a few KiB not even an event without datasets and steps fits: nothing would go.
      throw new BadConfigurationException(k, conf.get(k), "a size from 4k to 2g, such as 1m");
    }
    return v;
  }

  /**
   * Makes the jobs that start from {@code conf} report {@code runId} of {@code jobName} as
   * their parent run.
   */
  public static void setParent(Configuration conf, UUID runId, String jobName) {
    conf.set(PARENT_RUN_ID, runId.toString());
    conf.set(PARENT_JOB_NAME, jobName);
  }

  /**
   * On the submitting client: an {@code OPENLINEAGE_URL} environment variable becomes
   * {@link ProvenanceKeys#OPENLINEAGE_URL} of the job, so the application master (whose
   * environment is the cluster's) sends where the user asked. Explicit settings win.
   */
  public static void adoptEnvironment(Configuration conf) {
    String env = System.getenv(ENV_URL);
    if (env != null && !env.isBlank() && conf.getTrimmed(ProvenanceKeys.OPENLINEAGE_URL, "")
        .isEmpty() && conf.getTrimmed(ProvenanceKeys.OPENLINEAGE_TRANSPORT, "").isEmpty()) {
      conf.set(ProvenanceKeys.OPENLINEAGE_URL, env.trim());
    }
  }

  public boolean enabled() {
    return !transport.equals("none");
  }

  /** Sends the event; logs and returns false when it cannot. */
  public boolean emit(LineageEvent event) {
    if (!enabled()) {
      return false;
    }
    try {
      if (parentRunId != null && !event.runId().equals(parentRunId)) {
        event.parent(parentRunId, parentJobName);
      }
      ObjectNode json = event.toJson(namespace, maxEventBytes);
      if (json == null) {
        LOG.warn("OpenLineage {} event not sent: even without its datasets and lineage steps,"
            + " and with long values cut, it is more than {} bytes ({}); raise it",
            event.type(), maxEventBytes, ProvenanceKeys.OPENLINEAGE_MAX_EVENT_BYTES);
        return false;
      }
      JsonNode cut = json.at("/run/facets/provmr/truncated");
      if (cut.isObject()) {
        LOG.warn("OpenLineage {} event cut to {} bytes ({}): {} inputs, {} outputs and {}"
            + " lineage steps left out, {} long values cut; raise it to send them",
            event.type(), maxEventBytes, ProvenanceKeys.OPENLINEAGE_MAX_EVENT_BYTES,
            cut.path("inputsOmitted"), cut.path("outputsOmitted"), cut.path("stepsOmitted"),
            cut.path("valuesCut"));
      }
      byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
      if (transport.equals("file")) {
        appendLine(body);
      } else {
        post(body);
      }
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.warn("OpenLineage {} event not sent ({} transport): {}", event.type(), transport,
          e.toString());
      return false;
    }
  }

  private void appendLine(byte[] body) throws IOException {
    byte[] line = new byte[body.length + 1];
    System.arraycopy(body, 0, line, 0, body.length);
    line[body.length] = '\n';
    // One write of the whole line with APPEND: concurrent emitters do not interleave lines.
    Files.write(Path.of(file), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
        StandardOpenOption.WRITE);
  }

  /**
   * POSTs the event with one deadline for all of it: connecting, sending the body and the
   * answer. A socket times out one read at a time and never a write, so a catalog that stops
   * reading, or answers a byte at a time, held HttpURLConnection (and the job committing)
   * forever.
   */
  private void post(byte[] body) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofMillis(timeoutMillis))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (apiKey != null && apiKey.length > 0) {
      b.header("Authorization", "Bearer " + new String(apiKey));
    }
    CompletableFuture<HttpResponse<Void>> sent = Http.CLIENT.sendAsync(b.build(),
        HttpResponse.BodyHandlers.discarding());
    int code;
    try {
      code = sent.get(timeoutMillis, TimeUnit.MILLISECONDS).statusCode();
    } catch (TimeoutException e) {
      sent.cancel(true);
      throw new IOException("no answer from " + url + " within " + timeoutMillis + " ms ("
          + ProvenanceKeys.OPENLINEAGE_TIMEOUT + ")");
    } catch (ExecutionException e) {
      throw new IOException("cannot send to " + url + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      sent.cancel(true);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while sending to " + url, e);
    }
    if (code < 200 || code >= 300) {
      throw new IOException("HTTP " + code + " from " + url);
    }
  }

  /**
   * One client for the JVM, made on the first send (it starts a thread). HTTP/1.1 as
   * HttpURLConnection spoke it; redirects are not followed, the default.
   */
  private static final class Http {
    static final HttpClient CLIENT = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1).build();
  }
}
