package dev.sessionkeys.core;

import java.util.Arrays;

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

  /** The word a profile file uses for this class. */
  public String profileName() {
    return switch (this) {
      case GRACE_PERIOD -> "grace";
      case REENCRYPT -> "reencrypt";
    };
  }

  /** Parses the word a profile file uses, or returns {@code null} when it names no class. */
  public static RotationClass fromProfileName(String word) {
    return Arrays.stream(values())
        .filter(c -> c.profileName().equals(word))
        .findFirst()
        .orElse(null);
  }
}
