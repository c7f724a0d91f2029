package dev.sessionkeys.cli;

import dev.sessionkeys.core.Profile;
import dev.sessionkeys.kube.SecretRef;
import picocli.CommandLine.Option;

/**
 * Which live Secret a cluster command works on: {@code -n/--namespace} and {@code --secret-name}.
 */
final class SecretTargetOptions {

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description =
          "Namespace. Default: the kubeconfig context's namespace, as kubectl uses it, else the"
              + " profile's.")
  String namespace;

  @Option(
      names = "--secret-name",
      paramLabel = "NAME",
      description = "Secret name. Default: the profile's.")
  String secretName;

  /**
   * The Secret named by the flags, else by the kubeconfig's context (namespace) and the profile;
   * both names checked as Kubernetes checks them.
   */
  SecretRef resolve(Profile profile, ClusterOptions cluster) {
    String ns = namespace != null ? namespace : Cluster.contextNamespace(cluster);
    return new SecretRef(Names.namespace(ns, profile), Names.secretName(secretName, profile));
  }
}
