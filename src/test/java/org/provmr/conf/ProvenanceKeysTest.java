package org.provmr.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.mapreduce.HeaderMode;
import org.provmr.mapreduce.ProvenanceJob;

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
      // Internal keys belong to the class that sets and reads them, not here.
      assertNotNull(def, key + " has no documented default: an operator key needs one, an"
          + " internal key belongs in the class that owns it");
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

  @Test
  void aDriverThatOnlyUsesTheLibraryReadsProvmrSiteXml(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("provmr-site.xml"), "<configuration><property>"
        + "<name>provenance.header.mode</name><value>self-contained</value>"
        + "</property></configuration>");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
        getClass().getClassLoader())) {
      Configuration conf = new Configuration();
      conf.setClassLoader(loader);
      // No CLI involved: loading ProvenanceJob registers provmr-default.xml and provmr-site.xml.
      assertEquals(HeaderMode.SELF_CONTAINED, ProvenanceJob.getHeaderMode(conf));
      assertEquals("crc32c", conf.get(ProvenanceKeys.CHECKSUM_ALGORITHM));
    }
  }
}
