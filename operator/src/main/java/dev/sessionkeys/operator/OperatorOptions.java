package dev.sessionkeys.operator;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * How to run the operator. Start from {@link #defaults()} and change what differs; every field has
 * a sensible default for a Deployment in a cluster.
 *
 * @param kubeconfig a kubeconfig file, or {@code null} for the usual lookup (KUBECONFIG,
 *     ~/.kube/config, in-cluster)
 * @param context a kubeconfig context, or {@code null} for the current one
 * @param namespaces the namespaces to watch; empty means all
 * @param leaderElection whether replicas elect a leader through a Lease (only the leader writes)
 * @param leaseName the Lease's name
 * @param leaseNamespace the Lease's namespace, or {@code null} for the client's namespace (the
 *     pod's own in a cluster)
 * @param identity this replica's name in the Lease, or {@code null} for the host name
 * @param leaseDuration how long a Lease stays valid without renewal: a stopped leader is replaced
 *     after about this long
 * @param renewDeadline how long the leader keeps trying to renew before giving up leadership
 * @param retryPeriod how often candidates try to acquire the Lease
 * @param httpHost the address the health and metrics server listens on
 * @param httpPort its port; 0 picks a free one, negative turns it off
 * @param metricsBindAddress {@code host:port} where {@code /metrics} is served instead of on the
 *     health port (e.g. {@code 127.0.0.1:9090}: only inside the pod), or {@code null} for the
 *     health port
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
    String metricsBindAddress,
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
    if (metricsBindAddress != null) {
      HealthServer.parseAddress(metricsBindAddress);
    }
    if (reconcileThreads < 1) {
      throw new IllegalArgumentException("reconcileThreads must be at least 1");
    }
    if (leaderElection && renewDeadline.compareTo(leaseDuration) >= 0) {
      throw new IllegalArgumentException(
          "the renew deadline must be shorter than the lease duration");
    }
  }

  /**
   * Leader election on (Lease {@code sessionkeys-operator}, 15 s / 10 s / 2 s), all namespaces,
   * port 8080.
   */
  public static OperatorOptions defaults() {
    return new OperatorOptions(
        null,
        null,
        Set.of(),
        true,
        "sessionkeys-operator",
        null,
        null,
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        Duration.ofSeconds(2),
        "0.0.0.0",
        8080,
        null,
        10,
        Clock.systemUTC());
  }

  /**
   * The defaults, changed by environment variables, which is how the Deployment and the Helm chart
   * configure a replica: {@code SESSIONKEYS_WATCH_NAMESPACES} (comma-separated; empty for all),
   * {@code SESSIONKEYS_LEADER_ELECTION} (true/false), {@code SESSIONKEYS_LEASE_NAME}, {@code
   * SESSIONKEYS_LEASE_NAMESPACE} (else {@code POD_NAMESPACE}), {@code SESSIONKEYS_HTTP_PORT}
   * (negative turns the server off), {@code SESSIONKEYS_METRICS_BIND_ADDRESS} ({@code host:port}),
   * {@code SESSIONKEYS_RECONCILE_THREADS}. The identity is {@code POD_NAME}, else the host name.
   *
   * @throws IllegalArgumentException naming the variable whose value is unusable
   */
  public static OperatorOptions fromEnvironment(Map<String, String> env) {
    OperatorOptions o = defaults();
    return new OperatorOptions(
        null,
        null,
        Arrays.stream(env.getOrDefault("SESSIONKEYS_WATCH_NAMESPACES", "").split(","))
            .map(String::trim)
            .filter(ns -> !ns.isEmpty())
            .collect(Collectors.toSet()),
        !"false".equalsIgnoreCase(env.getOrDefault("SESSIONKEYS_LEADER_ELECTION", "true").trim()),
        env.getOrDefault("SESSIONKEYS_LEASE_NAME", o.leaseName()),
        env.getOrDefault("SESSIONKEYS_LEASE_NAMESPACE", env.get("POD_NAMESPACE")),
        env.get("POD_NAME"),
        o.leaseDuration(),
        o.renewDeadline(),
        o.retryPeriod(),
        o.httpHost(),
        integer(env, "SESSIONKEYS_HTTP_PORT", o.httpPort()),
        metricsAddress(env.get("SESSIONKEYS_METRICS_BIND_ADDRESS")),
        integer(env, "SESSIONKEYS_RECONCILE_THREADS", o.reconcileThreads()),
        o.clock());
  }

  private static int integer(Map<String, String> env, String name, int fallback) {
    String text = env.get(name);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "='" + text + "' is not a whole number");
    }
  }

  /** The address, checked here so that the message names the variable. */
  private static String metricsAddress(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      HealthServer.parseAddress(text.trim());
      return text.trim();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("SESSIONKEYS_METRICS_BIND_ADDRESS: " + e.getMessage());
    }
  }

  /** Serves /metrics at {@code hostAndPort} only, or (null) on the health port. */
  public OperatorOptions withMetricsBindAddress(String hostAndPort) {
    return with(c -> c.metricsBindAddress = hostAndPort);
  }

  public OperatorOptions withKubeconfig(String kubeconfig, String context) {
    return with(c -> c.kubeconfig = kubeconfig).with(c -> c.context = context);
  }

  public OperatorOptions withNamespaces(Set<String> namespaces) {
    return with(c -> c.namespaces = namespaces);
  }

  public OperatorOptions withLeaderElection(
      boolean enabled, String leaseNamespace, String identity) {
    return with(c -> c.leaderElection = enabled)
        .with(c -> c.leaseNamespace = leaseNamespace)
        .with(c -> c.identity = identity);
  }

  public OperatorOptions withLeaseTimings(
      Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    // One copy, checked once: the deadline must stay shorter than the duration.
    return with(
        c -> {
          c.leaseDuration = leaseDuration;
          c.renewDeadline = renewDeadline;
          c.retryPeriod = retryPeriod;
        });
  }

  public OperatorOptions withHttp(String host, int port) {
    return with(c -> c.httpHost = host).with(c -> c.httpPort = port);
  }

  public OperatorOptions withReconcileThreads(int threads) {
    return with(c -> c.reconcileThreads = threads);
  }

  public OperatorOptions withClock(Clock clock) {
    return with(c -> c.clock = clock);
  }

  private OperatorOptions with(Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return copy.build();
  }

  /**
   * The fields of one set of options, to change a few and build a new one: records have no
   * copy-with, and listing all fifteen components in every {@code with} method made each a copy of
   * the others. The constructor still checks the result.
   */
  private static final class Copy {
    private String kubeconfig;
    private String context;
    private Set<String> namespaces;
    private boolean leaderElection;
    private final String leaseName;
    private String leaseNamespace;
    private String identity;
    private Duration leaseDuration;
    private Duration renewDeadline;
    private Duration retryPeriod;
    private String httpHost;
    private int httpPort;
    private String metricsBindAddress;
    private int reconcileThreads;
    private Clock clock;

    Copy(OperatorOptions from) {
      kubeconfig = from.kubeconfig;
      context = from.context;
      namespaces = from.namespaces;
      leaderElection = from.leaderElection;
      leaseName = from.leaseName;
      leaseNamespace = from.leaseNamespace;
      identity = from.identity;
      leaseDuration = from.leaseDuration;
      renewDeadline = from.renewDeadline;
      retryPeriod = from.retryPeriod;
      httpHost = from.httpHost;
      httpPort = from.httpPort;
      metricsBindAddress = from.metricsBindAddress;
      reconcileThreads = from.reconcileThreads;
      clock = from.clock;
    }

    OperatorOptions build() {
      return new OperatorOptions(
          kubeconfig,
          context,
          namespaces,
          leaderElection,
          leaseName,
          leaseNamespace,
          identity,
          leaseDuration,
          renewDeadline,
          retryPeriod,
          httpHost,
          httpPort,
          metricsBindAddress,
          reconcileThreads,
          clock);
    }
  }
}
