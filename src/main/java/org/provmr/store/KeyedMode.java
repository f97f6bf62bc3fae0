package org.provmr.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed mode's keys, from the operator's configuration and Hadoop's credential providers.
 *
 * <p>Secrets are read with {@link Configuration#getPasswordFromCredentialProviders} only: the
 * clear-text fallback of {@code getPassword} would accept a secret set as a plain property,
 * which a job records into its lineage store unless excluded, next to the data it protects.
 * A job's tasks get the signing secret through the job's credentials ({@link #ship}), which
 * Hadoop hands to tasks without writing them into job.xml, so the provider need not be
 * readable from the cluster's nodes.
 */
public final class KeyedMode {
  private static final Logger LOG = LoggerFactory.getLogger(KeyedMode.class);
  /** Prefix of the names of secrets in a job's credentials; the alias follows. */
  private static final String CREDENTIAL = "provenance.keyed.secret:";

  private KeyedMode() {
  }

  /** Whether the operator turned keyed mode on ({@value ProvenanceKeys#KEYED_KEY_ALIAS}). */
  public static boolean isOn(Configuration conf) {
    return !alias(conf).isEmpty();
  }

  /**
   * The signing key, or null when keyed mode is off.
   *
   * @throws BadConfigurationException if the alias is set but no provider has it, or the
   *     secret is too short
   */
  public static MacKey signingKey(Configuration conf) throws IOException {
    String alias = alias(conf);
    return alias.isEmpty() ? null : read(conf, alias, ProvenanceKeys.KEYED_KEY_ALIAS);
  }

  /**
   * Every key validation accepts, by id: the signing key and the older keys of
   * {@value ProvenanceKeys#KEYED_VERIFY_ALIASES}. Empty when keyed mode is off.
   */
  public static Map<String, MacKey> verifyingKeys(Configuration conf) throws IOException {
    return verifyingKeys(conf, null);
  }

  /** Task side of {@link #verifyingKeys(Configuration)}: from the job's credentials first. */
  public static Map<String, MacKey> verifyingKeys(JobContext context) throws IOException {
    return verifyingKeys(context.getConfiguration(), context.getCredentials());
  }

  private static Map<String, MacKey> verifyingKeys(Configuration conf, Credentials shipped)
      throws IOException {
    Map<String, MacKey> keys = new LinkedHashMap<>();
    for (String alias : verifyingAliases(conf)) {
      byte[] secret = shipped == null ? null : shipped.getSecretKey(credential(alias));
      MacKey k = secret != null ? toKey(alias, secret, ProvenanceKeys.KEYED_VERIFY_ALIASES)
          : read(conf, alias, ProvenanceKeys.KEYED_VERIFY_ALIASES);
      keys.put(k.id(), k);
    }
    return keys;
  }

  private static List<String> verifyingAliases(Configuration conf) {
    List<String> aliases = new ArrayList<>();
    String signing = alias(conf);
    if (signing.isEmpty()) {
      return aliases;
    }
    aliases.add(signing);
    for (String a : conf.getTrimmedStrings(ProvenanceKeys.KEYED_VERIFY_ALIASES)) {
      if (!aliases.contains(a)) {
        aliases.add(a);
      }
    }
    return aliases;
  }

  /** Bytes of part file one MAC covers. */
  public static long chunkBytes(Configuration conf) {
    long n = conf.getLongBytes(ProvenanceKeys.KEYED_CHUNK_BYTES,
        ProvenanceKeys.KEYED_CHUNK_BYTES_DEFAULT);
    if (n <= 0) {
      throw new BadConfigurationException(ProvenanceKeys.KEYED_CHUNK_BYTES, String.valueOf(n),
          "a positive size such as 1m or 65536");
    }
    return n;
  }

  /**
   * Driver side: puts the signing secret into the job's credentials for its tasks and
   * committer; nothing when keyed mode is off. Checks the key and the chunk size at once.
   */
  public static void ship(Job job) throws IOException {
    Configuration conf = job.getConfiguration();
    String alias = alias(conf);
    if (alias.isEmpty()) {
      return;
    }
    chunkBytes(conf);
    byte[] secret = secret(conf, alias, ProvenanceKeys.KEYED_KEY_ALIAS);
    MacKey key = toKey(alias, secret, ProvenanceKeys.KEYED_KEY_ALIAS);
    job.getCredentials().addSecretKey(credential(alias), secret);
    LOG.info("Keyed mode: job {} signs its parts and lineage store with key {}",
        job.getJobName(), key.id());
  }

  /**
   * Driver side of validation: puts every verifying secret into the job's credentials for its
   * tasks; nothing when keyed mode is off. A missing alias fails here, before submission.
   */
  public static void shipVerifying(Job job) throws IOException {
    Configuration conf = job.getConfiguration();
    for (String alias : verifyingAliases(conf)) {
      byte[] secret = secret(conf, alias, alias.equals(alias(conf))
          ? ProvenanceKeys.KEYED_KEY_ALIAS : ProvenanceKeys.KEYED_VERIFY_ALIASES);
      toKey(alias, secret, ProvenanceKeys.KEYED_VERIFY_ALIASES);
      job.getCredentials().addSecretKey(credential(alias), secret);
    }
  }

  /** Task or committer side: the signing key from the job's credentials (or the providers). */
  public static MacKey jobKey(JobContext context) throws IOException {
    Configuration conf = context.getConfiguration();
    String alias = alias(conf);
    if (alias.isEmpty()) {
      return null;
    }
    byte[] secret = context.getCredentials() == null ? null
        : context.getCredentials().getSecretKey(credential(alias));
    return secret != null ? toKey(alias, secret, ProvenanceKeys.KEYED_KEY_ALIAS)
        : read(conf, alias, ProvenanceKeys.KEYED_KEY_ALIAS);
  }

  private static Text credential(String alias) {
    return new Text(CREDENTIAL + alias);
  }

  private static String alias(Configuration conf) {
    return conf.getTrimmed(ProvenanceKeys.KEYED_KEY_ALIAS,
        ProvenanceKeys.KEYED_KEY_ALIAS_DEFAULT);
  }

  private static MacKey read(Configuration conf, String alias, String key) throws IOException {
    return toKey(alias, secret(conf, alias, key), key);
  }

  private static MacKey toKey(String alias, byte[] secret, String key) {
    try {
      return MacKey.of(alias, secret);
    } catch (IllegalArgumentException e) {
      throw new BadConfigurationException(key + ": " + e.getMessage());
    }
  }

  private static byte[] secret(Configuration conf, String alias, String key)
      throws IOException {
    char[] chars = conf.getPasswordFromCredentialProviders(alias);
    if (chars == null) {
      throw new BadConfigurationException(key + " names the credential alias '" + alias
          + "', which no credential provider has (" + CredentialProviderFactory
          .CREDENTIAL_PROVIDER_PATH + " = '"
          + conf.get(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, "") + "'). Create it"
          + " with 'hadoop credential create " + alias + " -provider <provider URI>' and set "
          + CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH + "; clear-text properties are"
          + " not accepted");
    }
    ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    Arrays.fill(chars, '\0');
    byte[] secret = new byte[bytes.remaining()];
    bytes.get(secret);
    return secret;
  }
}
