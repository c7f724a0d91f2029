package dev.sessionkeys.cli;

import dev.sessionkeys.operator.OperatorMain;
import dev.sessionkeys.operator.OperatorOptions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sessionkeys operator}: runs the controller that keeps SessionKeySets present, valid and
 * rotated, until stopped. Configured like a container is: the environment variables of {@link
 * OperatorOptions#fromEnvironment} (which the Deployment and the Helm chart set), overridden by the
 * flags given here.
 */
@Command(
    name = "operator",
    mixinStandardHelpOptions = true,
    description = {
      "Run the SessionKeySet operator (the CRD is in deploy/crd/): it creates missing",
      "Secrets and keys, reports invalid ones, rotates cookie and session keys on",
      "schedule with a grace period, and never deletes a Secret unless told to.",
      "Several replicas elect a leader through a Lease; only the leader writes.",
      "Health: /livez and /readyz; Prometheus metrics: /metrics.",
      "",
      "Environment (as the Helm chart sets it): SESSIONKEYS_WATCH_NAMESPACES,",
      "SESSIONKEYS_LEADER_ELECTION, SESSIONKEYS_LEASE_NAME, SESSIONKEYS_LEASE_NAMESPACE,",
      "SESSIONKEYS_HTTP_PORT, SESSIONKEYS_METRICS_BIND_ADDRESS, SESSIONKEYS_RECONCILE_THREADS,",
      "POD_NAME, POD_NAMESPACE.",
      "",
      "Example:",
      "  sessionkeys operator --context kind-dev --watch-namespace fairwinds-insights --http-port 9090"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped",
      "2:usage error (a bad flag or environment variable)",
      "3:cluster failure (unreachable, unauthorized, forbidden) or leadership lost"
    })
final class OperatorCommand implements Callable<Integer> {

  @Mixin ClusterOptions clusterOptions;

  @Option(
      names = "--watch-namespace",
      paramLabel = "NS",
      split = ",",
      description =
          "Namespaces to watch (repeatable or comma-separated). Default: all, or SESSIONKEYS_WATCH_NAMESPACES.")
  List<String> watchNamespaces;

  @Option(
      names = "--leader-elect",
      paramLabel = "true|false",
      arity = "1",
      description =
          "Elect a leader through a Lease (needed with more than one replica). Default: true.")
  Boolean leaderElect;

  @Option(
      names = "--lease-namespace",
      paramLabel = "NS",
      description =
          "Namespace of the Lease. Default: SESSIONKEYS_LEASE_NAMESPACE or POD_NAMESPACE.")
  String leaseNamespace;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description = "Port of /livez, /readyz and /metrics; negative turns them off. Default: 8080.")
  Integer httpPort;

  @Option(
      names = "--metrics-bind-address",
      paramLabel = "HOST:PORT",
      description =
          "Serve /metrics only at HOST:PORT (e.g. 127.0.0.1:9090: inside the pod), not on the probe port."
              + " Default: the probe port, or SESSIONKEYS_METRICS_BIND_ADDRESS.")
  String metricsBindAddress;

  @Override
  public Integer call() {
    OperatorOptions options;
    try {
      options = OperatorOptions.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      throw CliException.input(e.getMessage());
    }
    options =
        options.withKubeconfig(
            clusterOptions.kubeconfig == null ? null : clusterOptions.kubeconfig.toString(),
            clusterOptions.context);
    if (watchNamespaces != null) {
      for (String namespace : watchNamespaces) {
        if (!dev.sessionkeys.core.Profile.isValidNamespace(namespace)) {
          throw CliException.input(
              "--watch-namespace '" + namespace + "' is not a valid namespace name");
        }
      }
      options = options.withNamespaces(new LinkedHashSet<>(watchNamespaces));
    }
    if (leaderElect != null || leaseNamespace != null) {
      options =
          options.withLeaderElection(
              leaderElect == null ? options.leaderElection() : leaderElect,
              leaseNamespace == null ? options.leaseNamespace() : leaseNamespace,
              options.identity());
    }
    if (httpPort != null) {
      if (httpPort > 65535) {
        throw CliException.input("--http-port " + httpPort + ": a port is at most 65535");
      }
      options = options.withHttp(options.httpHost(), httpPort);
    }
    if (metricsBindAddress != null) {
      try {
        options = options.withMetricsBindAddress(metricsBindAddress);
      } catch (IllegalArgumentException e) {
        throw CliException.input("--metrics-bind-address " + e.getMessage());
      }
    }
    return OperatorMain.run(options);
  }
}
