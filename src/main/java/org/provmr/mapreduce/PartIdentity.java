package org.provmr.mapreduce;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.SequenceFile;
import org.provmr.io.BoundedSequenceFileReader;
import org.apache.hadoop.io.Text;

/**
 * Who wrote a provenance part file, from its SequenceFile metadata: the part identity (a
 * random nonce the lineage store records too), the job and the task attempt.
 *
 * @param identity the nonce, or null for files written before identities existed
 * @param job the job id that wrote the file
 * @param task the task attempt that wrote the file
 */
public record PartIdentity(String identity, String job, String task) {

  /** The identity in a SequenceFile's metadata (any field may be null). */
  public static PartIdentity of(SequenceFile.Metadata meta) {
    return new PartIdentity(get(meta, SequenceFileSettings.META_PART_IDENTITY),
        get(meta, SequenceFileSettings.META_JOB), get(meta, SequenceFileSettings.META_TASK));
  }

  /**
   * Reads only the SequenceFile header of {@code file}, through the bounded reader: the file is
   * untrusted (its header names classes and declares lengths).
   *
   * @throws IOException if it is not a readable SequenceFile
   */
  public static PartIdentity read(Configuration conf, Path file) throws IOException {
    try (BoundedSequenceFileReader r = new BoundedSequenceFileReader(conf, file)) {
      return of(r.header().metadata());
    }
  }

  private static String get(SequenceFile.Metadata meta, String key) {
    Text v = meta.get(new Text(key));
    return v == null ? null : v.toString();
  }

  /** "task T of job J (part identity N)", for messages. */
  public String describe() {
    return "task " + task + " of job " + job + " (part identity " + identity + ")";
  }
}
