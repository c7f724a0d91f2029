package dev.sessionkeys.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Key sets for tests: fresh random values, rotations, and the secrets.yaml `sessionkeys init`
 * writes.
 */
final class TestKeys {

  static final Map<String, Integer> LENGTHS =
      Map.of(
          "COOKIE_HASH_KEY",
          64,
          "COOKIE_BLOCK_KEY",
          32,
          "SESSION_AUTH_KEY",
          64,
          "SESSION_ENCRYPTION_KEY",
          32,
          "AES_BASE64_CYPHER_KEY",
          32);
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestKeys() {}

  /** A fresh key set (no previous values). */
  static Map<String, String> fresh() {
    Map<String, String> keys = new LinkedHashMap<>();
    for (String name :
        new String[] {
          "COOKIE_HASH_KEY",
          "COOKIE_BLOCK_KEY",
          "SESSION_AUTH_KEY",
          "SESSION_ENCRYPTION_KEY",
          "AES_BASE64_CYPHER_KEY"
        }) {
      keys.put(name, random(LENGTHS.get(name)));
    }
    return keys;
  }

  /**
   * Rotates the two session keys with a grace period: the current values become _PREVIOUS, fresh
   * ones current.
   */
  static Map<String, String> rotateSessionKeys(Map<String, String> keys) {
    Map<String, String> next = new LinkedHashMap<>(keys);
    for (String name : new String[] {"SESSION_AUTH_KEY", "SESSION_ENCRYPTION_KEY"}) {
      next.put(name + "_PREVIOUS", keys.get(name));
      next.put(name, random(LENGTHS.get(name)));
    }
    return next;
  }

  /**
   * Rotates SESSION_ENCRYPTION_KEY alone, keeping SESSION_AUTH_KEY: the current value becomes
   * _PREVIOUS.
   */
  static Map<String, String> rotateSessionEncryptionKeyOnly(Map<String, String> keys) {
    Map<String, String> next = new LinkedHashMap<>(keys);
    next.put("SESSION_ENCRYPTION_KEY_PREVIOUS", keys.get("SESSION_ENCRYPTION_KEY"));
    next.put("SESSION_ENCRYPTION_KEY", random(LENGTHS.get("SESSION_ENCRYPTION_KEY")));
    return next;
  }

  /** Staged rotation, phase prepare: every key keeps its value and gains {@code next} as _NEXT. */
  static Map<String, String> prepare(Map<String, String> keys, Map<String, String> next) {
    Map<String, String> out = new LinkedHashMap<>(keys);
    LENGTHS.keySet().forEach(k -> out.put(k + "_NEXT", next.get(k)));
    return out;
  }

  /** Phase promote: _NEXT becomes the value, the old value becomes _PREVIOUS. */
  static Map<String, String> promote(Map<String, String> prepared) {
    Map<String, String> out = new LinkedHashMap<>();
    LENGTHS
        .keySet()
        .forEach(
            k -> {
              out.put(k, prepared.get(k + "_NEXT"));
              out.put(k + "_PREVIOUS", prepared.get(k));
            });
    return out;
  }

  /**
   * The old one-step rotation: {@code next} becomes the value at once, the old value _PREVIOUS,
   * without a stage in which every replica accepts the new keys before any uses them.
   */
  static Map<String, String> rotateInOneStep(Map<String, String> keys, Map<String, String> next) {
    return promote(prepare(keys, next));
  }

  /** Starts a demo on 127.0.0.1 with the keys of {@code secrets} and no environment. */
  static DemoServer startDemo(Path secrets, int port, java.util.function.Consumer<String> console) {
    return DemoServer.start(
        DemoOptions.defaults()
            .withPort(port)
            .withSecret(secrets)
            .withEnvironment(Map.of())
            .withConsole(console));
  }

  /** Ends a grace period: the _PREVIOUS values are dropped. */
  static Map<String, String> dropPrevious(Map<String, String> keys) {
    Map<String, String> next = new LinkedHashMap<>(keys);
    next.keySet().removeIf(k -> k.endsWith("_PREVIOUS"));
    return next;
  }

  /** Writes the Secret manifest as `sessionkeys init` does (base64 under data) and returns it. */
  static Path writeSecret(Path file, Map<String, String> keys) throws IOException {
    StringBuilder sb =
        new StringBuilder(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: fwinsights-secrets\n"
                + "  namespace: fairwinds-insights\ntype: Opaque\ndata:\n");
    keys.forEach(
        (k, v) ->
            sb.append("  ")
                .append(k)
                .append(": ")
                .append(Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.US_ASCII)))
                .append('\n'));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, sb);
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  /**
   * "sha256:" and the first 16 hex characters of SHA-256, computed here independently of the code
   * under test.
   */
  static String fingerprint(String value) {
    try {
      return "sha256:"
          + HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(value.getBytes(StandardCharsets.US_ASCII)))
              .substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * The fingerprint of the current session key generation: "sha256:" and the first 16 hex
   * characters of SHA-256 over the SHA-256 digests of SESSION_AUTH_KEY and SESSION_ENCRYPTION_KEY,
   * as the runtime documents it, computed here independently.
   */
  static String sessionGeneration(Map<String, String> keys) {
    return pairFingerprint(keys.get("SESSION_AUTH_KEY"), keys.get("SESSION_ENCRYPTION_KEY"));
  }

  /**
   * The previous session generation's fingerprint: a key rotated alone is paired with the other's
   * current value.
   */
  static String previousSessionGeneration(Map<String, String> keys) {
    return pairFingerprint(
        keys.getOrDefault("SESSION_AUTH_KEY_PREVIOUS", keys.get("SESSION_AUTH_KEY")),
        keys.getOrDefault("SESSION_ENCRYPTION_KEY_PREVIOUS", keys.get("SESSION_ENCRYPTION_KEY")));
  }

  private static String pairFingerprint(String first, String second) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(
          MessageDigest.getInstance("SHA-256").digest(first.getBytes(StandardCharsets.US_ASCII)));
      md.update(
          MessageDigest.getInstance("SHA-256").digest(second.getBytes(StandardCharsets.US_ASCII)));
      return "sha256:" + HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static String random(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
