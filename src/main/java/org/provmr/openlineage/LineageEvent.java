package org.provmr.openlineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.provmr.lineage.Lineage;
import org.provmr.lineage.Step;

/**
 * One OpenLineage RunEvent, built field by field and rendered as the spec's JSON
 * (https://openlineage.io/spec/2-0-2/OpenLineage.json). Written with Hadoop's Jackson rather
 * than openlineage-java, whose Jackson 2.18 clashes with Hadoop 3.4's on a cluster
 * (docs/openlineage.md).
 */
public final class LineageEvent {
  /** The OpenLineage spec version the events follow. */
  public static final String SCHEMA_URL = "https://openlineage.io/spec/2-0-2/OpenLineage.json"
      + "#/$defs/RunEvent";
  /** Who produced the events. */
  public static final String PRODUCER = "https://github.com/provmr/provmr/tree/0.1.0";
  /** ProvMR's facet schema, published in docs/openlineage/ProvMRFacets.json. */
  public static final String FACETS_SCHEMA = "https://github.com/provmr/provmr/blob/0.1.0/"
      + "docs/openlineage/ProvMRFacets.json";
  static final String JOB_TYPE_SCHEMA =
      "https://openlineage.io/spec/facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet";
  static final String PARENT_SCHEMA = "https://openlineage.io/spec/facets/1-2-0/"
      + "ParentRunFacet.json#/$defs/ParentRunFacet";
  static final String ERROR_SCHEMA = "https://openlineage.io/spec/facets/1-0-1/"
      + "ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The run's state transitions ProvMR reports. */
  public enum Type { START, COMPLETE, FAIL, ABORT }

  private final Type type;
  private final UUID runId;
  private final String jobName;
  private final String command;
  private final List<URI> inputs = new ArrayList<>();
  private final List<URI> outputs = new ArrayList<>();
  private final Map<String, Object> figures = new LinkedHashMap<>();
  private Lineage lineage;
  private String hadoopJobId;
  private String error;
  private UUID parentRunId;
  private String parentJobName;
  private Instant time = Instant.now();

  /**
   * @param runId the run's id; {@link #runIdOf} derives one that START and the end event of
   *     the same Hadoop job agree on without sharing state
   * @param jobName the OpenLineage job name (ProvMR uses the Hadoop job name)
   * @param command which ProvMR operation: capture, validate or recompute
   */
  public LineageEvent(Type type, UUID runId, String jobName, String command) {
    this.type = type;
    this.runId = runId;
    this.jobName = jobName;
    this.command = command;
  }

  /** A stable run id for a Hadoop job id (a name-based UUID). */
  public static UUID runIdOf(String hadoopJobId) {
    return UUID.nameUUIDFromBytes(("provmr:" + hadoopJobId).getBytes(StandardCharsets.UTF_8));
  }

  public LineageEvent input(URI dataset) {
    inputs.add(dataset);
    return this;
  }

  public LineageEvent output(URI dataset) {
    outputs.add(dataset);
    return this;
  }

  /** The job's steps, reported as the {@code provmr_lineage} job facet. */
  public LineageEvent lineage(Lineage l) {
    lineage = l;
    return this;
  }

  public LineageEvent hadoopJob(String id) {
    hadoopJobId = id;
    return this;
  }

  /** A ProvMR figure (records, header bytes, findings ...) for the {@code provmr} run facet. */
  public LineageEvent figure(String name, Object value) {
    figures.put(name, value);
    return this;
  }

  public LineageEvent error(String message) {
    error = message;
    return this;
  }

  /** The run that started this one (ParentRunFacet), e.g. the recompute of a sub-job. */
  public LineageEvent parent(UUID runId, String jobName) {
    parentRunId = runId;
    parentJobName = jobName;
    return this;
  }

  public UUID runId() {
    return runId;
  }

  public LineageEvent at(Instant t) {
    time = t;
    return this;
  }

  public Type type() {
    return type;
  }

  /** The RunEvent as JSON, whatever its size. */
  public ObjectNode toJson(String namespace) {
    return toJson(namespace, Long.MAX_VALUE);
  }

