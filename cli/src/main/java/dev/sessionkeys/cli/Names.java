package dev.sessionkeys.cli;

import dev.sessionkeys.core.Profile;

/** Secret names and namespaces from the command line, checked as Kubernetes checks them. */
final class Names {

  private Names() {}

  static String secretName(String given, Profile profile) {
    String name = given == null ? profile.defaultSecretName() : given;
    return checked(
        Profile.isValidSecretName(name), "--secret-name", name, "name", "digits, '-' and '.'", 253);
  }

  static String namespace(String given, Profile profile) {
    String ns = given == null ? profile.defaultNamespace() : given;
    return checked(
        Profile.isValidNamespace(ns), "--namespace", ns, "namespace", "digits and '-'", 63);
  }

  /** {@code value}, or a one-line input error saying what Kubernetes allows. */
  private static String checked(
      boolean valid, String flag, String value, String what, String allowed, int max) {
    if (!valid) {
      throw CliException.input(
          flag
              + " '"
              + value
              + "' is not a valid Kubernetes "
              + what
              + ": use lower-case letters, "
              + allowed
              + " (at most "
              + max
              + " characters)");
    }
    return value;
  }
}
