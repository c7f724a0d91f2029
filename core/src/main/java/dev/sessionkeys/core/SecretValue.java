package dev.sessionkeys.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A key value that cannot leak by accident: {@link #toString()} shows only its fingerprint, and the
 * value itself is reachable only through {@link #reveal()}, a name that makes every use easy to
 * find and review.
 */
public final class SecretValue {

  private final String value;

  private SecretValue(String value) {
    this.value = value;
  }

  public static SecretValue of(String value) {
    return new SecretValue(Objects.requireNonNull(value, "value"));
  }

  /** The value itself. Call only where the user asked to see or store it. */
  public String reveal() {
    return value;
  }

  /** The value as UTF-8 bytes, as a Secret's {@code data} holds it before base64. */
  public byte[] revealBytes() {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  public int length() {
    return value.length();
  }

  /** The first 16 hex characters (64 bits) of the value's SHA-256. */
  public String fingerprint() {
    return Fingerprint.of(value);
  }

  /**
   * Compares in constant time for equal lengths, so that equality checks reveal nothing through
   * timing.
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof SecretValue that
        && MessageDigest.isEqual(revealBytes(), that.revealBytes());
  }

  @Override
  public int hashCode() {
    // Derived from the digest, not the characters, so that hash-based collections leak nothing
    // useful either.
    return Fingerprint.of(value).hashCode();
  }

  @Override
  public String toString() {
    return "SecretValue[sha256:" + fingerprint() + "]";
  }
}
