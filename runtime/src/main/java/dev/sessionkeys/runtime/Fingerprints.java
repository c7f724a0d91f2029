package dev.sessionkeys.runtime;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Keys appear only as the first 8 hex characters of their SHA-256, as everywhere in sessionkeys. */
final class Fingerprints {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Fingerprints() {}

  static String of(byte[] key) {
    byte[] d = sha256(key);
    char[] out = new char[8];
    for (int i = 0; i < 4; i++) {
      out[2 * i] = HEX[(d[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[d[i] & 0xf];
    }
    return new String(out);
  }

  static byte[] sha256(byte[] value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
