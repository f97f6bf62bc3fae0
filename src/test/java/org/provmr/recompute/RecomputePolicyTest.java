package org.provmr.recompute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.provmr.conf.BadConfigurationException;

class RecomputePolicyTest {
  @TempDir
  Path tmp;

  private RecomputePolicy load(String properties) throws Exception {
    Path f = tmp.resolve("policy.xml");
    Files.writeString(f, "<?xml version=\"1.0\"?><configuration>" + properties
        + "</configuration>");
    return RecomputePolicy.load(new Configuration(), new org.apache.hadoop.fs.Path(f.toUri()));
  }

  private static String p(String k, String v) {
    return "<property><name>" + k + "</name><value>" + v + "</value></property>";
  }

  @Test
  void theExamplePolicyFileLoads() throws Exception {
    RecomputePolicy policy = RecomputePolicy.load(new Configuration(),
        new org.apache.hadoop.fs.Path("examples/policy/recompute-policy.xml"));
    assertTrue(policy.rules().size() >= 2);
  }

  @Test
  void rulesAndBudgetAreRead() throws Exception {
    RecomputePolicy policy = load(p("provenance.policy.rules", "hot,default")
        + p("provenance.policy.rule.hot.output", "hdfs://*/hot/*")
        + p("provenance.policy.rule.hot.criticality", "high")
        + p("provenance.policy.rule.default.error.rate", "0.01")
        + p("provenance.policy.budget.max.jobs", "3")
        + p("provenance.policy.budget.max.bytes", "2g"));
    assertEquals(RecomputePolicy.Criticality.HIGH,
        policy.ruleFor("hdfs://nn/hot/x", null, "map").criticality());
    assertEquals("default", policy.ruleFor("hdfs://nn/cold/x", null, "map").name());
    assertEquals(0.01, policy.ruleFor("file:/x", null, "reduce").errorRate());
    assertEquals(3, policy.maxJobs());
    assertEquals(2L << 30, policy.maxBytes());
  }

  @Test
  void unknownKeyIsAnErrorNamingIt() {
    BadConfigurationException e = assertThrows(BadConfigurationException.class,
        () -> load(p("provenance.policy.rule.default.enable", "false")));
    assertTrue(e.getMessage().contains("provenance.policy.rule.default.enable"), e.getMessage());
  }

  @Test
  void keyOfAnUnlistedRuleIsAnError() {
    BadConfigurationException e = assertThrows(BadConfigurationException.class,
        () -> load(p("provenance.policy.rule.hot.enabled", "false")));
    assertTrue(e.getMessage().contains("'hot'"), e.getMessage());
  }

  @Test
  void badValuesAreErrorsEchoingTheValue() {
    for (String[] kv : new String[][] {
        {"provenance.policy.rule.default.enabled", "yes"},
        {"provenance.policy.rule.default.error.rate", "5%"},
        {"provenance.policy.rule.default.criticality", "urgent"},
        {"provenance.policy.rule.default.stale", "ignore"},
        {"provenance.policy.budget.max.jobs", "0"},
        {"provenance.policy.budget.max.bytes", "lots"}}) {
      BadConfigurationException e = assertThrows(BadConfigurationException.class,
          () -> load(p(kv[0], kv[1])), kv[0]);
      assertTrue(e.getMessage().contains("'" + kv[1] + "'") && e.getMessage().contains(kv[0]),
          e.getMessage());
    }
  }

  @ParameterizedTest
  @CsvSource({"1048576, 1048576", "500m, 524288000", "10G, 10737418240", "1t, 1099511627776",
      "' 2g ', 2147483648"})
  void budgetBytesTakeHadoopSizes(String value, long bytes) throws Exception {
    assertEquals(bytes, load(p("provenance.policy.budget.max.bytes", value)).maxBytes());
  }

  @Test
  void budgetBytesDefaultToOneTebibyte() throws Exception {
    assertEquals(1L << 40, load("").maxBytes());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-5g", "1.5g", "10gb", "256MiB", "9999999e", "lots"})
  void badBudgetBytesAreErrorsEchoingTheValue(String value) {
    BadConfigurationException e = assertThrows(BadConfigurationException.class,
        () -> load(p("provenance.policy.budget.max.bytes", value)));
    assertTrue(e.getMessage().contains("'" + value + "'")
        && e.getMessage().contains("provenance.policy.budget.max.bytes")
        && e.getMessage().contains("500m, 10g or 1t"), e.getMessage());
  }

  @Test
  void malformedXmlIsAnErrorNamingTheFile() throws Exception {
    Path f = tmp.resolve("broken.xml");
    Files.writeString(f, "<configuration><property>");
    BadConfigurationException e = assertThrows(BadConfigurationException.class,
        () -> RecomputePolicy.load(new Configuration(),
            new org.apache.hadoop.fs.Path(f.toUri())));
    assertTrue(e.getMessage().contains("broken.xml"), e.getMessage());
  }
}
