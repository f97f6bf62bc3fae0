package org.provmr.mapreduce;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.JobContext;
import org.provmr.history.FamilyRule;
import org.provmr.history.Observation;
import org.provmr.history.SourceHistory;
import org.provmr.store.LineageStore;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a capture job read, as observations in the history store
 * ({@code provenance.history.dir}, docs/prediction.md): one per source file of the committed
 * manifest (path, length, modification time, fingerprint), written by the committer after the
 * lineage store. So a family's updates are known from the jobs that read them, also when the
 * files are later deleted by retention or rewritten in place before any validation looked.
 *
 * <p>Never fails the job: the output and its store are already committed, and a history that
 * cannot be written (no permission, a full quota) only makes the cadence learn from less. The
 * failure is a WARN in the application master's log. There is no counter for it: job
 * counters are final once the tasks are done, and commitJob runs after that (a counter set
 * here would be lost on YARN, so it would lie).
 */
final class CaptureHistory {
  private static final Logger LOG = LoggerFactory.getLogger(CaptureHistory.class);

  private CaptureHistory() {
  }

  /** Records the sources of the store just committed in {@code output}; never throws. */
  static void record(JobContext context, Path output) {
    Configuration conf = context.getConfiguration();
    SourceHistory history;
    try {
      history = SourceHistory.of(conf);
      if (!history.enabled()) {
        return;
      }
    } catch (RuntimeException e) {
      LOG.warn("Job {}: sources not recorded in the history store: {}", context.getJobID(),
          e.toString());
      return;
    }
    try {
      StoredJob store = LineageStore.read(conf, output);
      List<Observation> observed = observations(FamilyRule.of(conf), store.sources(),
          System.currentTimeMillis());
      history.record(observed);
      LOG.info("Job {}: {} source file(s) recorded in the history store {}",
          context.getJobID(), observed.size(), history.dir());
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn("Job {} committed {}, but its sources were not recorded in the history store"
          + " {} ({}): cadences learn from the files' listing only. Check that the job's user"
          + " may write there.", context.getJobID(), output, history.dir(), e.toString());
    }
  }

  /**
   * One observation per file of the manifest (splits of one file merged). The fingerprint is
   * the split's checksum when one split covered the whole file, otherwise a SHA-256 of the
   * splits' checksums in file order (prefixed {@code <algorithm>/<splits>:}), so equal
   * fingerprints mean equal bytes read the same way; null when a split was not fingerprinted.
   */
  static List<Observation> observations(FamilyRule rule, List<SourceEntry> sources, long now) {
    Map<String, List<SourceEntry>> byFile = new LinkedHashMap<>();
    for (SourceEntry s : sources) {
      if (s.fileLength() >= 0) { // not a file (a split of another kind): nothing to observe
        byFile.computeIfAbsent(s.uri(), k -> new ArrayList<>()).add(s);
      }
    }
    List<Observation> out = new ArrayList<>();
    for (Map.Entry<String, List<SourceEntry>> e : byFile.entrySet()) {
      List<SourceEntry> splits = new ArrayList<>(e.getValue());
      splits.sort(Comparator.comparingLong(SourceEntry::start));
      SourceEntry first = splits.get(0);
      out.add(new Observation(rule.familyOf(e.getKey()), e.getKey(), first.fileLength(),
          first.modificationTime(), fingerprint(splits), now, Observation.Kind.CAPTURE));
    }
    return out;
  }

  private static String fingerprint(List<SourceEntry> splits) {
    for (SourceEntry s : splits) {
      if (s.fingerprint() == null || s.fingerprint().isEmpty()) {
        return null;
      }
    }
    SourceEntry first = splits.get(0);
    if (splits.size() == 1) {
      return first.fingerprintAlgorithm() + ":" + first.fingerprint();
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (SourceEntry s : splits) {
        sha.update((s.start() + "+" + s.length() + "=" + s.fingerprint() + "\n")
            .getBytes(StandardCharsets.UTF_8));
      }
      return first.fingerprintAlgorithm() + "/" + splits.size() + ":"
          + HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
