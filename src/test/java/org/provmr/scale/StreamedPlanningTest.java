package org.provmr.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.KeyedMode;
import org.provmr.testing.TestData;

/**
 * A recompute plans from the streamed planner's view ({@code StoreReader.forPlanning}) through
 * the real {@code provmr recompute --dry-run}, keyed mode's seal included: a store whose
 * fingerprints alone would not fit the heap is planned in a JVM that a whole read exhausts,
 * and a sealed store is verified over the bytes as they stream (an edit of either entry file,
 * even one the parser never reads, still fails the seal).
 */
class StreamedPlanningTest {
  /** 100,000 splits / 1,000 parts by default; the sizes of {@link LargeStorePlanningTest}. */
  static final int SPLITS = LargeStorePlanningTest.SPLITS;
  static final int PARTS = LargeStorePlanningTest.PARTS;
  /**
   * Fingerprint chunks a split: 16 make 1.6 M fingerprints at the default size, which a whole
   * read (main before this change) cannot hold in 96 MiB (OutOfMemoryError, measured).
   */
  static final int CHUNKS = Integer.getInteger("provmr.scale.chunks", 16);
  static final String HEAP = System.getProperty("provmr.scale.heap", "80m");

  @TempDir
  Path tmp;

  @Test
  void recomputeDryRunPlansALargeStoreInBoundedHeap() throws Exception {
    Path out = tmp.resolve("out");
    org.apache.hadoop.fs.Path output = new org.apache.hadoop.fs.Path(out.toUri());
    long t0 = System.nanoTime();
    SyntheticStore.write(FileSystem.getLocal(new Configuration()), output, SPLITS, PARTS,
        CHUNKS, null);
    long written = (System.nanoTime() - t0) / 1_000_000;
    long bytes = Files.size(out.resolve("_provenance/sources.bin"));
    Path alerts = alerts(output.toString(), "part-r-00042");
    Path policy = tmp.resolve("policy.xml");
    // A whole rerun is 12.8 PB at the default size: let the policy plan it, so the stage's
    // source fence (every URI of the store) is checked too.
    Files.writeString(policy, "<configuration><property><name>provenance.policy.budget.max"
        + ".bytes</name><value>1000p</value></property></configuration>");
    ProcessBuilder pb = new ProcessBuilder(
        new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx" + HEAP,
        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), RecomputeDryRun.class.getName(),
        "recompute", "--dry-run", "--alerts", alerts.toUri().toString(),
        "--policy", policy.toUri().toString(),
        "-D", ProvenanceKeys.VALIDATE_SOURCE_ROOTS + "=file:/data/in")
        .redirectErrorStream(true);
    Process p = pb.start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = p.waitFor();
    System.out.println("store of " + SPLITS + " splits (" + CHUNKS + " chunks each), " + PARTS
        + " parts: sources.bin " + bytes + " bytes, written in " + written + " ms; -Xmx"
        + HEAP + "\n" + log);
    assertEquals(0, exit, log);
    assertTrue(log.contains("Recompute plan (dry run: nothing runs)"), log);
    assertTrue(log.contains("stage " + output.toString().replaceAll("/$", "")
        + " (map+reduce)"), log);
    assertTrue(log.contains("re-reduce partitions [42]"), log);
    assertTrue(log.contains("source bytes: " + SPLITS * SyntheticStore.SPLIT + " of "), log);
    assertTrue(log.matches("(?s).*peak heap \\d+ MiB of max \\d+ MiB.*"), log);
  }

  @Test
  void sealIsVerifiedOverTheStreamedBytes() throws Exception {
    Configuration plain = new Configuration();
    plain.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH,
        "localjceks://file" + tmp.resolve("keys.jceks").toAbsolutePath());
    CredentialProvider provider = CredentialProviderFactory.getProviders(plain).get(0);
    provider.createCredentialEntry("provmr.test.key", "a-secret-of-32-characters-000000"
        .toCharArray());
    provider.flush();
    plain.set(ProvenanceKeys.VALIDATE_SOURCE_ROOTS, "file:/data/in");
    Configuration keyed = new Configuration(plain);
    keyed.set(ProvenanceKeys.KEYED_KEY_ALIAS, "provmr.test.key");

    Path out = tmp.resolve("sealed");
    org.apache.hadoop.fs.Path output = new org.apache.hadoop.fs.Path(out.toUri());
    FileSystem fs = FileSystem.getLocal(plain);
    SyntheticStore.write(fs, output, 2_000, 20, 4, KeyedMode.signingKey(keyed));
    String alerts = alerts(output.toString(), "part-r-00003").toUri().toString();
    String policy = tmp.resolve("policy.xml").toUri().toString();
    Files.writeString(tmp.resolve("policy.xml"), "<configuration><property><name>provenance"
        + ".policy.budget.max.bytes</name><value>1000p</value></property></configuration>");
    String[] dryRun = {"recompute", "--dry-run", "--alerts", alerts, "--policy", policy};

    TestData.Run trusted = TestData.provmr(keyed, dryRun);
    assertEquals(ExitCodes.OK, trusted.exitCode(), trusted.out() + trusted.err());
    assertTrue(trusted.out().contains("re-reduce partitions [3]"), trusted.out());

    // Without the key the store could not be sealed again once rewritten: a failure.
    TestData.Run noKey = TestData.provmr(plain, dryRun);
    assertTrue(noKey.out().contains("is sealed (keyed mode, key provmr.test.key:"),
        noKey.out() + noKey.err());
    assertFalse(noKey.out().contains("re-reduce partitions"), noKey.out());

    // One byte after the entries' end marker: the parser never reads it, the seal covers it.
    Path sources = out.resolve("_provenance/sources.bin");
    byte[] original = Files.readAllBytes(sources);
    Files.deleteIfExists(out.resolve("_provenance/.sources.bin.crc"));
    Files.write(sources, new byte[] {0}, StandardOpenOption.APPEND);
    assertEdited(keyed, dryRun);

    // The entry file of another store, valid on its own: parsed fine, fails the seal.
    Files.write(sources, original);
    Path other = tmp.resolve("other");
    SyntheticStore.write(fs, new org.apache.hadoop.fs.Path(other.toUri()), 2_000, 21, 4, null);
    Files.deleteIfExists(out.resolve("_provenance/.parts.bin.crc"));
    Files.copy(other.resolve("_provenance/parts.bin"), out.resolve("_provenance/parts.bin"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertEdited(keyed, dryRun);
  }

  private static void assertEdited(Configuration keyed, String[] dryRun) throws Exception {
    TestData.Run r = TestData.provmr(keyed, dryRun);
    assertTrue(r.out().contains("does not match its seal (key provmr.test.key:"),
        r.out() + r.err());
    assertTrue(r.out().contains("it was edited after it was written"), r.out());
    assertFalse(r.out().contains("re-reduce partitions"), r.out());
  }

  /** An alerts directory with one checksum_mismatch of {@code part}, as a sweep writes it. */
  private Path alerts(String output, String part) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("alerts-" + part));
    String line = "{\"version\":1,\"type\":\"checksum_mismatch\",\"severity\":\"error\","
        + "\"scope\":\"part\",\"reason\":\"r\",\"output\":\"" + output + "\",\"part\":\""
        + part + "\",\"record\":null,\"offset\":null,\"dataId\":null,\"sourceSets\":[],"
        + "\"lineageId\":0,\"jobId\":\"j\",\"expected\":null,\"actual\":null,\"records\":1,"
        + "\"detectedAt\":\"2026-11-27T00:00:00Z\",\"message\":\"m\"}\n";
    Files.writeString(dir.resolve("alerts-0.jsonl"), line);
    return dir;
  }
}
