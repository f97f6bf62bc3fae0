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

  /**
   * Hadoop's Configuration and ProvMR's classes loaded afresh (the class path without the test
   * JVM's loaded classes), so which default resources are registered depends only on what the
   * test calls, not on the tests that ran before in this JVM.
   */
  private static URLClassLoader freshClasses(Path siteDir) throws Exception {
    String[] entries = System.getProperty("java.class.path").split(java.io.File.pathSeparator);
    URL[] urls = new URL[entries.length + 1];
    urls[0] = siteDir.toUri().toURL(); // holds provmr-site.xml
    for (int i = 0; i < entries.length; i++) {
      urls[i + 1] = Path.of(entries[i]).toUri().toURL();
    }
    return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
  }

  private static Object call(ClassLoader loader, String cls, String method, Object... args)
      throws Exception {
    for (java.lang.reflect.Method m : loader.loadClass(cls).getMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == args.length) {
        return m.invoke(null, args);
      }
    }
    throw new NoSuchMethodException(cls + "." + method);
  }

  private static Object newConfiguration(ClassLoader loader) throws Exception {
    return loader.loadClass(Configuration.class.getName()).getConstructor().newInstance();
  }

  private static String get(Object conf, String key) throws Exception {
    return (String) conf.getClass().getMethod("get", String.class).invoke(conf, key);
  }

  @Test
  void gettersTasksCallRegisterNoDefaultResourceSoTheTaskConfigurationIsNotParsedAgain(
      @TempDir Path dir) throws Exception {
    try (URLClassLoader fresh = freshClasses(dir)) {
      Object conf = newConfiguration(fresh);
      call(fresh, ProvenanceJob.class.getName(), "getHeaderMode", conf);
      call(fresh, ProvenanceJob.class.getName(), "isEnabled", conf);
      call(fresh, ProvenanceJob.class.getName(), "getChecksumAlgorithm", conf);
      call(fresh, "org.provmr.validate.ValidationJob", "isDeep", conf);
      call(fresh, "org.provmr.wrap.WrappedJob", "getJars", conf);
      // Registering would have made Hadoop reload this conf, with provmr-default.xml in it.
      assertEquals(null, get(conf, ProvenanceKeys.CHECKSUM_ALGORITHM));
      assertFalse(newConfiguration(fresh).toString().contains("provmr-default.xml"),
          newConfiguration(fresh).toString());
    }
  }

  @Test
  void aDriverThatOnlyUsesTheLibraryReadsProvmrSiteXml(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("provmr-site.xml"), "<configuration><property>"
        + "<name>provenance.header.mode</name><value>self-contained</value>"
        + "</property></configuration>");
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader fresh = freshClasses(dir)) {
      // Hadoop loads classes named in its configuration through the context class loader.
      Thread.currentThread().setContextClassLoader(fresh);
      Object conf = newConfiguration(fresh);
      Object job = call(fresh, "org.apache.hadoop.mapreduce.Job", "getInstance", conf);
      // No CLI involved: a driver's call with its Job registers provmr-default.xml and
      // provmr-site.xml, and Hadoop reloads the job's configuration with them.
      call(fresh, ProvenanceJob.class.getName(), "enable", job);
      Object jobConf = job.getClass().getMethod("getConfiguration").invoke(job);
      assertEquals("SELF_CONTAINED", String.valueOf(
          call(fresh, ProvenanceJob.class.getName(), "getHeaderMode", jobConf)));
      assertEquals("crc32c", get(jobConf, ProvenanceKeys.CHECKSUM_ALGORITHM));
      assertEquals("true", get(jobConf, "provenance.enabled"));
      String resources = newConfiguration(fresh).toString();
      assertTrue(resources.contains("provmr-default.xml") && resources.contains("provmr-site.xml"),
          resources);
    } finally {
      Thread.currentThread().setContextClassLoader(context);
    }
  }
}
