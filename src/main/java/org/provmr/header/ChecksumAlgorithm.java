package org.provmr.header;

import java.util.Locale;

/**
 * Payload checksum algorithms a header can carry. The wire id is part of the format: never
 * renumber, only append.
 */
public enum ChecksumAlgorithm {
  /** CRC-32C (Castagnoli): hardware accelerated, the default. */
  CRC32C(0, 4, "crc32c"),
  /** CRC-32 (IEEE 802.3), for interoperating with tools that only know zlib's CRC. */
  CRC32(1, 4, "crc32"),
  /** SHA-256, when a checksum must also resist deliberate tampering. */
  SHA256(2, 32, "sha-256");

  private static final ChecksumAlgorithm[] BY_ID = values();

  private final int id;
  private final int length;
  private final String configName;

  ChecksumAlgorithm(int id, int length, String configName) {
    this.id = id;
    this.length = length;
    this.configName = configName;
  }

  /** The id written in self-contained headers. */
  public int id() {
    return id;
  }

  /** Number of checksum bytes. */
  public int length() {
    return length;
  }

  /** The name used in configuration and on the command line. */
  public String configName() {
    return configName;
  }

  /**
   * Looks an algorithm up by wire id.
   *
   * @throws HeaderFormatException if no algorithm has this id
   */
  public static ChecksumAlgorithm fromId(int id) throws HeaderFormatException {
    if (id < 0 || id >= BY_ID.length) {
      throw new HeaderFormatException("unknown checksum algorithm id " + id, -1);
    }
    return BY_ID[id];
  }

  /**
   * Looks an algorithm up by configuration name, ignoring case; "sha256" is accepted as well
   * as "sha-256".
   *
   * @throws IllegalArgumentException naming the bad value and the valid names
   */
  public static ChecksumAlgorithm fromName(String name) {
    if (name != null) {
      String n = name.trim().toLowerCase(Locale.ROOT);
      if (n.equals("sha256")) {
        return SHA256;
      }
      for (ChecksumAlgorithm a : BY_ID) {
        if (a.configName.equals(n)) {
          return a;
        }
      }
    }
    throw new IllegalArgumentException("Unknown checksum algorithm '" + name
        + "'. Valid names: crc32c, crc32, sha-256 (or sha256).");
  }

  /** A new hasher for this algorithm; hashers are not thread-safe, so make one per thread. */
  public PayloadHasher newHasher() {
    return new PayloadHasher(this);
  }
}
