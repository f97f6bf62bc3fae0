package org.provmr.recompute;

import java.io.IOException;
import java.util.Collection;
import org.apache.hadoop.conf.Configuration;
import org.provmr.store.StoredJob;

/**
 * The one door through which code outside recompute (such as {@code provmr trace}'s replay of a
 * recorded map step) runs classes a lineage store names: the same allow-list
 * (provenance.recompute.allowed.classes), the same replayed keys
 * (provenance.recompute.replay.keys) and the same source fence as a recompute sub-job, so a
 * store that recompute would refuse is refused here too, before anything is loaded or read.
 */
public final class ReplayConfiguration {
  private ReplayConfiguration() {
  }

  /**
   * The configuration a replay of {@code store}'s job starts from: the operator's plus the
   * replayed recorded keys, every class checked against the allow-list and present on the
   * class path.
   *
   * @throws RefusedClassException if the store names a class the operator does not allow
   * @throws RefusedSourceException if it names a file to read outside the sources' fence
   * @throws org.provmr.conf.BadConfigurationException if the operator's recompute keys are bad
   * @throws IOException if a class the replay needs is not on the class path
   */
  public static Configuration of(Configuration operator, StoredJob store, String name)
      throws RefusedClassException, RefusedSourceException, IOException {
    RecomputeSettings settings = RecomputeSettings.of(operator);
    Configuration conf = SubJobs.configuration(operator, settings, store, name);
    SubJobs.requireClasses(conf, settings, store);
    return conf;
  }

  /**
   * Every URI must lie under the output's source roots (provenance.validate.source.roots
   * narrowed to its recorded inputs) with no symbolic link below its root.
   *
   * @throws RefusedSourceException naming the URI and why, before anything is read
   */
  public static void checkSources(Configuration operator, StoredJob store,
      Collection<String> uris, String what) throws IOException, RefusedSourceException {
    SourceFence.check(operator, store, uris, what);
  }
}
