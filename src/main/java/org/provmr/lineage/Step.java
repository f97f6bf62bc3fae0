package org.provmr.lineage;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One processing step in a record's lineage: which job, stage and task ran which class with
 * which parameters. Immutable.
 *
 * @param job the job id or name
 * @param stage the kind of task
 * @param task the task id, or null for a job-level step (the empty string is stored as null,
 *     because the wire format cannot tell them apart)
 * @param className the mapper, reducer or recompute class that ran
 * @param params parameters that influenced the output, in key order (an unmodifiable copy)
 */
public record Step(String job, Stage stage, String task, String className,
    SortedMap<String, String> params) {

  /** Validates and copies the fields. */
  public Step {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(className, "className");
    if (task != null && task.isEmpty()) {
      task = null;
    }
    params = copyOf(params);
  }

  /** A step with parameters in any map; they are copied in key order. */
  public static Step of(String job, Stage stage, String task, String className,
      Map<String, String> params) {
    return new Step(job, stage, task, className, copyOf(params));
  }

  /** A step without parameters. */
  public static Step of(String job, Stage stage, String task, String className) {
    return new Step(job, stage, task, className, null);
  }

  private static SortedMap<String, String> copyOf(Map<String, String> params) {
    // Natural String order whatever the caller's comparator: the encoding writes keys in
    // this order and the decoder checks it, so equal steps always encode to equal bytes.
    TreeMap<String, String> copy = new TreeMap<>();
    if (params != null) {
      for (Map.Entry<String, String> e : params.entrySet()) {
        copy.put(Objects.requireNonNull(e.getKey(), "parameter key"),
            Objects.requireNonNull(e.getValue(), () -> "value of parameter " + e.getKey()));
      }
    }
    return Collections.unmodifiableSortedMap(copy);
  }
}
