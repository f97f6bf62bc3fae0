package org.provmr.recompute;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.KeyedMode;
import org.provmr.store.MacKey;
import org.provmr.store.StoreReader;
import org.provmr.store.StoreSeal;
import org.provmr.store.StoredJob;

/**
 * Whether a recompute may rewrite an output under keyed mode's rules: a sealed store is only
 * rewritten with a key (or its seal would break), and with keyed mode on, a store is replayed
 * only if its seal verifies: a recompute runs what the store records, so an edited store must
 * not be able to choose it.
 */
final class StoreTrust {
  private StoreTrust() {
  }

  /**
   * Why an output must not be recomputed.
   *
   * @param misconfigured the operator's configuration is what is missing (a failure), rather
   *     than the store being untrustworthy (a finding: the output is left alone)
   * @param reason what is wrong and what to do
   */
  record Verdict(boolean misconfigured, String reason) {
  }

  /** A store as the planner reads it, and why it must not be recomputed (null: it may). */
  record Read(StoredJob store, Verdict verdict) {
  }

  /**
   * Reads {@code output}'s store for planning ({@link StoreReader#forPlanning}: streamed,
   * slimmed) and judges it in the same pass: a seal is checked over the very bytes parsed, as
   * they stream past, so neither entry file is held and what is trusted is what was read.
   */
  static Read read(Configuration conf, Path output) throws IOException {
    StoreReader reader = StoreReader.open(conf, output);
    StoreSeal seal = reader.seal();
    if (!KeyedMode.isOn(conf)) {
      return new Read(reader.forPlanning(), seal == null ? null : new Verdict(true, "its"
          + " lineage store is sealed (keyed mode, key " + seal.keyId() + ") and "
          + ProvenanceKeys.KEYED_KEY_ALIAS + " is not set, so the rewritten store could not be"
          + " sealed again; set it to the key's alias"));
    }
    if (seal == null) {
      return new Read(reader.forPlanning(),
          refused("keyed mode is on and its lineage store has no seal"));
    }
    Map<String, MacKey> keys = KeyedMode.verifyingKeys(conf);
    MacKey key = seal.keyId() == null ? null : keys.get(seal.keyId());
    if (key == null) {
      return new Read(reader.forPlanning(), refused("its lineage store is sealed with key "
          + seal.keyId() + ", which is not among the configured keys ("
          + ProvenanceKeys.KEYED_KEY_ALIAS + ", " + ProvenanceKeys.KEYED_VERIFY_ALIASES + ")"));
    }
    StoreSeal.Verifier verifier = seal.verifier(key);
    StoredJob store = reader.forPlanning(verifier);
    return new Read(store, verifier.verified() ? null : refused("its lineage store does not"
        + " match its seal (key " + key.id() + "): it was edited after it was written"));
  }

  private static Verdict refused(String problem) {
    return new Verdict(false, "refused: " + problem + "; a recompute replays what the store"
        + " records, so an unauthenticated store is not replayed");
  }

  /**
   * The plan without the stages of untrusted outputs, and a deferral for each untrusted output
   * that had findings or a stage.
   */
  static RecomputePlan withhold(RecomputePlan plan, Map<String, String> untrusted,
      Set<String> alerted) {
    List<RecomputePlan.StagePlan> stages = new ArrayList<>();
    List<RecomputePlan.Deferred> deferred = new ArrayList<>(plan.deferred());
    Set<String> named = new TreeSet<>(alerted);
    for (RecomputePlan.StagePlan s : plan.stages()) {
      if (untrusted.containsKey(s.output())) {
        named.add(s.output());
      } else {
        stages.add(s);
      }
    }
    for (String output : named) {
      if (untrusted.containsKey(output)) {
        deferred.add(new RecomputePlan.Deferred(output, "all findings", untrusted.get(output)));
      }
    }
    return new RecomputePlan(stages, deferred);
  }
}
