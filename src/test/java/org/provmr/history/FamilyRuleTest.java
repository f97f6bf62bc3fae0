package org.provmr.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.provmr.conf.ProvenanceKeys;

class FamilyRuleTest {
  @Test
  void digitRunsBecomeWildcardsSoDatedDirectoriesAndPartsAreOneFamily() {
    FamilyRule r = FamilyRule.of(new Configuration(false));
    assertEquals("hdfs://nn:8020/logs/*-*-*/part-*",
        r.familyOf("hdfs://nn:8020/logs/2026-11-30/part-00000"));
    assertEquals(r.familyOf("hdfs://nn:8020/logs/2026-11-30/part-00000"),
        r.familyOf("hdfs://nn:8020/logs/2026-12-01/part-00017"));
    assertEquals("file:/in/events-*.log", r.familyOf("file:/in/events-2026113014.log"));
    assertEquals("file:/in/ref.csv", r.familyOf("file:/in/ref.csv"));
  }

  @Test
  void onlyDirectoriesThatNameATimeBecomeWildcards() {
    FamilyRule r = FamilyRule.of(new Configuration(false));
    assertEquals("file:/data/v2/run-17/events/*/*/*/part-*",
        r.familyOf("file:/data/v2/run-17/events/2026/11/30/part-00003"));
    assertEquals("file:/warehouse/t/dt=*-*-*/hour=*/f-*.orc",
        r.familyOf("file:/warehouse/t/dt=2026-11-30/hour=07/f-0.orc"));
  }

  @Test
  void globCharactersInRealNamesStayLiteral() {
    assertEquals("file:/in/a\\[x\\]-*.txt",
        FamilyRule.of(new Configuration(false)).familyOf("file:/in/a[x]-7.txt"));
  }

  @Test
  void configuredPatternsWinInTheOrderListed() {
    Configuration c = new Configuration(false);
    c.set(ProvenanceKeys.HISTORY_FAMILIES, "/in/*.csv,/in/**");
    FamilyRule r = FamilyRule.of(c);
    assertEquals("file:/in/*.csv", r.familyOf("file:/in/alpha.csv"));
    assertEquals("file:/in/**", r.familyOf("file:/in/sub/beta.txt"));
    assertEquals("file:/other/x-*", r.familyOf("file:/other/x-1"));
  }
}
