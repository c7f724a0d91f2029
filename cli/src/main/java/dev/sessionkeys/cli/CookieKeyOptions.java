package dev.sessionkeys.cli;

import dev.sessionkeys.core.validate.SecretDocument;
import dev.sessionkeys.runtime.KeyLoadException;
import dev.sessionkeys.runtime.SessionKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The cookie's name, where the cookie and session commands take their keys from, and how the
 * payload is serialized.
 */
final class CookieKeyOptions {

  @Option(
      names = "--name",
      required = true,
      paramLabel = "NAME",
      description = "The cookie's name (it is signed).")
  String name;

  @Option(
      names = "--secret",
      paramLabel = "FILE",
      description = {
        "A Secret manifest (secrets.yaml), plain or SOPS-encrypted, or a mounted Secret directory.",
        "Default: the keys from the environment (as envFrom gives them), with optional <KEY>_PREVIOUS."
      })
  Path secret;

  @Mixin IdentityOption identityOption;

  @Option(
      names = "--max-age",
      paramLabel = "DURATION",
      defaultValue = "720h",
      converter = DurationConverter.class,
      description =
          "Reject cookies older than this (90m, 720h, 30d); 0 for no limit. Default: 720h (30 days).")
  java.time.Duration maxAge;

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
      // Plain or SOPS-encrypted, read as check reads it.
      SecretDocument doc = identityOption.source().readOne(secret);
      String name = doc.name() == null ? SessionKeys.DEFAULT_SECRET_NAME : doc.name();
      return SessionKeys.of(effectiveValues(doc), secret.toString(), name);
    } catch (KeyLoadException e) {
      throw CliException.input(e.getMessage());
    }
  }

  /**
   * The Secret's values as the API server reads them (the one decoder of data: strict base64, CR/LF
   * skipped; stringData wins); bad base64 is an input error.
   */
  static Map<String, String> effectiveValues(SecretDocument doc) {
    try {
      return doc.effectiveValues();
    } catch (IllegalArgumentException e) {
      throw CliException.input(e.getMessage());
    }
  }

  /** The value argument: "-" reads it from stdin (keeps cookies out of shell history). */
  static String value(String argument) {
    if (!"-".equals(argument)) {
      return argument;
    }
    try {
      return new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("reading the value from stdin", e);
    }
  }
}
