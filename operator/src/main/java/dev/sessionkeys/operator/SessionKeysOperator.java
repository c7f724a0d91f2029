package dev.sessionkeys.operator;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.operator.crd.SessionKeySet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running operator: the Java Operator SDK controller for SessionKeySets, leader election, and the
 * health and metrics server. Made by {@link #start}; {@link #close()} stops it.
 */
public final class SessionKeysOperator implements AutoCloseable {

  private final Operator operator;
  private final OperatorMetrics metrics;
  private final HealthServer http;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean lostLeadership = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final KeySetReconciler reconciler;

  private SessionKeysOperator(
      KubernetesClient client, OperatorOptions options, KeyGenerator generator) {
    this.metrics = new OperatorMetrics(options.clock());
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  // fabric8's mock API server answers server-side apply with 415, and plain status
                  // patches are all we need.
                  .withUseSSAToPatchPrimaryResource(false)
                  .withConcurrentReconciliationThreads(options.reconcileThreads())
                  .withCloseClientOnStop(false);
              if (options.leaderElection()) {
                var election =
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                            options.leaseName())
                        .withLeaseDuration(options.leaseDuration())
                        .withRenewDeadline(options.renewDeadline())
                        .withRetryPeriod(options.retryPeriod())
                        .withIdentity(options.identity() != null ? options.identity() : hostName())
                        // Exiting from inside the leader-election thread can deadlock with a
                        // shutdown hook; we stop instead and let run() return, so the process
                        // ends and its pod restarts as a candidate.
                        .withExitOnStopLeading(false)
                        .withLeaderCallbacks(
                            new LeaderCallbacks(
                                () -> metrics.leader(true),
                                () -> {
                                  metrics.leader(false);
                                  // Also called when we stop on purpose; only an unasked loss is a
                                  // failure.
                                  if (!closed.get()) {
                                    lostLeadership.set(true);
                                  }
                                  stopped.countDown();
                                },
                                newLeader -> {}));
                if (options.leaseNamespace() != null) {
                  election.withLeaseNamespace(options.leaseNamespace());
                }
                o.withLeaderElectionConfiguration(election.build());
              } else {
                metrics.leader(true);
              }
            });
    this.reconciler = new KeySetReconciler(client, options.clock(), generator, metrics);
    operator.register(
        reconciler,
        config -> {
          if (options.namespaces().isEmpty()) {
            config.watchingAllNamespaces();
          } else {
            config.settingNamespaces(options.namespaces());
          }
          // Status writes by the operator itself must not start a new pass, but the rotate
          // annotation (which does not change metadata.generation) must: so generation-aware
          // filtering is off and this filter decides.
          config.withGenerationAware(false);
          config.withOnUpdateFilter((newSet, oldSet) -> relevantChange(newSet, oldSet));
        });
    this.http =
        options.httpPort() < 0
            ? null
            : new HealthServer(
                options.httpHost(),
                options.httpPort(),
                options.metricsBindAddress(),
                () -> !closed.get(),
                () ->
                    !closed.get()
                        && operator.getRuntimeInfo().isStarted()
                        && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
                metrics::scrape);
  }

  /** Starts an operator on {@code client}, which the caller keeps and closes. */
  public static SessionKeysOperator start(KubernetesClient client, OperatorOptions options) {
    return start(client, options, KeyGenerator.secure());
  }

  static SessionKeysOperator start(
      KubernetesClient client, OperatorOptions options, KeyGenerator generator) {
    SessionKeysOperator running = new SessionKeysOperator(client, options, generator);
    try {
      running.operator.start();
    } catch (RuntimeException e) {
      running.close();
      throw e;
    }
    return running;
  }

  static boolean relevantChange(SessionKeySet newSet, SessionKeySet oldSet) {
    return !Objects.equals(
            newSet.getMetadata().getGeneration(), oldSet.getMetadata().getGeneration())
        || !Objects.equals(
            newSet.getMetadata().getAnnotations(), oldSet.getMetadata().getAnnotations())
        || !Objects.equals(
            Serialization.asJson(newSet.getSpec()), Serialization.asJson(oldSet.getSpec()));
  }

  KeySetReconciler reconciler() {
    return reconciler;
  }

  public OperatorMetrics metrics() {
    return metrics;
  }

  /** The health and metrics server's port, or -1 when it is off. */
  public int httpPort() {
    return http == null ? -1 : http.port();
  }

  public boolean isLeader() {
    return metrics.isLeader();
  }

  /**
   * Whether this replica lost the leadership it held (it then stops reconciling and should be
   * restarted).
   */
  public boolean lostLeadership() {
    return lostLeadership.get();
  }

  /** Waits until {@link #close()} is called or leadership is lost. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      operator.stop();
    } finally {
      if (http != null) {
        http.close();
      }
      metrics.leader(false);
      stopped.countDown();
    }
  }

  private static String hostName() {
    String fromEnv = System.getenv("HOSTNAME");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "sessionkeys-operator-" + ProcessHandle.current().pid();
    }
  }
}
