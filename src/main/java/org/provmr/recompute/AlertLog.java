package org.provmr.recompute;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.io.UntrustedFiles;
import org.provmr.store.StoreJson;
import org.provmr.validate.Alert;

/**
 * Reads the alert lines a validation wrote ({@code alerts*} files in the alerts directory,
 * one JSON object a line, docs/alerts.md). A malformed line fails the whole read with its
 * file and line number, or, with provenance.recompute.malformed.alerts=skip, is counted and
 * reported.
 */
public final class AlertLog {
  private final List<LoadedAlert> alerts;
  private final List<String> skipped;
  private final List<String> validated;

  private AlertLog(List<LoadedAlert> alerts, List<String> skipped, List<String> validated) {
    this.alerts = List.copyOf(alerts);
    this.skipped = List.copyOf(skipped);
    this.validated = List.copyOf(validated);
  }

  public static AlertLog read(Configuration conf, Path dir) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    if (!fs.exists(dir) || !fs.getFileStatus(dir).isDirectory()) {
      throw new BadConfigurationException("Alerts directory " + dir + " does not exist");
    }
    String policy = conf.getTrimmed(ProvenanceKeys.RECOMPUTE_MALFORMED_ALERTS,
        ProvenanceKeys.RECOMPUTE_MALFORMED_ALERTS_DEFAULT);
    if (!policy.equals("fail") && !policy.equals("skip")) {
      throw new BadConfigurationException(ProvenanceKeys.RECOMPUTE_MALFORMED_ALERTS, policy,
          "use fail or skip");
    }
    FileStatus[] files = fs.listStatus(dir, p -> p.getName().startsWith("alerts"));
    Arrays.sort(files);
    List<LoadedAlert> alerts = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    long maxBytes = UntrustedFiles.maxMetadataBytes(conf);
    for (FileStatus f : files) {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(UntrustedFiles.open(fs,
          f.getPath(), maxBytes, ProvenanceKeys.READ_MAX_METADATA_BYTES),
          StandardCharsets.UTF_8))) {
        String line;
        int n = 0;
        while ((line = in.readLine()) != null) {
          n++;
          if (line.isBlank()) {
            continue;
          }
          String id = f.getPath().getName() + ":" + n;
          try {
            Alert a = Alert.fromJson(line);
            requirePath("its output", a.output());
            alerts.add(new LoadedAlert(id, a));
          } catch (IOException | RuntimeException e) {
            String what = "malformed alert at " + f.getPath() + " line " + n + ": "
                + e.getMessage();
            if (policy.equals("fail")) {
              throw new MalformedAlertException(what + " (set "
                  + ProvenanceKeys.RECOMPUTE_MALFORMED_ALERTS + "=skip to skip such lines)");
            }
            skipped.add(what);
          }
        }
      }
    }
    return new AlertLog(alerts, skipped, validatedOutputs(conf, fs, dir));
  }

  /**
   * The outputs the validation covered (its report.json), clean ones included: a clean stage
   * downstream of a recomputed one must be recomputed too.
   */
  private static List<String> validatedOutputs(Configuration conf, FileSystem fs, Path dir)
      throws IOException {
    Path report = new Path(dir, "report.json");
    List<String> outputs = new ArrayList<>();
    if (fs.exists(report)) {
      byte[] json = UntrustedFiles.readAll(fs, report,
          UntrustedFiles.maxMetadataBytes(conf), ProvenanceKeys.READ_MAX_METADATA_BYTES);
      try {
        StoreJson.readTree(json).path("outputs").forEach(n -> outputs.add(n.asText()));
        for (String o : outputs) {
          requirePath("an output it covered", o);
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new MalformedAlertException("Malformed validation report " + report + ": "
            + e.getOriginalMessage());
      } catch (IOException e) {
        throw new MalformedAlertException("Malformed validation report " + report + ": "
            + e.getMessage());
      }
    }
    return outputs;
  }

  /**
   * Refuses a value that is to name an output but is no absolute Hadoop path: "" or "a:b"
   * failed the command with an IllegalArgumentException naming no file, and "-1" was taken
   * relative to the working directory.
   */
  private static void requirePath(String what, String value) throws IOException {
    if (value == null) {
      return;
    }
    String why;
    try {
      why = new Path(value).isAbsolute() ? null : "it is relative";
    } catch (IllegalArgumentException e) {
      why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
    }
    if (why != null) {
      throw new IOException(what + " '" + value + "' is not an absolute path (" + why + ")");
    }
  }

  /** The outputs the validation covered, from its report (empty when there is none). */
  public List<String> validatedOutputs() {
    return validated;
  }

  public List<LoadedAlert> alerts() {
    return alerts;
  }

  /** Descriptions of the lines skipped as malformed. */
  public List<String> skipped() {
    return skipped;
  }

  /** A line of the alert log that is not an alert. */
  public static final class MalformedAlertException extends BadConfigurationException {
    private static final long serialVersionUID = 1L;

    MalformedAlertException(String message) {
      super(message);
    }
  }
}
