package org.provmr.recompute;

import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.KeyedMode;
import org.provmr.store.LineageStore;
import org.provmr.store.MacKey;
import org.provmr.store.StoreFiles;
import org.provmr.store.StoreSeal;

/**
 * Whether a recompute may rewrite an output under keyed mode's rules: a sealed store is only
 * rewritten with a key (or its seal would break), and with keyed mode on, a store is replayed
 * only if its seal verifies: a recompute runs what the store records, so an edited store must
 * not be able to choose it.
 */
final class StoreTrust {
  private StoreTrust() {
  }

  /** Why the output must not be recomputed, or null. */
  static String problem(Configuration conf, Path output) throws IOException {
    StoreFiles files = LineageStore.readFiles(conf, output);
    StoreSeal seal = files.parseSeal();
    if (!KeyedMode.isOn(conf)) {
      return seal == null ? null : "refused: its lineage store is sealed (keyed mode, key "
          + seal.keyId() + ") and " + ProvenanceKeys.KEYED_KEY_ALIAS + " is not set, so the"
          + " rewritten store could not be sealed again; set it to the key's alias";
    }
    if (seal == null) {
      return "refused: keyed mode is on and its lineage store has no seal, so what it records"
          + " cannot be trusted to be replayed; re-run the job under keyed mode";
    }
    Map<String, MacKey> keys = KeyedMode.verifyingKeys(conf);
    MacKey key = seal.keyId() == null ? null : keys.get(seal.keyId());
    if (key == null) {
      return "refused: its lineage store is sealed with key " + seal.keyId() + ", which is not"
          + " among the configured keys (" + ProvenanceKeys.KEYED_KEY_ALIAS + ", "
          + ProvenanceKeys.KEYED_VERIFY_ALIASES + ")";
    }
    if (!files.sealedBy(key)) {
      return "refused: its lineage store does not match its seal (key " + key.id() + "): it"
          + " was edited after it was written";
    }
    return null;
  }
}
