package dev.sessionkeys.operator;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How to run the operator. Start from {@link #defaults()} and change what differs; every field has a sensible default
 * for a Deployment in a cluster.
 *
 * @param kubeconfig a kubeconfig file, or {@code null} for the usual lookup (KUBECONFIG, ~/.kube/config, in-cluster)
 * @param context a kubeconfig context, or {@code null} for the current one
 * @param namespaces the namespaces to watch; empty means all
 * @param leaderElection whether replicas elect a leader through a Lease (only the leader writes)
 * @param leaseName the Lease's name
 * @param leaseNamespace the Lease's namespace, or {@code null} for the client's namespace (the pod's own in a cluster)
 * @param identity this replica's name in the Lease, or {@code null} for the host name
 * @param leaseDuration how long a Lease stays valid without renewal: a stopped leader is replaced after about this long
 * @param renewDeadline how long the leader keeps trying to renew before giving up leadership
 * @param retryPeriod how often candidates try to acquire the Lease
 * @param httpHost the address the health and metrics server listens on
 * @param httpPort its port; 0 picks a free one, negative turns it off
 * @param reconcileThreads how many SessionKeySets are reconciled at once
 * @param clock the time the operator rotates by (a fixed or moving clock in tests)
 */
public record OperatorOptions(
    String kubeconfig,
    String context,
    Set<String> namespaces,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    String identity,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod,
    String httpHost,
    int httpPort,
    int reconcileThreads,
    Clock clock) {

  public OperatorOptions {
    namespaces = Set.copyOf(namespaces);
    Objects.requireNonNull(leaseName, "leaseName");
    Objects.requireNonNull(leaseDuration, "leaseDuration");
    Objects.requireNonNull(renewDeadline, "renewDeadline");
    Objects.requireNonNull(retryPeriod, "retryPeriod");
    Objects.requireNonNull(httpHost, "httpHost");
    Objects.requireNonNull(clock, "clock");
    if (reconcileThreads < 1) {
      throw new IllegalArgumentException("reconcileThreads must be at least 1");
    }
    if (leaderElection && renewDeadline.compareTo(leaseDuration) >= 0) {
      throw new IllegalArgumentException("the renew deadline must be shorter than the lease duration");
    }
  }

  /** Leader election on (Lease {@code sessionkeys-operator}, 15 s / 10 s / 2 s), all namespaces, port 8080. */
  public static OperatorOptions defaults() {
    return new OperatorOptions(null, null, Set.of(), true, "sessionkeys-operator", null, null,
        Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2), "0.0.0.0", 8080, 10,
        Clock.systemUTC());
  }

  public OperatorOptions withKubeconfig(String kubeconfig, String context) {
    return new OperatorOptions(kubeconfig, context, namespaces, leaderElection, leaseName, leaseNamespace, identity,
        leaseDuration, renewDeadline, retryPeriod, httpHost, httpPort, reconcileThreads, clock);
  }

  public OperatorOptions withNamespaces(Set<String> namespaces) {
    return new OperatorOptions(kubeconfig, context, namespaces, leaderElection, leaseName, leaseNamespace, identity,
        leaseDuration, renewDeadline, retryPeriod, httpHost, httpPort, reconcileThreads, clock);
  }

  public OperatorOptions withLeaderElection(boolean enabled, String leaseNamespace, String identity) {
    return new OperatorOptions(kubeconfig, context, namespaces, enabled, leaseName, leaseNamespace, identity,
        leaseDuration, renewDeadline, retryPeriod, httpHost, httpPort, reconcileThreads, clock);
  }

  public OperatorOptions withLeaseTimings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    return new OperatorOptions(kubeconfig, context, namespaces, leaderElection, leaseName, leaseNamespace, identity,
        leaseDuration, renewDeadline, retryPeriod, httpHost, httpPort, reconcileThreads, clock);
  }

  public OperatorOptions withHttp(String host, int port) {
    return new OperatorOptions(kubeconfig, context, namespaces, leaderElection, leaseName, leaseNamespace, identity,
        leaseDuration, renewDeadline, retryPeriod, host, port, reconcileThreads, clock);
  }

  public OperatorOptions withReconcileThreads(int threads) {
    return new OperatorOptions(kubeconfig, context, namespaces, leaderElection, leaseName, leaseNamespace, identity,
        leaseDuration, renewDeadline, retryPeriod, httpHost, httpPort, threads, clock);
  }

  public OperatorOptions withClock(Clock clock) {
    return new OperatorOptions(kubeconfig, context, namespaces, leaderElection, leaseName, leaseNamespace, identity,
        leaseDuration, renewDeadline, retryPeriod, httpHost, httpPort, reconcileThreads, clock);
  }
}