  /**
   * The RunEvent as JSON of at most {@code maxBytes}: datasets (outputs, then inputs, in half
   * the room when there are steps) and lineage steps (this job's first, then its upstream
   * jobs', nearest first) that do not fit are left out and values longer than a sixteenth of
   * it cut, all counted in the {@code provmr} facet's {@code truncated} ({@link EventFit}).
   *
   * @return the event, or null when even without datasets and steps it is larger
   */
  public ObjectNode toJson(String namespace, long maxBytes) {
    EventFit fit = new EventFit(maxBytes);
    ObjectNode e = JSON.createObjectNode();
    e.put("eventType", type.name());
    e.put("eventTime", time.toString());
    e.put("producer", PRODUCER);
    e.put("schemaURL", SCHEMA_URL);
    ObjectNode run = e.putObject("run");
    run.put("runId", runId.toString());
    ObjectNode runFacets = run.putObject("facets");
    ObjectNode provmr = facet(runFacets, "provmr", FACETS_SCHEMA + "#/$defs/ProvMRRunFacet");
    provmr.put("command", command);
    if (hadoopJobId != null) {
      provmr.put("hadoopJobId", fit.cut(hadoopJobId));
    }
    ObjectNode f = provmr.putObject("figures");
    figures.forEach((k, v) -> {
      if (v instanceof Number) {
        f.put(k, ((Number) v).longValue());
      } else {
        f.put(fit.cut(k), fit.cut(String.valueOf(v)));
      }
    });
    if (parentRunId != null) {
      ObjectNode parent = facet(runFacets, "parent", PARENT_SCHEMA);
      parent.putObject("run").put("runId", parentRunId.toString());
      ObjectNode parentJob = parent.putObject("job");
      parentJob.put("namespace", namespace);
      parentJob.put("name", fit.cut(parentJobName));
    }
    if (error != null) {
      ObjectNode err = facet(runFacets, "errorMessage", ERROR_SCHEMA);
      err.put("message", fit.cut(error));
      err.put("programmingLanguage", "JAVA");
    }
    ObjectNode job = e.putObject("job");
    job.put("namespace", namespace);
    job.put("name", fit.cut(jobName));
    ObjectNode jobFacets = job.putObject("facets");
    ObjectNode jobType = facet(jobFacets, "jobType", JOB_TYPE_SCHEMA);
    jobType.put("processingType", "BATCH");
    jobType.put("integration", "HADOOP");
    jobType.put("jobType", "JOB");
    ArrayNode steps = null;
    if (lineage != null) {
      ObjectNode l = facet(jobFacets, "provmr_lineage",
          FACETS_SCHEMA + "#/$defs/ProvMRLineageJobFacet");
      steps = l.putArray("steps");
      l.put("upstreamJobs", lineage.upstream().size());
    }
    ArrayNode in = e.putArray("inputs");
    ArrayNode out = e.putArray("outputs");
    if (!fit.base(e)) {
      return null;
    }
    long until = fit.until(steps == null ? 1 : 0.5);
    long outputsOut = fit.add(out, outputs, LineageEvent::dataset, until);
    long inputsOut = fit.add(in, inputs, LineageEvent::dataset, until);
    long stepsOut = 0;
    if (steps != null) {
      // Upstream jobs' steps come first in the facet, this job's last: these are kept first.
      List<Step> all = new ArrayList<>(lineage.allSteps());
      Collections.reverse(all);
      ArrayNode kept = JSON.createArrayNode();
      stepsOut = fit.add(kept, all, st -> step(st, fit), fit.until(1));
      for (int i = kept.size() - 1; i >= 0; i--) {
        steps.add(kept.get(i));
      }
    }
    fit.leftOut(inputsOut, outputsOut, stepsOut);
    fit.note(provmr);
    return fit.fits(e) ? e : null;
  }

  private static ObjectNode facet(ObjectNode facets, String name, String schema) {
    ObjectNode f = facets.putObject(name);
    f.put("_producer", PRODUCER);
    f.put("_schemaURL", schema);
    return f;
  }

  /** A lineage step, its long values cut. */
  private static ObjectNode step(Step s, EventFit fit) {
    ObjectNode o = JSON.createObjectNode();
    o.put("job", fit.cut(s.job()));
    o.put("stage", s.stage().name());
    if (s.task() != null) {
      o.put("task", fit.cut(s.task()));
    }
    o.put("className", fit.cut(s.className()));
    if (!s.params().isEmpty()) {
      ObjectNode p = o.putObject("params");
      s.params().forEach((k, v) -> p.put(fit.cut(k), fit.cut(v)));
    }
    return o;
  }

  private static ObjectNode dataset(URI u) {
    ObjectNode d = JSON.createObjectNode();
    d.put("namespace", DatasetNames.namespace(u));
    d.put("name", DatasetNames.name(u));
    return d;
  }
}
