package dev.sessionkeys.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The only form in which a key value ever appears in a report: {@code sha256:} and the first 16 hex
 * characters (64 bits) of its SHA-256. Enough to tell two values apart or to match a value across
 * Secrets, useless for recovering it: at 64 bits, a shown fingerprint no longer confirms guesses of
 * a short key for free (32 bits did, for any key weaker than a few billion candidates).
 */
public final class Fingerprint {

  /** Hex characters shown: 64 bits, the least issue 13 asks for. */
  public static final int SHOWN_HEX_CHARACTERS = 16;

  /** What every rendering puts before {@link #of}'s hex characters. */
  public static final String PREFIX = "sha256:";

  private Fingerprint() {}

  /** The short fingerprint of a text value, hashed as UTF-8. */
  public static String of(String value) {
    return of(value.getBytes(StandardCharsets.UTF_8));
  }

  /** The short fingerprint of raw bytes: {@link #SHOWN_HEX_CHARACTERS} hex characters. */
  public static String of(byte[] value) {
    return sha256Hex(value).substring(0, SHOWN_HEX_CHARACTERS);
  }

  /** The fingerprint as shown: {@code sha256:} and {@link #of}. */
  public static String shown(byte[] value) {
    return PREFIX + of(value);
  }

  /**
   * The full SHA-256 in lower-case hex: for comparing values across Secrets without holding them.
   */
  public static String sha256Hex(byte[] value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
