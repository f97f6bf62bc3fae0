package org.provmr.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one glob of ProvMR's settings, in the two ways its settings use it. */
class GlobTest {

  private static boolean anywhere(String glob, String s) {
    return Glob.anywhere("k", glob, false).matches(s);
  }

  private static boolean path(String glob, String s) {
    return Glob.path("k", glob).matches(s);
  }

  @Test
  void configurationKeyExcludesIgnoreCaseAndCrossDots() {
    Glob password = Glob.anywhere(ProvenanceKeys.STORE_CONFIG_EXCLUDE, "*password*", true);
    assertTrue(password.matches("fs.s3a.bucket.x.PASSWORD"));
    assertTrue(password.matches("ssl.client.keystore.Password.file"));
    assertFalse(password.matches("fs.s3a.access.key.id"));
    Glob security = Glob.anywhere(ProvenanceKeys.STORE_CONFIG_EXCLUDE, "hadoop.security.*", true);
    assertTrue(security.matches("hadoop.security.credential.provider.path"));
    assertFalse(security.matches("hadoopXsecurity.auth"), "a dot in the glob is literal");
  }

  @Test
  void classAllowListMatchesPackagesAndNestedClasses() {
    assertTrue(anywhere("org.provmr.*", "org.provmr.examples.WordCount$TokenMapper"));
    assertTrue(anywhere("com.example.etl.*", "com.example.etl.sub.Mapper"));
    assertFalse(anywhere("org.provmr.*", "org.provmrx.Evil"));
    assertFalse(anywhere("org.provmr.*", "ORG.PROVMR.X"), "class names are case-sensitive");
    assertTrue(anywhere("org.example.Outer$Inner", "org.example.Outer$Inner"));
    assertFalse(anywhere("java.lang.*", "java.lang"), "* needs the dot before it to match");
  }

  @Test
  void policyUriPatternsLetStarCrossSlashes() {
    assertTrue(anywhere("*/billing/*", "hdfs://nn/data/billing/daily"));
    assertTrue(anywhere("hdfs://*/hot/*", "hdfs://nn/hot/x/y"));
    assertFalse(anywhere("hdfs://*/hot/*", "file:/hot/x"));
    assertTrue(anywhere("*", "file:/anything/at/all"));
    assertTrue(anywhere("file:/in/f?", "file:/in/f1"));
    assertFalse(anywhere("file:/in/f?", "file:/in/f12"));
  }

  @Test
  void hadoopSyntaxAddsAlternativesClassesAndEscapes() {
    assertTrue(anywhere("*.{csv,tsv}", "a.tsv"));
    assertFalse(anywhere("*.{csv,tsv}", "a.json"));
    assertTrue(anywhere("part-[0-9]*", "part-00001"));
    assertFalse(anywhere("part-[!0-9]*", "part-00001"));
    assertTrue(anywhere("a\\*b", "a*b"));
    assertFalse(anywhere("a\\*b", "axxb"));
  }

  @ParameterizedTest
  @CsvSource({
      "/data/clicks/*.log, /data/clicks/a.log, true",
      "/data/clicks/*.log, /data/clicks/2026/a.log, false", // * stays in its segment
      "/data/**, /data/x, true",
      "/data/**, /data/x/y/z.csv, true",
      "/data/**, /data, false", // ** is one segment or more, as before
      "/**/STALE.txt, /a/b/STALE.txt, true",
      "/**/STALE.txt, /STALE.txt, false",
      "/data/**/x.log, /data/a/b/x.log, true",
      "/data/**/x.log, /data/a/b/y.log, false",
      "/data/?, /data/a, true",
      "/data/?, /data/ab, false",
      "hdfs://nn/ref/*.csv, hdfs://nn/ref/countries.csv, true",
      "hdfs://nn/ref/*.csv, hdfs://nn/ref/old/countries.csv, false",
      "hdfs://*/ref/**, hdfs://other/ref/a/b, true",
      "/data.v1/*, /dataXv1/a, false"})
  void pathGlobsWorkSegmentBySegment(String glob, String path, boolean matches) {
    assertEquals(matches, path(glob, path), glob + " vs " + path);
  }

  @Test
  void doubleStarInsideASegmentIsRefusedWithTheFix() {
    BadConfigurationException e = assertThrows(BadConfigurationException.class,
        () -> Glob.path("provenance.validate.staleness.window./data/a**",
            "/data/a**"));
    assertTrue(e.getMessage().contains("'/data/a**'"), e.getMessage());
    assertTrue(e.getMessage().contains("/data/**/x.log"), e.getMessage());
  }

  @Test
  void malformedGlobNamesTheKeyAndTheGlob() {
    for (String bad : new String[] {"*.{csv,tsv", "part-[0-9"}) {
      BadConfigurationException e = assertThrows(BadConfigurationException.class,
          () -> Glob.anywhere("provenance.recompute.allowed.classes", bad, false));
      assertTrue(e.getMessage().contains("'" + bad + "' for provenance.recompute.allowed"
          + ".classes"), e.getMessage());
      BadConfigurationException p = assertThrows(BadConfigurationException.class,
          () -> Glob.path("k", "/data/" + bad));
      assertTrue(p.getMessage().contains("'/data/" + bad + "' for k"), p.getMessage());
    }
  }

  @Test
  void toStringIsTheGlobAsWritten() {
    assertEquals("Org.Provmr.*", Glob.anywhere("k", "Org.Provmr.*", true).toString());
  }
}
