package dev.sessionkeys.core;

/** How a key may be replaced without harming users or data. */
public enum RotationClass {
  /**
   * Protects short-lived things (cookies, sessions): a new value may replace it at any time,
   * provided the old value is kept as {@code <KEY>_PREVIOUS} for a grace period so that cookies
   * issued under it still verify.
   */
  GRACE_PERIOD,

  /**
   * Protects data at rest: replacing it makes everything encrypted under the old value unreadable
   * until that data is re-encrypted. Never rotated on a schedule; only on explicit request, and the
   * old value is kept.
   */
  REENCRYPT;

  /** Parses the word a profile file uses, or returns {@code null} when it names no class. */
  public static RotationClass fromProfileName(String word) {
    return "grace".equals(word) ? GRACE_PERIOD : "reencrypt".equals(word) ? REENCRYPT : null;
  }
}
