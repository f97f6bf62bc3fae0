package org.provmr.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobContext;
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
  /** Name of the signing secret in a job's credentials. */
  private static final Text CREDENTIAL = new Text("provenance.keyed.secret");

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
    Map<String, MacKey> keys = new LinkedHashMap<>();
    MacKey signing = signingKey(conf);
    if (signing == null) {
      return keys;
    }
    keys.put(signing.id(), signing);
    for (String alias : conf.getTrimmedStrings(ProvenanceKeys.KEYED_VERIFY_ALIASES)) {
      MacKey k = read(conf, alias, ProvenanceKeys.KEYED_VERIFY_ALIASES);
      keys.put(k.id(), k);
    }
    return keys;
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
    job.getCredentials().addSecretKey(CREDENTIAL, secret);
    LOG.info("Keyed mode: job {} signs its parts and lineage store with key {}",
        job.getJobName(), key.id());
  }

  /** Task or committer side: the signing key from the job's credentials (or the providers). */
  public static MacKey jobKey(JobContext context) throws IOException {
    Configuration conf = context.getConfiguration();
    String alias = alias(conf);
    if (alias.isEmpty()) {
      return null;
    }
    byte[] secret = context.getCredentials() == null ? null
        : context.getCredentials().getSecretKey(CREDENTIAL);
    return secret != null ? toKey(alias, secret, ProvenanceKeys.KEYED_KEY_ALIAS)
        : read(conf, alias, ProvenanceKeys.KEYED_KEY_ALIAS);
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
