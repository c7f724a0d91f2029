package dev.sessionkeys.cli;

import dev.sessionkeys.core.Profile;

/** Secret names and namespaces from the command line, checked as Kubernetes checks them. */
final class Names {

  private Names() {}

  static String secretName(String given, Profile profile) {
    String name = given == null ? profile.defaultSecretName() : given;
    if (!Profile.isValidSecretName(name)) {
      throw CliException.input(
          "--secret-name '"
              + name
              + "' is not a valid Kubernetes name: use lower-case letters,"
              + " digits, '-' and '.' (at most 253 characters)");
    }
    return name;
  }

  static String namespace(String given, Profile profile) {
    String ns = given == null ? profile.defaultNamespace() : given;
    if (!Profile.isValidNamespace(ns)) {
      throw CliException.input(
          "--namespace '"
              + ns
              + "' is not a valid Kubernetes namespace: use lower-case letters,"
              + " digits and '-' (at most 63 characters)");
    }
    return ns;
  }
}
