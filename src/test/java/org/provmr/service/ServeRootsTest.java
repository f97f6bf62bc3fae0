package org.provmr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.provmr.conf.BadConfigurationException;

/** Which paths a request may name: only below a root, same scheme and authority, no dots. */
class ServeRootsTest {
  private final Configuration conf = new Configuration(false);

  @Test
  void aPathBelowAnHdfsRootIsAcceptedAndEverythingElseRefused() throws Exception {
    conf.set("fs.defaultFS", "file:///");
    ServeRoots roots = new ServeRoots(conf, List.of("hdfs://nn:8020/data"));
    assertEquals("hdfs://nn:8020/data/wc", roots.accept("hdfs://nn:8020/data/wc/").toString());
    assertNull(roots.accept("file:/data/wc"), "a file: path on a cluster");
    assertNull(roots.accept("hdfs://other:8020/data/wc"), "another namenode");
    assertNull(roots.accept("/data/wc"), "schemeless: would resolve against defaults");
    assertNull(roots.accept("hdfs://nn:8020/data"), "the root itself is not an output");
    assertNull(roots.accept("hdfs://nn:8020/data2/wc"), "a sibling sharing the prefix");
    assertNull(roots.accept("hdfs://nn:8020/data/../etc"), "dot-dot");
    assertNull(roots.accept("hdfs://nn:8020/data/./wc"), "dot");
    assertNull(roots.accept("hdfs://nn:8020/data/wc?x=1"), "a query");
    assertNull(roots.accept("hdfs://nn:8020/data/w c"), "not a URI");
    assertNull(roots.accept(""));
    assertNull(roots.accept(null));
  }

  @Test
  void theRootItselfIsRefusedHoweverManySlashesFollowIt() throws Exception {
    ServeRoots roots = new ServeRoots(conf, List.of("hdfs://nn:8020/data"));
    assertNull(roots.accept("hdfs://nn:8020/data/"), "the root with a slash");
    assertNull(roots.accept("hdfs://nn:8020/data//"), "normalized by Path to the root");
    assertNull(roots.accept("hdfs://nn:8020/data///"));
    assertEquals("hdfs://nn:8020/data/wc", roots.accept("hdfs://nn:8020/data//wc").toString());
  }

  @Test
  void noRootIsABadConfigurationNamingTheOptionAndTheKey() {
    BadConfigurationException e = assertThrows(BadConfigurationException.class,
        () -> new ServeRoots(conf, List.of(" ")));
    assertEquals(true, e.getMessage().contains("--watch")
        && e.getMessage().contains("provenance.serve.watch.roots"), e.getMessage());
  }
}
