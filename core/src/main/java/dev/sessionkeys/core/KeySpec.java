package dev.sessionkeys.core;

import java.util.Objects;

/**
 * One key of a profile: its name in the Secret (and the environment variable the app reads), its
 * exact length, the characters it is drawn from, and how it may rotate.
 *
 * @param name the Secret key and environment variable name, such as {@code COOKIE_HASH_KEY}
 * @param length the exact number of characters
 * @param alphabet the characters a value is drawn from
 * @param group the rotation group this key belongs to ({@code cookie}, {@code session}, {@code
 *     data}): keys of a group are used together (a hash key and its block key) and so rotate
 *     together
 * @param purpose what the app uses the key for, for humans
 * @param rotation how the key may be replaced
 */
public record KeySpec(
    String name,
    int length,
    Alphabet alphabet,
    String group,
    String purpose,
    RotationClass rotation) {

  /** Smallest length a profile may ask for: below 16 characters a key is guessable. */
  public static final int MIN_LENGTH = 16;

  /** Largest length a profile may ask for: far above any real use, small enough to catch a typo. */
  public static final int MAX_LENGTH = 4096;

  /** Suffix of the Secret key that holds the value a key replaced during its grace period. */
  public static final String PREVIOUS_SUFFIX = "_PREVIOUS";

  /** Suffix of the Secret key that holds a staged value: accepted by apps, not yet issued with. */
  public static final String NEXT_SUFFIX = "_NEXT";

  public KeySpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(alphabet, "alphabet");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(rotation, "rotation");
    // Messages as templates: built only when a profile is refused, never on a start-up path.
    // Kubernetes allows Secret keys of [-._a-zA-Z0-9]+; we also want usable environment variable
    // names.
    if (!NameRules.isEnvironmentName(name)) {
      throw new IllegalArgumentException(
          "key name '%s' is not usable as an environment variable: use letters, digits and _"
              .formatted(name));
    }
    if (name.endsWith(PREVIOUS_SUFFIX)) {
      throw new IllegalArgumentException(
          "key name '%s' ends with %s, which is reserved for rotated-out values"
              .formatted(name, PREVIOUS_SUFFIX));
    }
    if (length < MIN_LENGTH || length > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "key '%s' has length %s: use a length from %s to %s"
              .formatted(name, length, MIN_LENGTH, MAX_LENGTH));
    }
    if (!NameRules.isGroup(group)) {
      throw new IllegalArgumentException(
          "key '%s' has group '%s': use lower-case letters, digits and -".formatted(name, group));
    }
  }

  /** The Secret key that holds this key's rotated-out value during a grace period. */
  public String previousName() {
    return name + PREVIOUS_SUFFIX;
  }

  /** The Secret key that holds this key's staged value between prepare and promote. */
  public String nextName() {
    return name + NEXT_SUFFIX;
  }

  /** Entropy of a uniformly generated value, in bits. */
  public double entropyBits() {
    return length * alphabet.bitsPerCharacter();
  }
}
