package org.provmr.validate;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.provmr.mapreduce.PartIdentity;
import org.provmr.store.PartEntry;

/**
 * Says what a file found in a part's place is, when its part identity (SequenceFile metadata)
 * is not the one the lineage store records: another output's part, another part of the same
 * output, or an older copy of this one.
 */
final class PartReplacement {
  private PartReplacement() {
  }

  /** The message of a {@code part_replaced} alert. */
  static String describe(Path file, String jobId, PartEntry part, PartIdentity found) {
    return "Part " + file + " is not the part the lineage store records: it was written by "
        + found.describe() + ", the store records part identity " + part.identity()
        + " written by task " + part.task() + "; it is " + whose(jobId, part, found);
  }

  private static String whose(String jobId, PartEntry part, PartIdentity found) {
    if (found.identity() == null) {
      return "a file written before part identities existed, or not by ProvMR";
    }
    if (!jobId.equals(found.job())) {
      return "another output's part, or an earlier version of this one from a recompute run";
    }
    String name = partNameOf(found.task());
    if (name != null && !name.equals(part.name())) {
      return "another part of this output (" + name + ")";
    }
    return "an older copy of this part from the job that wrote the output (the store's copy"
        + " was written later, by task " + part.task() + ")";
  }

  /** "part-r-00003" for a reduce task attempt id, or null. */
  private static String partNameOf(String attempt) {
    if (attempt == null) {
      return null;
    }
    try {
      TaskAttemptID id = TaskAttemptID.forName(attempt);
      return String.format("part-%s-%05d", id.getTaskType() == TaskType.MAP ? "m" : "r",
          id.getTaskID().getId());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
