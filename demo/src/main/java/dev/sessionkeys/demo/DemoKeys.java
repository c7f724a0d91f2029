package dev.sessionkeys.demo;

import dev.sessionkeys.core.validate.SecretDocument;
import dev.sessionkeys.manifest.ManifestException;
import dev.sessionkeys.runtime.KeyLoadException;
import dev.sessionkeys.runtime.SessionKeys;
import dev.sessionkeys.runtime.SessionKeys.Key;
import dev.sessionkeys.sops.SecretSource;
import dev.sessionkeys.sops.SopsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Loads the key set the way a deployed app gets it: from a {@code secrets.yaml} manifest (plain or
 * SOPS-encrypted), from a mounted Secret directory, or from the environment ({@code envFrom}), with
 * {@code <KEY>_PREVIOUS} values during a rotation.
 *
 * @param keys the validated key set
 * @param source where they came from, for the console and the page (a path or "the environment")
 */
record DemoKeys(SessionKeys keys, String source) {

  static DemoKeys load(Path secret, Map<String, String> environment) {
    SessionKeys keys;
    String source;
    try {
      if (secret == null) {
        if (!hasAnyKey(environment)) {
          throw DemoException.input(
              "no session keys: give --secret secrets.yaml (write one with `sessionkeys init`)"
                  + " or a mounted Secret directory, or set "
                  + Key.COOKIE_HASH_KEY
                  + " and the other keys in the"
                  + " environment");
        }
        keys = SessionKeys.fromEnvironment(environment);
        source = "the environment";
      } else if (Files.isDirectory(secret)) {
        keys = SessionKeys.fromDirectory(secret, environment);
        source = secret.toString();
      } else {
        SecretDocument manifest = readManifest(secret, environment);
        String name =
            manifest.name() != null
                ? manifest.name()
                : environment.getOrDefault(
                    SessionKeys.SECRET_NAME_ENV, SessionKeys.DEFAULT_SECRET_NAME);
        keys = SessionKeys.of(values(manifest), secret.toString(), name);
        source = secret.toString();
      }
    } catch (KeyLoadException e) {
      // One line per key problem, each naming the key, the lengths, the file and the Secret, never
      // the value.
      throw DemoException.input(e.getMessage());
    }
    return new DemoKeys(keys, source);
  }

  /**
   * The Secret in {@code file}, plain or SOPS-encrypted (decrypted in memory with the identities
   * sops would find in {@code environment}), read as the CLI reads it.
   */
  private static SecretDocument readManifest(Path file, Map<String, String> environment) {
    if (!Files.exists(file)) {
      throw DemoException.input(
          file
              + ": no such file; write one with `sessionkeys init`, or give a mounted Secret"
              + " directory");
    }
    try {
      return new SecretSource(null, environment).readOne(file);
    } catch (ManifestException e) {
      throw DemoException.input(e.getMessage());
    } catch (SopsException e) {
      throw e.reason() == SopsException.Reason.IO
          ? DemoException.io(e.getMessage(), e)
          : DemoException.input(e.getMessage());
    }
  }

  private static Map<String, String> values(SecretDocument manifest) {
    try {
      return manifest.effectiveValues();
    } catch (IllegalArgumentException e) {
      throw DemoException.input(e.getMessage());
    }
  }

  private static boolean hasAnyKey(Map<String, String> environment) {
    return Arrays.stream(Key.values()).anyMatch(key -> environment.containsKey(key.name()));
  }

  @Override
  public String toString() {
    return "DemoKeys[" + keys + ", source=" + source + "]";
  }
}
