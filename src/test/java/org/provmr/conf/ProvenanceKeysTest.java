package org.provmr.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * conf/provmr-default.xml documents exactly the keys of ProvenanceKeys, with the same defaults,
 * so that operators and code cannot drift apart.
 */
class ProvenanceKeysTest {

  private static Configuration defaultsFile() {
    Configuration c = new Configuration(false);
    c.addResource("provmr-default.xml"); // conf/ is a resource directory of the build
    return c;
  }

  @Test
  void everyKeyHasAConstantAndEveryConstantIsDocumentedWithItsDefault() throws Exception {
    Configuration file = defaultsFile();
    // Iterating a Configuration skips empty values; read the names from the file itself.
    Set<String> documented = new HashSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("<name>\\s*([^<]+?)\\s*</name>")
        .matcher(java.nio.file.Files.readString(java.nio.file.Path.of("conf/provmr-default.xml")));
    while (m.find()) {
      documented.add(m.group(1));
    }
    assertFalse(documented.isEmpty(), "provmr-default.xml must be on the class path");
    Set<String> inCode = new HashSet<>();
    for (Field f : ProvenanceKeys.class.getFields()) {
      if (!Modifier.isStatic(f.getModifiers()) || f.getName().endsWith("_DEFAULT")
          || f.getType() != String.class) {
        continue;
      }
      String key = (String) f.get(null);
      assertTrue(key.startsWith("provenance."), key + " must be under provenance.");
      inCode.add(key);
      Field def = defaultField(f.getName());
      if (def == null) {
        // Internal keys (set by ProvMR itself, not by operators) carry no default.
        assertFalse(documented.contains(key), key + " is internal but documented");
        continue;
      }
      assertTrue(documented.contains(key), key + " is missing from conf/provmr-default.xml");
      assertEquals(String.valueOf(def.get(null)), file.get(key, ""),
          "default of " + key + " differs between ProvenanceKeys and provmr-default.xml");
    }
    for (String key : documented) {
      assertTrue(inCode.contains(key), key + " is documented but has no constant");
    }
  }

  private static Field defaultField(String name) {
    try {
      Field f = ProvenanceKeys.class.getField(name + "_DEFAULT");
      assertNotNull(f.get(null));
      return f;
    } catch (NoSuchFieldException | IllegalAccessException e) {
      return null;
    }
  }
}
