package dev.sessionkeys.cli;

import dev.sessionkeys.core.KeySpec;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.validate.SecretDocument;
import dev.sessionkeys.sops.SecretSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which Secrets of a multi-object input {@code check} looks at. A file that holds one Secret and
 * nothing else is checked whatever it holds (a missing key is a finding). In {@code helm template}
 * or {@code kubectl get -o yaml} output, the Secrets that hold none of the profile's keys (TLS
 * certificates, service-account tokens, the chart's other Secrets) are skipped and counted, like
 * the other kinds.
 */
final class SecretSelection {

  private SecretSelection() {}

  /**
   * Adds the key Secrets of {@code input} to {@code into}, and a line per skipped object; with
   * {@code byName}, every Secret (the name picks among them afterwards, see {@link #named}).
   */
  static void keySecrets(
      SecretSource.Input input,
      Profile profile,
      boolean byName,
      List<SecretDocument> into,
      List<String> skipped) {
    String where = SecretSource.STDIN.equals(input.source()) ? "standard input" : input.source();
    for (String object : input.skipped()) {
      skipped.add(where + ": " + object);
    }
    boolean single = byName || (input.secrets().size() == 1 && input.skipped().isEmpty());
    List<SecretDocument> kept = new ArrayList<>();
    for (SecretDocument secret : input.secrets()) {
      if (single || holdsAKey(secret, profile)) {
        kept.add(secret);
      } else {
        skipped.add(where + ": " + describe(secret) + ", none of the profile's keys");
      }
    }
    if (kept.isEmpty()) {
      throw CliException.input(
          where
              + ": none of its "
              + Text.count(input.secrets().size(), "Secret")
              + " holds a key of profile "
              + profile.name()
              + " ("
              + String.join(", ", keyNames(profile))
              + "); give the right file, --profile, or --secret-name NAME");
    }
    into.addAll(kept);
  }

  /** The Secrets named {@code name}; the others are skipped. None is an input error. */
  static List<SecretDocument> named(
      String name, List<SecretDocument> secrets, List<String> skipped, List<Path> files) {
    List<SecretDocument> kept = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (SecretDocument secret : secrets) {
      if (name.equals(secret.name())) {
        kept.add(secret);
      } else {
        others.add(secret.name() == null ? "(unnamed)" : secret.name());
        skipped.add(secret.source() + ": " + describe(secret) + ", not --secret-name " + name);
      }
    }
    if (kept.isEmpty()) {
      throw CliException.input(
          "no Secret named '"
              + name
              + "' in "
              + files.stream().map(Path::toString).toList()
              + (others.isEmpty() ? "" : " (found: " + String.join(", ", others) + ")")
              + "; check --secret-name");
    }
    return kept;
  }

  private static boolean holdsAKey(SecretDocument secret, Profile profile) {
    for (String key : keyNames(profile)) {
      if (secret.data().containsKey(key) || secret.stringData().containsKey(key)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> keyNames(Profile profile) {
    List<String> names = new ArrayList<>();
    for (KeySpec key : profile.keys()) {
      names.add(key.name());
    }
    return names;
  }

  private static String describe(SecretDocument secret) {
    return "Secret "
        + (secret.name() == null ? "(unnamed)" : secret.name())
        + (secret.line() > 0 ? " (line " + secret.line() + ")" : "");
  }
}
