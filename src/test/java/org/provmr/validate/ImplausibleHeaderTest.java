package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.testing.StoreEdits;

/**
 * A record whose compact header decodes but names a source its part's entry does not list is
 * reported header_implausible by a deep check (the lookup is a binary search in the part's
 * sources, made once a part, where SourceIds.contains decoded the set once a record).
 */
class ImplausibleHeaderTest {
  @TempDir
  Path dir;
  Configuration conf;
  Path grep;

  @BeforeEach
  void aGrep() throws Exception {
    conf = ValidationFixtures.conf(dir);
    conf.setBoolean(ProvenanceKeys.VALIDATE_DEEP, true);
    String in = dir.resolve("text").toUri().toString();
    grep = dir.resolve("grep");
    ValidationFixtures.generate(conf, in);
    ValidationFixtures.grep(conf, in, grep.toUri().toString());
  }

  @Test
  void aRecordNamingASourceItsPartDoesNotReadIsImplausible() throws Exception {
    StoreEdits.edit(grep.resolve("_provenance/parts.json"), tree -> {
      for (JsonNode p : tree) {
        ((ObjectNode) p).putArray("sources").add(1_000_000); // not what its records name
      }
    });
    List<String> messages = implausible();
    assertFalse(messages.isEmpty(), "no header_implausible");
    assertTrue(messages.get(0).contains("which this part does not read"), messages.get(0));
  }

  private List<String> implausible() throws Exception {
    DirectValidation.Result r = DirectValidation.run(conf, List.of(
        new org.apache.hadoop.fs.Path(grep.toUri())), u -> u.kind() == WorkUnit.Kind.PART);
    return r.alerts().stream().filter(a -> "header_implausible".equals(a.reason())
        && a.record() != null).map(Alert::message).toList(); // not the count past the cap
  }
}
