package org.provmr.recompute;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.conf.Glob;

/**
 * The operator's recompute settings, every one checked when the run starts: a bad value stops
 * the run before anything is read, planned, run or deleted (exit 2), never after a commit.
 *
 * @param backupRetention how many runs' backups are kept per output, at least 1
 * @param allowedClasses which classes a lineage store may name
 * @param replayKeys which recorded configuration keys a sub-job takes from the store
 */
record RecomputeSettings(int backupRetention, ClassAllowList allowedClasses,
    List<Glob> replayKeys) {

  RecomputeSettings {
    replayKeys = List.copyOf(replayKeys);
  }

  /** Reads and checks every recompute key of the operator's configuration. */
  static RecomputeSettings of(Configuration conf) {
    String retention = conf.getTrimmed(ProvenanceKeys.RECOMPUTE_BACKUP_RETENTION,
        String.valueOf(ProvenanceKeys.RECOMPUTE_BACKUP_RETENTION_DEFAULT));
    int keep;
    try {
      keep = Integer.parseInt(retention);
    } catch (NumberFormatException e) {
      keep = 0;
    }
    if (keep < 1) {
      throw new BadConfigurationException(ProvenanceKeys.RECOMPUTE_BACKUP_RETENTION, retention,
          "give a whole number of runs, at least 1 (the backup of the run that just committed"
              + " is always kept); nothing was recomputed");
    }
    String malformed = conf.getTrimmed(ProvenanceKeys.RECOMPUTE_MALFORMED_ALERTS,
        ProvenanceKeys.RECOMPUTE_MALFORMED_ALERTS_DEFAULT);
    if (!malformed.equals("fail") && !malformed.equals("skip")) {
      throw new BadConfigurationException(ProvenanceKeys.RECOMPUTE_MALFORMED_ALERTS, malformed,
          "use fail or skip");
    }
    List<Glob> keys = new ArrayList<>();
    for (String glob : conf.getTrimmedStrings(ProvenanceKeys.RECOMPUTE_REPLAY_KEYS,
        ProvenanceKeys.RECOMPUTE_REPLAY_KEYS_DEFAULT.split(","))) {
      keys.add(Glob.anywhere(ProvenanceKeys.RECOMPUTE_REPLAY_KEYS, glob, false));
    }
    if (keys.isEmpty()) {
      throw new BadConfigurationException(ProvenanceKeys.RECOMPUTE_REPLAY_KEYS,
          conf.get(ProvenanceKeys.RECOMPUTE_REPLAY_KEYS),
          "a sub-job needs at least its classes; start from the default in"
              + " conf/provmr-default.xml");
    }
    org.provmr.validate.SourceRoots.checkSyntax(conf);
    return new RecomputeSettings(keep, new ClassAllowList(conf), keys);
  }

  /** Whether a sub-job takes {@code key} from the recorded configuration. */
  boolean replays(String key) {
    for (Glob g : replayKeys) {
      if (g.matches(key)) {
        return true;
      }
    }
    return false;
  }
}
