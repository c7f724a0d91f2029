package dev.sessionkeys.cli;

import dev.sessionkeys.core.Profile;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which Secret a command works on: the profile (its keys and default names), {@code -n/--namespace}
 * and {@code --secret-name}; for a live Secret, with the kubeconfig context's namespace as
 * kubectl's default.
 */
final class SecretTargetOptions {

  @Mixin ProfileOption profileOption = new ProfileOption();

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description =
          "Namespace. Default: in a cluster, the kubeconfig context's namespace, as kubectl uses"
              + " it; else the profile's (fairwinds-insights).")
  String namespace;

  @Option(
      names = "--secret-name",
      paramLabel = "NAME",
      description = "Secret name. Default: the profile's (fwinsights-secrets).")
  String secretName;

  /** The chosen profile; a bad profile file is an input error (exit 2). */
  Profile profile() {
    return profileOption.resolve();
  }

  /** The Secret's name, checked as Kubernetes checks it. */
  String name(Profile profile) {
    return Names.secretName(secretName, profile);
  }

  /** The namespace given, else the profile's, checked as Kubernetes checks it. */
  String namespace(Profile profile) {
    return Names.namespace(namespace, profile);
  }
}
