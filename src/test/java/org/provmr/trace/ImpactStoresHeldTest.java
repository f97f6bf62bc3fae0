package org.provmr.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.store.LineageStore;
import org.provmr.store.StoredJob;

/**
 * {@code provmr impact --roots} reads the store of every output below the roots. It kept all
 * of them until the end, so its heap was the sum of the stores (each up to three files at
 * provenance.read.max.metadata.bytes), whatever the operator's roots or a job owner's crafted
 * outputs held. It now holds one at a time: the test reads the stores through the analysis'
 * store seam and counts, before each read, how many stores read earlier are still reachable.
 */
class ImpactStoresHeldTest {
  private static final int OUTPUTS = 20;

  @TempDir
  Path tmp;
  private final Configuration conf = new Configuration();

  @Test
  void impactHoldsOneLineageStoreAtATimeAndStillOrdersTheChain() throws Exception {
    String src = Files.writeString(tmp.resolve("src.txt"), "a\nb\n").toUri().toString();
    List<org.apache.hadoop.fs.Path> chain = new ArrayList<>();
    for (int i = 0; i < OUTPUTS; i++) {
      chain.add(new org.apache.hadoop.fs.Path(tmp.resolve("o" + i).toUri()));
      store(chain.get(i), i == 0 ? src : chain.get(i - 1) + "/part-r-00000",
          i == 0 ? null : chain.get(i - 1));
    }
    List<WeakReference<StoredJob>> read = new ArrayList<>();
    int[] most = {0};
    ImpactAnalysis.Stores counting = o -> {
      System.gc(); // clears the weak references of every store no longer reachable
      most[0] = Math.max(most[0], (int) read.stream().filter(r -> r.get() != null).count());
      StoredJob s = LineageStore.read(conf, o);
      read.add(new WeakReference<>(s));
      return s;
    };
    ImpactReport r = new ImpactAnalysis(conf, 20, counting)
        .run(new org.apache.hadoop.fs.Path(src), 0, 4, chain);
    assertEquals(OUTPUTS, r.outputs().size(), r::toString);
    for (int i = 0; i < OUTPUTS; i++) {
      assertEquals(i + 1, r.outputs().get(i).stage(), r::toString);
      assertEquals(chain.get(i).toString(), r.outputs().get(i).output());
    }
    // at most the one just looked at, and one a stack slot may keep until it is reused
    assertTrue(most[0] <= 2, most[0] + " stores held at once, of " + read.size() + " read");
  }

  private void store(org.apache.hadoop.fs.Path out, String file,
      org.apache.hadoop.fs.Path upstream) throws Exception {
    OneSplitStores.store(conf, out, file, upstream);
  }
}
