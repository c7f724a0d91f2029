package dev.sessionkeys.sops;

import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import dev.sessionkeys.manifest.ManifestException;
import dev.sessionkeys.manifest.ParseLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * age keys on disk: {@code age-keygen} and finding identities the way sops does.
 *
 * <p>sops reads identities from {@code SOPS_AGE_KEY} (the key text itself), {@code
 * SOPS_AGE_KEY_FILE} (a path) and the user's {@code sops/age/keys.txt} under the config directory
 * ({@code $XDG_CONFIG_HOME}, else {@code ~/.config}), and uses all of them together. An explicit
 * file (the CLI's {@code -i FILE}) replaces that search.
 */
public final class AgeKeys {

  public static final String SOPS_AGE_KEY = "SOPS_AGE_KEY";
  public static final String SOPS_AGE_KEY_FILE = "SOPS_AGE_KEY_FILE";

  private AgeKeys() {}

  /** A fresh identity, not yet written anywhere. */
  public static AgeIdentity generate() {
    try {
      KeyPair pair = new X25519KeyPairGenerator().generateKeyPair();
      // jagged renders its private key as the Bech32 identity; it goes straight into AgeIdentity.
      return AgeIdentity.parse(pair.getPrivate().toString(), "the generated key");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("X25519 unavailable", e);
    }
  }

  /**
   * {@code age-keygen -o FILE}: generates an identity and writes it in age-keygen's format (mode
   * 0600, atomically). Refuses to overwrite an existing file.
   *
   * @return the new identity; print {@code identity.recipient()} for the user
   */
  public static AgeIdentity generateToFile(Path file, Clock clock) {
    AgeIdentity identity = generate();
    Sops.writeSecretFile(
        file, keyFileText(identity, clock.instant()).getBytes(StandardCharsets.UTF_8), false);
    return identity;
  }

  /**
   * The text age-keygen writes: created and public-key comments, then the secret line. It holds the
   * secret: only for output the user asked for ({@code age-keygen} without {@code -o}).
   */
  public static String keyFileText(AgeIdentity identity, Instant created) {
    return "# created: "
        + created.truncatedTo(ChronoUnit.SECONDS)
        + "\n"
        + "# public key: "
        + identity.recipient().value()
        + "\n"
        + identity.secretForKeyFile()
        + "\n";
  }

  /**
   * The default key file: {@code $XDG_CONFIG_HOME/sops/age/keys.txt}, else {@code
   * ~/.config/sops/age/keys.txt}.
   */
  public static Path defaultKeyFile(Map<String, String> env) {
    String xdg = env.get("XDG_CONFIG_HOME");
    Path config =
        (xdg != null && !xdg.isEmpty())
            ? Path.of(xdg)
            : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
    return config.resolve("sops").resolve("age").resolve("keys.txt");
  }

  /**
   * Finds identities the way sops does, or from {@code explicitFile} only when given.
   *
   * @throws SopsException MISSING_IDENTITY when nothing is found, INVALID_KEY/IO for a bad or
   *     unreadable key file
   */
  public static List<AgeIdentity> findIdentities(
      Optional<Path> explicitFile, Map<String, String> env) {
    if (explicitFile.isPresent()) {
      List<AgeIdentity> identities = readKeyFile(explicitFile.get(), true);
      if (identities.isEmpty()) {
        throw new SopsException(
            SopsException.Reason.MISSING_IDENTITY,
            "the identity file "
                + explicitFile.get()
                + " holds no 'AGE-SECRET-KEY-1...' line (create one with 'sessionkeys age-keygen')");
      }
      return identities;
    }
    List<AgeIdentity> identities = new ArrayList<>();
    String inline = env.get(SOPS_AGE_KEY);
    if (inline != null && !inline.isBlank()) {
      identities.addAll(parseIdentities(inline, SOPS_AGE_KEY));
    }
    String file = env.get(SOPS_AGE_KEY_FILE);
    if (file != null && !file.isEmpty()) {
      identities.addAll(readKeyFile(Path.of(file), true));
    }
    Path fallback = defaultKeyFile(env);
    identities.addAll(readKeyFile(fallback, false));
    if (identities.isEmpty()) {
      throw new SopsException(
          SopsException.Reason.MISSING_IDENTITY,
          "no age identity found: set "
              + SOPS_AGE_KEY_FILE
              + " to your key file, or "
              + SOPS_AGE_KEY
              + " to the key itself, or put it in "
              + fallback
              + " (create one with 'sessionkeys age-keygen')");
    }
    return List.copyOf(identities);
  }

  /** Reads a key file; a missing file is an error only when {@code required}. */
  public static List<AgeIdentity> readKeyFile(Path file, boolean required) {
    String text;
    try {
      text = ParseLimits.DEFAULT.readString(file);
    } catch (ManifestException e) {
      throw SopsException.invalidInput(e.getMessage());
    } catch (NoSuchFileException e) {
      if (required) {
        throw new SopsException(
            SopsException.Reason.MISSING_IDENTITY,
            "the age key file "
                + file
                + " does not exist (check the path, or create it with"
                + " 'sessionkeys age-keygen -o "
                + file
                + "')");
      }
      return List.of();
    } catch (IOException e) {
      throw new SopsException(
          SopsException.Reason.IO,
          "cannot read the age key file "
              + file
              + ": "
              + e.getMessage()
              + " (check its permissions)",
          e);
    }
    return parseIdentities(text, file.toString());
  }

  /**
   * One identity per line; blank lines and {@code #} comments ignored (sops' {@code
   * parseIdentities}).
   */
  public static List<AgeIdentity> parseIdentities(String text, String source) {
    List<AgeIdentity> identities = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      identities.add(AgeIdentity.parse(line, source + " line " + (i + 1)));
    }
    return identities;
  }
}
