package dev.sessionkeys.demo;

import dev.sessionkeys.runtime.KeyLoadException;
import dev.sessionkeys.runtime.SessionKeys;
import dev.sessionkeys.runtime.SessionKeys.Key;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Loads the key set the way a deployed app gets it: from a {@code secrets.yaml} manifest, from a mounted Secret
 * directory, or from the environment ({@code envFrom}), with {@code <KEY>_PREVIOUS} values during a rotation.
 *
 * @param keys the validated key set
 * @param source where they came from, for the console and the page (a path or "the environment")
 * @param previousSessionKey the fingerprint of the SESSION_AUTH_KEY of the previous session key pair, or null when no
 *     session key is being rotated
 */
record DemoKeys(SessionKeys keys, String source, String previousSessionKey) {

  static DemoKeys load(Path secret, Map<String, String> environment) {
    try {
      if (secret == null) {
        if (!hasAnyKey(environment)) {
          throw DemoException.input("no session keys: give --secret secrets.yaml (write one with `sessionkeys init`)"
              + " or a mounted Secret directory, or set " + Key.COOKIE_HASH_KEY + " and the other keys in the"
              + " environment");
        }
        SessionKeys keys = SessionKeys.fromEnvironment(environment);
        return new DemoKeys(keys, "the environment", previousSessionKey(keys, environment));
      }
      if (Files.isDirectory(secret)) {
        SessionKeys keys = SessionKeys.fromDirectory(secret, environment);
        return new DemoKeys(keys, secret.toString(), previousSessionKey(keys, previousFromDirectory(secret)));
      }
      SecretManifest manifest = SecretManifest.read(secret);
      Map<String, String> values = new HashMap<>(manifest.values());
      SessionKeys keys = SessionKeys.of(values);
      return new DemoKeys(keys, secret.toString(), previousSessionKey(keys, values));
    } catch (KeyLoadException e) {
      // One line per key problem, each naming the key, the lengths and the Secret, never the value.
      String prefix = secret == null || Files.isDirectory(secret) ? "" : secret + ": ";
      throw DemoException.input(prefix + e.getMessage());
    }
  }

  /**
   * The runtime's key set does not tell a previous key's fingerprint, so it is taken from the loaded values: the
   * previous session pair signs with SESSION_AUTH_KEY_PREVIOUS, or with the current SESSION_AUTH_KEY when only the
   * encryption key was rotated.
   */
  private static String previousSessionKey(SessionKeys keys, Map<String, String> values) {
    if (!keys.hasPrevious(Key.SESSION_AUTH_KEY) && !keys.hasPrevious(Key.SESSION_ENCRYPTION_KEY)) {
      return null;
    }
    if (!keys.hasPrevious(Key.SESSION_AUTH_KEY)) {
      return keys.fingerprint(Key.SESSION_AUTH_KEY);
    }
    return fingerprint(values.get(Key.SESSION_AUTH_KEY.previousName()));
  }

  private static Map<String, String> previousFromDirectory(Path directory) {
    Path file = directory.resolve(Key.SESSION_AUTH_KEY.previousName());
    try {
      return Files.isRegularFile(file)
          ? Map.of(file.getFileName().toString(), new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
          : Map.of();
    } catch (IOException e) {
      throw DemoException.io(file + ": cannot read it (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** First 8 hex characters of SHA-256, as the runtime and the CLI show keys. */
  static String fingerprint(String value) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.ISO_8859_1));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  private static boolean hasAnyKey(Map<String, String> environment) {
    for (Key key : Key.values()) {
      if (environment.containsKey(key.name())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "DemoKeys[" + keys + ", source=" + source + "]";
  }
}
