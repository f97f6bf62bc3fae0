package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.provmr.validate.ValidationFixtures.conf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.StoreSeal;
import org.provmr.store.StoredJob;
import org.provmr.testing.TestData.Run;

/**
 * Keyed mode: a record forged with its checksums recomputed, and store edits, pass the
 * checksums (as documented) but not the MACs; key rotation keeps old outputs verifiable; a
 * recompute re-signs what it rewrites.
 */
class KeyedModeValidateTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY_A = "provmr.test.key.a";
  private static final String KEY_B = "provmr.test.key.b";

  @TempDir
  static Path dir;
  static Configuration plain;
  static Configuration keyed;
  static String text;
  static String signed;
  static String unsigned;

  @BeforeAll
  static void capture() throws Exception {
    plain = conf(dir);
    String provider = "localjceks://file" + dir.resolve("keys.jceks").toAbsolutePath();
    plain.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, provider);
    CredentialProvider p = CredentialProviderFactory.getProviders(plain).get(0);
    p.createCredentialEntry(KEY_A, "a-secret-of-32-characters-000000".toCharArray());
    p.createCredentialEntry(KEY_B, "b-secret-of-32-characters-111111".toCharArray());
    p.flush();
    keyed = withKey(KEY_A, null);
    text = uri("text");
    signed = uri("signed");
    unsigned = uri("unsigned");
    ValidationFixtures.generate(plain, text);
    ValidationFixtures.wordcount(keyed, text, signed);
    ValidationFixtures.wordcount(plain, text, unsigned);
  }

  private static Configuration withKey(String alias, String verify) {
    Configuration c = new Configuration(plain);
    c.set(ProvenanceKeys.KEYED_KEY_ALIAS, alias);
    c.set(ProvenanceKeys.KEYED_CHUNK_BYTES, "4k"); // fine chunks: a forgery is located closely
    if (verify != null) {
      c.set(ProvenanceKeys.KEYED_VERIFY_ALIASES, verify);
    }
    return c;
  }

  private static String uri(String name) {
    String u = dir.resolve(name).toUri().toString();
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  private static String copyOf(String name) throws Exception {
    String to = uri(name);
    ValidationFixtures.copy(plain, signed, to);
    return to;
  }

  private static org.apache.hadoop.fs.Path file(String output, String... names) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(output);
    for (String n : names) {
      p = new org.apache.hadoop.fs.Path(p, n);
    }
    return p;
  }

  private static ValidationFixtures.Validation validate(Configuration c, String alerts,
      String output, String... more) throws Exception {
    String[] args = new String[more.length + 2];
    args[0] = "--output";
    args[1] = output;
    System.arraycopy(more, 0, args, 2, more.length);
    return ValidationFixtures.validate(c, uri(alerts), args);
  }

  private static void putCrc(byte[] b, int at, byte[] data, int off, int len, byte[] more,
      int moreOff, int moreLen) {
    CRC32C crc = new CRC32C();
    crc.update(data, off, len);
    crc.update(more, moreOff, moreLen);
    int v = (int) crc.getValue();
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  /** Rewrites one field of one part entry of parts.json, as someone who can write it would. */
  private static void editPart(String output, String part, String field, Object value)
      throws Exception {
    org.provmr.testing.StoreEdits.toVersion1(new java.io.File(java.net.URI.create(output).getPath()).toPath());
    org.apache.hadoop.fs.Path f = file(output, LineageStore.DIR, LineageStore.PARTS_FILE);
    JsonNode parts = JSON.readTree(ValidationFixtures.read(plain, f));
    for (JsonNode p : parts) {
      if (p.path("name").asText().equals(part)) {
        ((ObjectNode) p).set(field, JSON.valueToTree(value));
      }
    }
    ValidationFixtures.write(plain, f, JSON.writeValueAsBytes(parts));
  }

  @Test
  void signedOutputHasASealAndPartMacsAndValidatesAuthenticated() throws Exception {
    StoredJob job = ValidationFixtures.store(plain, signed);
    StoreSeal seal = JSON.readValue(ValidationFixtures.read(plain,
        file(signed, LineageStore.DIR, StoreSeal.FILE)), StoreSeal.class);
    assertTrue(seal.keyId().startsWith(KEY_A + ":"), seal.keyId());
    for (PartEntry p : job.parts()) {
      assertEquals(seal.keyId(), p.macKeyId());
      assertEquals(4096, p.macChunkBytes());
      assertEquals((p.bytes() + 4095) / 4096, p.macs().size());
      assertNotNull(p.identity());
    }
    ValidationFixtures.Validation v = validate(keyed, "clean", signed);
    assertEquals(ExitCodes.OK, v.exitCode(), v.out() + v.err());
    assertEquals(1, v.counter(ValidationCounters.STORES_AUTHENTICATED));
    assertEquals(job.parts().size(), v.counter(ValidationCounters.PARTS_AUTHENTICATED));
  }

  @Test
  void forgedRecordWithRecomputedChecksumsPassesWithoutTheKeyAndIsCaughtWithIt()
      throws Exception {
    String forged = copyOf("forged");
    org.apache.hadoop.fs.Path part = file(forged, "part-r-00000");
    ValidationFixtures.RecordAt r = ValidationFixtures.records(plain, part).get(7);
    byte[] b = ValidationFixtures.read(plain, part);
    int key = (int) r.offset() + 8;
    int header = (int) r.headerOffset();
    int payload = header + 1 + b[header]; // one-byte length prefix, then the body
    int end = key + r.keyLength() + r.valueLength();
    b[end - 1] += 100; // the IntWritable count, big-endian: the word now counts 100 more
    putCrc(b, header + 2, b, key, r.keyLength(), b, payload, end - payload);
    ValidationFixtures.write(plain, part, b);
    CRC32C whole = new CRC32C();
    whole.update(b);
    editPart(forged, "part-r-00000", "checksum", String.format("%08x", whole.getValue()));

    ValidationFixtures.Validation without = validate(plain, "forged-plain", forged, "--deep");
    assertEquals(ExitCodes.OK, without.exitCode(), "checksums detect accidents, not forgeries");
    assertEquals(List.of(), without.alerts());

    ValidationFixtures.Validation with = validate(keyed, "forged-keyed", forged);
    assertEquals(ExitCodes.FINDINGS, with.exitCode(), with.out() + with.err());
    assertEquals(2, with.alerts().size(), with.alerts().toString());
    Alert store = with.ofType(AlertType.MAC_MISMATCH).stream()
        .filter(a -> a.scope().equals(Alert.SCOPE_STORE)).findFirst().orElseThrow();
    assertEquals("store_mac", store.reason());
    assertTrue(store.message().contains("does not match its seal"), store.message());
    Alert record = with.ofType(AlertType.MAC_MISMATCH).stream()
        .filter(a -> "part_mac".equals(a.reason())).findFirst().orElseThrow();
    assertEquals("part-r-00000", record.part());
    assertTrue(record.record() <= 7 && 7 < record.record() + record.records(),
        record.toString());
    assertTrue(record.message().contains("do not match their keyed MAC (key " + KEY_A + ":"),
        record.message());
    assertEquals(2, with.counter(ValidationCounters.MAC_MISMATCH));
  }

  @Test
  void storeEditThatChecksumsCannotSeeBreaksTheSeal() throws Exception {
    String edited = copyOf("store-edit");
    PartEntry p = ValidationFixtures.store(plain, signed).part("part-r-00001");
    editPart(edited, "part-r-00001", "records", p.records() + 1);
    ValidationFixtures.Validation without = validate(plain, "edit-plain", edited);
    assertEquals(ExitCodes.OK, without.exitCode(), without.alerts().toString());
    ValidationFixtures.Validation with = validate(keyed, "edit-keyed", edited);
    assertEquals(ExitCodes.FINDINGS, with.exitCode());
    Alert a = with.alerts().get(0);
    assertEquals(1, with.alerts().size(), with.alerts().toString());
    assertEquals(AlertType.MAC_MISMATCH, a.type());
    assertEquals("store_mac", a.reason());
    assertEquals(Alert.SCOPE_STORE, a.scope());
  }

  @Test
  void unsignedOutputUnderKeyedModeIsReportedOnceAsNotSigned() throws Exception {
    ValidationFixtures.Validation v = validate(keyed, "unsigned-alerts", unsigned);
    assertEquals(ExitCodes.FINDINGS, v.exitCode());
    assertEquals(1, v.alerts().size(), v.alerts().toString());
    assertEquals("not_signed", v.alerts().get(0).reason());
    assertTrue(v.alerts().get(0).message().startsWith("Keyed mode is on but the lineage store"),
        v.alerts().get(0).message());
  }

  @Test
  void rotatedKeyStillVerifiesOldOutputsOnlyWhileListed() throws Exception {
    ValidationFixtures.Validation rotated = validate(withKey(KEY_B, KEY_A), "rotated", signed);
    assertEquals(ExitCodes.OK, rotated.exitCode(), rotated.alerts().toString());
    assertEquals(1, rotated.counter(ValidationCounters.STORES_AUTHENTICATED));
    ValidationFixtures.Validation dropped = validate(withKey(KEY_B, null), "dropped", signed);
    assertEquals(ExitCodes.FINDINGS, dropped.exitCode());
    int parts = ValidationFixtures.store(plain, signed).parts().size();
    assertEquals(1 + parts, dropped.alerts().size(), dropped.alerts().toString());
    assertTrue(dropped.alerts().stream().allMatch(a -> a.reason().equals("unknown_key")));
  }

  @Test
  void aliasNoProviderHasIsAUsageErrorNamingItAndTheFix() throws Exception {
    Run r = ValidationFixtures.provmr(withKey("no.such.alias", null), "run", "wordcount",
        "--input", text, "--output", uri("never-written"));
    assertEquals(ExitCodes.USAGE, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains("provenance.keyed.key.alias names the credential alias"
        + " 'no.such.alias', which no credential provider has"), r.err());
    assertTrue(r.err().contains("hadoop credential create no.such.alias"), r.err());
  }

  @Test
  void recomputeOfASealedOutputNeedsTheKeyAndSealsWhatItRewrites() throws Exception {
    String damaged = copyOf("damaged");
    org.apache.hadoop.fs.Path part = file(damaged, "part-r-00001");
    ValidationFixtures.RecordAt r = ValidationFixtures.records(plain, part).get(3);
    ValidationFixtures.edit(plain, part, b -> b[(int) (r.offset() + 9)] ^= 0x01);
    ValidationFixtures.Validation found = validate(keyed, "damaged-1", damaged);
    assertEquals(ExitCodes.FINDINGS, found.exitCode());
    assertEquals(1, found.ofType(AlertType.CHECKSUM_MISMATCH).size(), found.alerts().toString());
    assertEquals(1, found.ofType(AlertType.MAC_MISMATCH).size(), found.alerts().toString());

    Run refused = ValidationFixtures.provmr(plain, "recompute", "--alerts", uri("damaged-1"));
    assertEquals(ExitCodes.FAILURE, refused.exitCode(), refused.out() + refused.err());
    assertTrue(refused.out().contains("is sealed (keyed mode, key " + KEY_A + ":"),
        refused.out());

    Run fixed = ValidationFixtures.provmr(keyed, "recompute", "--alerts", uri("damaged-1"));
    assertEquals(ExitCodes.OK, fixed.exitCode(), fixed.out() + fixed.err());
    ValidationFixtures.Validation after = validate(keyed, "damaged-2", damaged);
    assertEquals(ExitCodes.OK, after.exitCode(), after.alerts().toString());
    assertEquals(1, after.counter(ValidationCounters.STORES_AUTHENTICATED));
    assertEquals(ValidationFixtures.store(plain, damaged).parts().size(),
        after.counter(ValidationCounters.PARTS_AUTHENTICATED));
  }
}
