package dev.sessionkeys.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How to reach the cluster, with kubectl's flag names. Holds plain values only (no Kubernetes
 * client types), so that commands that merely declare these options load nothing of the client
 * until they connect.
 */
final class ClusterOptions {

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description =
          "kubeconfig to use. Default: $KUBECONFIG, ~/.kube/config, or the pod's service account.")
  Path kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "kubeconfig context to use. Default: the current one.")
  String context;
}
