package dev.sessionkeys.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A named set of keys that one app expects in one Secret, with where that Secret lives by default.
 *
 * <p>The built-in profile {@link #FAIRWINDS_INSIGHTS} is the key set of the Fairwinds Insights
 * self-hosted documentation. Other apps describe theirs in a small YAML file (read by the manifest
 * module).
 *
 * @param name the profile's name, such as {@code fairwinds-insights}
 * @param keys the keys, in the order they are written to a Secret
 * @param defaultSecretName the Secret's name when the user gives none
 * @param defaultNamespace the namespace when the user gives none
 */
public record Profile(
    String name, List<KeySpec> keys, String defaultSecretName, String defaultNamespace) {

  /**
   * Least entropy a key of a custom profile may have without an explicit opt-in, in bits (length
   * times log2 of the alphabet's size): the strength of AES-128, beyond any offline search.
   */
  public static final int MIN_ENTROPY_BITS = 128;

  /**
   * The five keys of the Fairwinds Insights session-keys documentation page, with their exact
   * lengths.
   */
  public static final Profile FAIRWINDS_INSIGHTS =
      new Profile(
          "fairwinds-insights",
          List.of(
              new KeySpec(
                  "COOKIE_HASH_KEY",
                  64,
                  Alphabet.ALPHANUMERIC,
                  "cookie",
                  "HMAC-SHA256 key that authenticates cookies",
                  RotationClass.GRACE_PERIOD),
              new KeySpec(
                  "COOKIE_BLOCK_KEY",
                  32,
                  Alphabet.ALPHANUMERIC,
                  "cookie",
                  "AES-256 key that encrypts cookies",
                  RotationClass.GRACE_PERIOD),
              new KeySpec(
                  "SESSION_AUTH_KEY",
                  64,
                  Alphabet.ALPHANUMERIC,
                  "session",
                  "HMAC-SHA256 key that authenticates session cookies",
                  RotationClass.GRACE_PERIOD),
              new KeySpec(
                  "SESSION_ENCRYPTION_KEY",
                  32,
                  Alphabet.ALPHANUMERIC,
                  "session",
                  "AES-256 key that encrypts session cookies",
                  RotationClass.GRACE_PERIOD),
              new KeySpec(
                  "AES_BASE64_CYPHER_KEY",
                  32,
                  Alphabet.ALPHANUMERIC,
                  "data",
                  "AES-256 key that encrypts data at rest",
                  RotationClass.REENCRYPT)),
          "fwinsights-secrets",
          "fairwinds-insights");

  public Profile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(defaultSecretName, "defaultSecretName");
    Objects.requireNonNull(defaultNamespace, "defaultNamespace");
    keys = List.copyOf(keys);
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("profile '" + name + "' lists no keys");
    }
    Set<String> seen = new HashSet<>();
    for (KeySpec key : keys) {
      if (!seen.add(key.name())) {
        throw new IllegalArgumentException(
            "profile '%s' lists the key %s twice".formatted(name, key.name()));
      }
    }
    if (!isValidSecretName(defaultSecretName)) {
      throw new IllegalArgumentException(
          ("profile '%s': secret name '%s' is not a valid Kubernetes name (lower-case letters,"
                  + " digits, '-' and '.', at most 253 characters)")
              .formatted(name, defaultSecretName));
    }
    if (!isValidNamespace(defaultNamespace)) {
      throw new IllegalArgumentException(
          ("profile '%s': namespace '%s' is not a valid Kubernetes namespace (lower-case letters,"
                  + " digits and '-', at most 63 characters)")
              .formatted(name, defaultNamespace));
    }
  }

  /** Finds a built-in profile by name. */
  public static Optional<Profile> builtIn(String name) {
    return FAIRWINDS_INSIGHTS.name().equals(name)
        ? Optional.of(FAIRWINDS_INSIGHTS)
        : Optional.empty();
  }

  /** The names of the built-in profiles. */
  public static List<String> builtInNames() {
    return List.of(FAIRWINDS_INSIGHTS.name());
  }

  /** The key of this name, if the profile has one. */
  public Optional<KeySpec> key(String keyName) {
    for (KeySpec key : keys) {
      if (key.name().equals(keyName)) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  /**
   * The key whose value a Secret key holds, if any: the key of that name, or the key whose {@code
   * _PREVIOUS} or {@code _NEXT} it is.
   */
  public Optional<KeySpec> keyFor(String secretKey) {
    Optional<KeySpec> key = key(secretKey);
    for (String suffix : List.of(KeySpec.PREVIOUS_SUFFIX, KeySpec.NEXT_SUFFIX)) {
      if (key.isEmpty() && secretKey.endsWith(suffix)) {
        key = key(secretKey.substring(0, secretKey.length() - suffix.length()));
      }
    }
    return key;
  }

  /** The rotation groups, in the order their first key appears. */
  public List<String> groups() {
    List<String> groups = new ArrayList<>();
    for (KeySpec key : keys) {
      if (!groups.contains(key.group())) {
        groups.add(key.group());
      }
    }
    return groups;
  }

  /** The keys of one rotation group, in profile order. */
  public List<KeySpec> keysInGroup(String group) {
    List<KeySpec> result = new ArrayList<>();
    for (KeySpec key : keys) {
      if (key.group().equals(group)) {
        result.add(key);
      }
    }
    return result;
  }

  /**
   * The shortest length at which a uniform key over {@code alphabet} holds {@link
   * #MIN_ENTROPY_BITS}. Counted in whole characters, so that rounding in the logarithm cannot turn
   * an exact power of two (32 hex characters are 128 bits) into a refusal.
   */
  public static int strongLength(Alphabet alphabet) {
    // The smallest n with size^n >= 2^128, found by exact integer arithmetic.
    java.math.BigInteger target = java.math.BigInteger.TWO.pow(MIN_ENTROPY_BITS);
    java.math.BigInteger size = java.math.BigInteger.valueOf(alphabet.size());
    java.math.BigInteger power = java.math.BigInteger.ONE;
    int n = 0;
    while (power.compareTo(target) < 0) {
      power = power.multiply(size);
      n++;
    }
    return n;
  }

  /** Whether Kubernetes accepts this as a Secret name (a DNS-1123 subdomain). */
  public static boolean isValidSecretName(String name) {
    return name != null && name.length() <= 253 && NameRules.isDnsSubdomain(name);
  }

  /** Whether Kubernetes accepts this as a namespace name (a DNS-1123 label). */
  public static boolean isValidNamespace(String name) {
    return name != null && name.length() <= 63 && NameRules.isDnsLabel(name);
  }
}
