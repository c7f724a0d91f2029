package dev.sessionkeys.cli;

import dev.sessionkeys.core.validate.SecretDocument;
import dev.sessionkeys.manifest.SecretManifests;
import dev.sessionkeys.runtime.KeyLoadException;
import dev.sessionkeys.runtime.SessionKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where the cookie and session commands take their keys from, and how the payload is serialized.
 */
final class CookieKeyOptions {

  @Option(
      names = "--secret",
      paramLabel = "FILE",
      description = {
        "A Secret manifest (secrets.yaml) or a mounted Secret directory (one file per key).",
        "Default: the keys from the environment (as envFrom gives them), with optional <KEY>_PREVIOUS."
      })
  Path secret;

  @Option(
      names = "--max-age",
      paramLabel = "SECONDS",
      defaultValue = "2592000",
      description =
          "Reject cookies older than this; 0 for no limit. Default: ${DEFAULT-VALUE} (30 days).")
  long maxAgeSeconds;

  static final class FormatGroup {
    @Option(names = "--json", description = "JSON payload (gorilla's JSONEncoder).")
    boolean json;

    @Option(
        names = "--gob",
        description = "gob payload (gorilla's default, used by sessions). The default.")
    boolean gob;

    @Option(names = "--raw", description = "Raw bytes (gorilla's NopEncoder).")
    boolean raw;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  FormatGroup formatGroup;

  CookieInspector.Format format() {
    if (formatGroup == null || formatGroup.gob) {
      return CookieInspector.Format.GOB;
    }
    return formatGroup.json ? CookieInspector.Format.JSON : CookieInspector.Format.RAW;
  }

  /**
   * Loads and validates the key set; a bad or missing key is an input error (exit 2) naming the
   * key.
   */
  SessionKeys keys() {
    if (maxAgeSeconds < 0) {
      throw CliException.input("--max-age must be 0 or more seconds, got " + maxAgeSeconds);
    }
    try {
      if (secret == null) {
        return SessionKeys.fromEnvironment();
      }
      if (Files.isDirectory(secret)) {
        return SessionKeys.fromDirectory(secret);
      }
      if (!Files.isRegularFile(secret)) {
        throw CliException.input(
            secret
                + ": no such file or directory (--secret takes a Secret manifest or a"
                + " mounted Secret directory)");
      }
      SecretDocument doc = SecretManifests.readOne(secret);
      Map<String, String> values = new HashMap<>();
      for (Map.Entry<String, SecretDocument.Entry> e : doc.data().entrySet()) {
        try {
          byte[] bytes = Base64.getMimeDecoder().decode(e.getValue().text());
          values.put(e.getKey(), new String(bytes, StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException ex) {
          throw CliException.input(
              secret + ":" + e.getValue().line() + ": data." + e.getKey() + " is not valid base64");
        }
      }
      for (Map.Entry<String, SecretDocument.Entry> e : doc.stringData().entrySet()) {
        values.put(e.getKey(), e.getValue().text());
      }
      String name = doc.name() == null ? SessionKeys.DEFAULT_SECRET_NAME : doc.name();
      return SessionKeys.of(values, secret.toString(), name);
    } catch (KeyLoadException e) {
      throw CliException.input(e.getMessage());
    }
  }

  /** The value argument: "-" reads it from stdin (keeps cookies out of shell history). */
  static String value(String argument) {
    String v = argument;
    if ("-".equals(argument)) {
      try {
        v = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new UncheckedIOException("reading the value from stdin", e);
      }
    }
    return v;
  }
}
