package dev.sessionkeys.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The only form in which a key value ever appears in a report: the first 8 hex characters of its
 * SHA-256. Enough to tell two values apart or to match a value across Secrets, useless for
 * recovering it.
 */
public final class Fingerprint {

  /** Hex characters shown. 32 bits: collisions between a handful of keys are negligible. */
  public static final int SHOWN_HEX_CHARACTERS = 8;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Fingerprint() {}

  /** The short fingerprint of a text value, hashed as UTF-8. */
  public static String of(String value) {
    return of(value.getBytes(StandardCharsets.UTF_8));
  }

  /** The short fingerprint of raw bytes. */
  public static String of(byte[] value) {
    return sha256Hex(value).substring(0, SHOWN_HEX_CHARACTERS);
  }

  /**
   * The full SHA-256 in lower-case hex: for comparing values across Secrets without holding them.
   */
  public static String sha256Hex(byte[] value) {
    byte[] digest = sha256(value);
    char[] out = new char[digest.length * 2];
    for (int i = 0; i < digest.length; i++) {
      out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[digest[i] & 0xf];
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
