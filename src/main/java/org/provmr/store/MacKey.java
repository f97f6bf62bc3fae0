package org.provmr.store;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A keyed-mode key: the secret an HMAC-SHA256 is computed with, and its id.
 *
 * <p>The id is {@code alias:fingerprint}: the credential alias it was read from, and the first
 * 6 bytes of an HMAC of a fixed label under the key. It is recorded next to every MAC, so a
 * verifier knows which configured key to use, and a key replaced in place under the same alias
 * is told apart from the one that signed (its fingerprint differs). The fingerprint reveals
 * nothing usable about the secret.
 */
public final class MacKey {
  /** The JCA name of the MAC every keyed-mode file uses. */
  public static final String ALGORITHM = "HmacSHA256";
  /** HMAC-SHA256 output length in bytes. */
  public static final int LENGTH = 32;
  /** Shorter secrets are refused: 16 bytes is the least that resists guessing. */
  public static final int MIN_SECRET_BYTES = 16;

  private static final byte[] ID_LABEL = "provmr key id v1".getBytes(StandardCharsets.UTF_8);

  private final String id;
  private final SecretKeySpec secret;

  private MacKey(String id, SecretKeySpec secret) {
    this.id = id;
    this.secret = secret;
  }

  /**
   * The key read from {@code alias}.
   *
   * @throws IllegalArgumentException if the secret is shorter than {@value #MIN_SECRET_BYTES}
   *     bytes (the message names the alias, never the secret)
   */
  public static MacKey of(String alias, byte[] secret) {
    Objects.requireNonNull(alias, "alias");
    if (secret == null || secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("The keyed-mode secret under alias '" + alias + "' has "
          + (secret == null ? 0 : secret.length) + " bytes; use at least " + MIN_SECRET_BYTES
          + " random bytes (e.g. 32 bytes of base64 from 'openssl rand -base64 32')");
    }
    SecretKeySpec spec = new SecretKeySpec(secret, ALGORITHM);
    Mac mac = init(spec);
    byte[] fp = mac.doFinal(ID_LABEL);
    return new MacKey(alias + ":" + HexFormat.of().formatHex(fp, 0, 6), spec);
  }

  /** The id recorded next to MACs made with this key. */
  public String id() {
    return id;
  }

  /** The alias part of a key id ({@code alias:fingerprint}). */
  public static String aliasOf(String keyId) {
    int colon = keyId.lastIndexOf(':');
    return colon < 0 ? keyId : keyId.substring(0, colon);
  }

  /** A new MAC instance initialized with this key (instances are not thread-safe). */
  public Mac newMac() {
    return init(secret);
  }

  private static Mac init(SecretKeySpec spec) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(spec);
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      // Every Java platform provides HmacSHA256 and accepts any non-empty raw key.
      throw new IllegalStateException("this JRE cannot compute " + ALGORITHM, e);
    }
  }

  @Override
  public String toString() {
    return "MacKey[" + id + "]"; // never the secret
  }
}
