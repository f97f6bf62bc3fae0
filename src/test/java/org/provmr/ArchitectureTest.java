package org.provmr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.provmr.mapreduce.ProvenanceJob;

/**
 * The package rules of docs/design.md, checked on the compiled classes with the JDK's own
 * {@code jdeps} (so fully qualified references and constants count, not only imports).
 */
class ArchitectureTest {
  private static final Pattern EDGE =
      Pattern.compile("^\\s+(org\\.provmr[\\w.]*)\\s+->\\s+([\\w.$]+)\\s");
  private static final Path SOURCES = Path.of("src/main/java/org/provmr");
  private static final int LONG_CLASS_LINES = 300;

  /** package -> the packages it depends on (ProvMR's own and everything else). */
  private static final Map<String, Set<String>> DEPS = new TreeMap<>();

  @BeforeAll
  static void runJdeps() throws Exception {
    Path classes = Path.of(ProvenanceJob.class.getProtectionDomain().getCodeSource()
        .getLocation().toURI());
    ToolProvider jdeps = ToolProvider.findFirst("jdeps")
        .orElseThrow(() -> new AssertionError("jdeps is not available in this JDK"));
    StringWriter out = new StringWriter();
    int rc = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package",
        classes.toString());
    assertEquals(0, rc, out.toString());
    for (String line : out.toString().split("\n")) {
      Matcher m = EDGE.matcher(line);
      if (m.find() && !m.group(1).equals(m.group(2))) {
        DEPS.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
      }
    }
    assertTrue(DEPS.containsKey("org.provmr.mapreduce"), "jdeps output not understood:\n" + out);
  }

  @Test
  void headerAndLineageUseNoHadoop() {
    for (String pkg : List.of("org.provmr.header", "org.provmr.lineage")) {
      for (String dep : DEPS.getOrDefault(pkg, Set.of())) {
        assertFalse(dep.startsWith("org.apache.hadoop"), pkg + " depends on " + dep);
      }
    }
  }

  @Test
  void lineageModelDoesNotDependOnTheByteFormat() {
    assertFalse(DEPS.getOrDefault("org.provmr.lineage", Set.of()).contains("org.provmr.header"));
  }

  @Test
  void captureKnowsNothingOfRecomputeValidateWrapOrCli() {
    for (String dep : DEPS.get("org.provmr.mapreduce")) {
      for (String forbidden : List.of("org.provmr.recompute", "org.provmr.validate",
          "org.provmr.wrap", "org.provmr.cli", "org.provmr.examples")) {
        assertFalse(dep.equals(forbidden) || dep.startsWith(forbidden + "."),
            "org.provmr.mapreduce depends on " + dep);
      }
    }
  }

  @Test
  void storeDependsOnlyOnHeaderLineageConfAndIo() {
    for (String dep : DEPS.getOrDefault("org.provmr.store", Set.of())) {
      if (dep.startsWith("org.provmr.")) {
        assertTrue(Set.of("org.provmr.header", "org.provmr.lineage", "org.provmr.conf",
            "org.provmr.io").contains(dep), "org.provmr.store depends on " + dep);
      }
    }
  }

  @Test
  void traceReadsStoresAndPartsAndRunsClassesOnlyThroughRecomputesDoor() {
    Set<String> allowed = Set.of("org.provmr.header", "org.provmr.lineage", "org.provmr.conf",
        "org.provmr.io", "org.provmr.store", "org.provmr.mapreduce", "org.provmr.recompute");
    assertTrue(DEPS.containsKey("org.provmr.trace"), "no classes in org.provmr.trace");
    for (String dep : DEPS.get("org.provmr.trace")) {
      if (dep.startsWith("org.provmr.")) {
        assertTrue(allowed.contains(dep), "org.provmr.trace depends on " + dep);
      }
    }
    DEPS.forEach((pkg, deps) -> {
      if (!pkg.equals("org.provmr.cli") && !pkg.equals("org.provmr.trace")) {
        assertFalse(deps.contains("org.provmr.trace"), pkg + " depends on org.provmr.trace");
      }
    });
  }

  @Test
  void serviceDependsOnConfIoStoreAndValidateAndOnlyCliDependsOnIt() {
    Set<String> allowed = Set.of("org.provmr.conf", "org.provmr.io", "org.provmr.store",
        "org.provmr.validate");
    assertTrue(DEPS.containsKey("org.provmr.service"), "no classes in org.provmr.service");
    for (String dep : DEPS.get("org.provmr.service")) {
      if (dep.startsWith("org.provmr.")) {
        assertTrue(allowed.contains(dep), "org.provmr.service depends on " + dep);
      }
    }
    DEPS.forEach((pkg, deps) -> {
      if (!pkg.equals("org.provmr.cli") && !pkg.equals("org.provmr.service")) {
        assertFalse(deps.contains("org.provmr.service"), pkg + " depends on org.provmr.service");
      }
    });
  }

  @Test
  void captureReachesSubstreamRoutingOnlyThroughItsKey() {
    DEPS.forEach((pkg, deps) -> {
      if (!pkg.equals("org.provmr.cli") && !pkg.equals("org.provmr.substream")) {
        assertFalse(deps.contains("org.provmr.substream"), pkg + " depends on"
            + " org.provmr.substream: capture names the router by provenance.substream.router"
            + ".class");
      }
    });
    for (String dep : DEPS.getOrDefault("org.provmr.substream", Set.of())) {
      if (dep.startsWith("org.provmr.")) {
        assertTrue(Set.of("org.provmr.conf", "org.provmr.header", "org.provmr.store",
            "org.provmr.mapreduce").contains(dep), "org.provmr.substream depends on " + dep);
      }
    }
  }

  @Test
  void ioDependsOnlyOnConf() {
    for (String dep : DEPS.getOrDefault("org.provmr.io", Set.of())) {
      if (dep.startsWith("org.provmr.")) {
        assertEquals("org.provmr.conf", dep, "org.provmr.io depends on " + dep);
      }
    }
  }

  @Test
  void historyDependsOnlyOnConfAndIo() {
    assertTrue(DEPS.containsKey("org.provmr.history"), "no classes in org.provmr.history");
    for (String dep : DEPS.get("org.provmr.history")) {
      if (dep.startsWith("org.provmr.")) {
        assertTrue(Set.of("org.provmr.conf", "org.provmr.io").contains(dep),
            "org.provmr.history depends on " + dep);
      }
    }
  }

  @Test
  void cadenceDependsOnlyOnConfHistoryAndStore() {
    assertTrue(DEPS.containsKey("org.provmr.cadence"), "no classes in org.provmr.cadence");
    for (String dep : DEPS.get("org.provmr.cadence")) {
      if (dep.startsWith("org.provmr.")) {
        assertTrue(Set.of("org.provmr.conf", "org.provmr.history", "org.provmr.store")
            .contains(dep), "org.provmr.cadence depends on " + dep);
      }
    }
  }

  @Test
  void progressDependsOnNothingOfProvMR() {
    for (String dep : DEPS.getOrDefault("org.provmr.progress", Set.of())) {
      assertFalse(dep.startsWith("org.provmr."), "org.provmr.progress depends on " + dep);
    }
  }

  @Test
  void openLineageDependsOnlyOnConfAndLineage() {
    for (String dep : DEPS.getOrDefault("org.provmr.openlineage", Set.of())) {
      if (dep.startsWith("org.provmr.")) {
        assertTrue(Set.of("org.provmr.conf", "org.provmr.lineage").contains(dep),
            "org.provmr.openlineage depends on " + dep);
      }
    }
  }

  @Test
  void noPackageCycles() {
    Map<String, Set<String>> own = new TreeMap<>();
    DEPS.forEach((p, ds) -> own.put(p, ds.stream().filter(d -> d.startsWith("org.provmr."))
        .collect(Collectors.toCollection(TreeSet::new))));
    Map<String, Integer> state = new TreeMap<>(); // 1 on the path, 2 done
    for (String p : own.keySet()) {
      List<String> cycle = cycleFrom(p, own, state, new ArrayList<>());
      assertTrue(cycle.isEmpty(), "package cycle: " + String.join(" -> ", cycle));
    }
  }

  @Test
  void cycleCheckFindsACycleWhenThereIsOne() {
    Map<String, Set<String>> g = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"));
    assertEquals(List.of("a", "b", "c", "a"), cycleFrom("a", g, new TreeMap<>(),
        new ArrayList<>()));
    assertEquals(List.of(), cycleFrom("a", Map.of("a", Set.of("b")), new TreeMap<>(),
        new ArrayList<>()));
  }

  private static List<String> cycleFrom(String p, Map<String, Set<String>> g,
      Map<String, Integer> state, List<String> path) {
    Integer s = state.get(p);
    if (s != null && s == 2) {
      return List.of();
    }
    path.add(p);
    if (s != null && s == 1) {
      return new ArrayList<>(path.subList(path.indexOf(p), path.size()));
    }
    state.put(p, 1);
    for (String d : g.getOrDefault(p, Set.of())) {
      List<String> c = cycleFrom(d, g, state, path);
      if (!c.isEmpty()) {
        return c;
      }
    }
    state.put(p, 2);
    path.remove(path.size() - 1);
    return List.of();
  }

  @Test
  void everyPackageSaysWhatItIsForInPackageInfo() throws IOException {
    try (Stream<Path> dirs = Files.walk(SOURCES)) {
      for (Path dir : dirs.filter(Files::isDirectory).collect(Collectors.toList())) {
        boolean hasClasses;
        try (Stream<Path> files = Files.list(dir)) {
          hasClasses = files.anyMatch(f -> f.toString().endsWith(".java"));
        }
        if (hasClasses) {
          Path info = dir.resolve("package-info.java");
          assertTrue(Files.exists(info), dir + " has no package-info.java");
          assertTrue(Files.readString(info).contains("May depend on"),
              info + " must say what the package may depend on ('May depend on ...')");
        }
      }
    }
  }

  @Test
  void classesOverThreeHundredLinesAreExplainedInDesign() throws IOException {
    String whole = Files.readString(Path.of("docs/design.md"));
    int from = whole.indexOf("## Classes over 300 lines");
    assertTrue(from >= 0, "docs/design.md has no section '## Classes over 300 lines'");
    int to = whole.indexOf("\n## ", from + 1);
    // The reason must be a bullet of that section, not a mention anywhere in the file.
    String design = whole.substring(from, to < 0 ? whole.length() : to);
    List<String> unexplained = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path f : files.filter(x -> x.toString().endsWith(".java"))
          .collect(Collectors.toList())) {
        String name = f.getFileName().toString().replace(".java", "");
        if (Files.readAllLines(f).size() > LONG_CLASS_LINES
            && !design.contains("* `" + name + "`: ")) {
          unexplained.add(name);
        }
      }
    }
    assertTrue(unexplained.isEmpty(), "classes over " + LONG_CLASS_LINES + " lines without a"
        + " bullet ('* `Name`: why') in docs/design.md's section 'Classes over 300 lines': " + unexplained);
  }
}
