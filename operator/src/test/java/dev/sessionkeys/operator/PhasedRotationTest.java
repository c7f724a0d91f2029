package dev.sessionkeys.operator;

import static dev.sessionkeys.operator.MockCluster.NS;
import static dev.sessionkeys.operator.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.operator.crd.RotationSpec;
import dev.sessionkeys.operator.crd.RotationStrategy;
import dev.sessionkeys.operator.crd.SessionKeySetSpec;
import dev.sessionkeys.operator.crd.WorkloadRef;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's phased rotation on the mock: prepare, promote and retire, each one write, and none
 * while the named Deployment has not rolled out (its status is set by hand, as the mock runs no
 * controllers).
 */
@EnableKubernetesMockClient(crud = true)
class PhasedRotationTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  KubernetesClient client;
  MockCluster cluster;
  MutableClock clock;
  SessionKeysOperator operator;

  @BeforeEach
  void setUp() {
    cluster = new MockCluster(client);
    cluster.installCrd();
    clock = new MutableClock(T0);
  }

  @AfterEach
  void tearDown() {
    if (operator != null) {
      operator.close();
    }
  }

  private void createDeployment() {
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("web")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withNewSelector()
                .addToMatchLabels("app", "web")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "web")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage("web:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
  }

  /** Sets the Deployment's status as its controller would: {@code updated} of 2 replicas new. */
  private void rollout(int updated) {
    Deployment live = client.apps().deployments().inNamespace(NS).withName("web").get();
    long generation =
        live.getMetadata().getGeneration() == null ? 0 : live.getMetadata().getGeneration();
    live.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(generation)
            .withReplicas(2)
            .withUpdatedReplicas(updated)
            .withAvailableReplicas(2)
            .build());
    client.apps().deployments().inNamespace(NS).resource(live).updateStatus();
  }

  private long generation() {
    Long generation =
        client
            .apps()
            .deployments()
            .inNamespace(NS)
            .withName("web")
            .get()
            .getMetadata()
            .getGeneration();
    return generation == null ? 0 : generation;
  }

  private boolean hasNext() {
    return cluster.values().containsKey("COOKIE_HASH_KEY_NEXT");
  }

  private boolean hasPrevious() {
    return cluster.values().containsKey("COOKIE_HASH_KEY_PREVIOUS");
  }

  @Test
  void phasesAdvanceOnlyAfterTheNamedDeploymentRolledOut() {
    createDeployment();
    rollout(2);
    operator =
        SessionKeysOperator.start(
            client,
            OperatorOptions.defaults()
                .withLeaderElection(false, null, null)
                .withNamespaces(java.util.Set.of(NS))
                .withHttp("127.0.0.1", -1)
                .withReconcileThreads(2)
                .withClock(clock),
            KeyGenerator.secure());
    SessionKeySetSpec spec = new SessionKeySetSpec();
    spec.rotation = new RotationSpec("30d", "1d", RotationStrategy.Phased);
    spec.restart = List.of(new WorkloadRef(WorkloadRef.Kind.Deployment, "web"));
    cluster.create("keys", spec);
    await("Ready", () -> cluster.conditionIs("keys", "Ready", "True", "KeysPresent"));
    Map<String, String> original = cluster.values();
    long before = generation();

    // Due: prepare stages _NEXT (the primary stays) and rolls the Deployment.
    clock.advance(Duration.ofDays(30));
    cluster.poke("keys");
    await("prepared", this::hasNext);
    assertThat(cluster.values().get("COOKIE_HASH_KEY")).isEqualTo(original.get("COOKIE_HASH_KEY"));
    assertThat(hasPrevious()).isFalse();
    await(
        "the _NEXT fingerprint in the status",
        () -> cluster.get("keys").getStatus().keys().containsKey("COOKIE_HASH_KEY_NEXT"));

    await("the Deployment restarted", () -> generation() > before);
    long prepared = generation();
    // The rollout is stuck at 1 of 2: promote is held, with the reason in the Rotating condition.
    rollout(1);
    cluster.poke("keys");
    await(
        "held at 1 of 2",
        () ->
            cluster.conditionIs("keys", "Rotating", "True", "RolloutPending")
                && cluster
                    .condition("keys", "Rotating")
                    .orElseThrow()
                    .getMessage()
                    .contains("1 of 2 replicas updated"));
    assertThat(cluster.condition("keys", "Rotating").orElseThrow().getMessage())
        .contains("promote of the cookie keys waits for the rollout (Deployment/web");
    MockCluster.holds("still prepared", Duration.ofMillis(800), () -> hasNext() && !hasPrevious());

    // Rolled out (a minute later: the restart stamp is the phase's time, to the second): promote.
    clock.advance(Duration.ofMinutes(1));
    rollout(2);
    cluster.poke("keys");
    await("promoted", () -> !hasNext() && hasPrevious());
    Map<String, String> promoted = cluster.values();
    await("the Deployment restarted again", () -> generation() > prepared);
    assertThat(promoted.get("COOKIE_HASH_KEY_PREVIOUS")).isEqualTo(original.get("COOKIE_HASH_KEY"));
    assertThat(promoted.get("COOKIE_HASH_KEY")).isNotEqualTo(original.get("COOKIE_HASH_KEY"));

    // Grace over, but the promote's rollout is stuck: retire waits too.
    clock.advance(Duration.ofDays(1).plusMinutes(1));
    rollout(0);
    cluster.poke("keys");
    await(
        "retire held",
        () ->
            cluster.conditionIs("keys", "Rotating", "True", "RolloutPending")
                && cluster
                    .condition("keys", "Rotating")
                    .orElseThrow()
                    .getMessage()
                    .contains("retire"));
    assertThat(hasPrevious()).isTrue();

    rollout(2);
    cluster.poke("keys");
    await("retired", () -> !hasPrevious() && !hasNext());
    assertThat(cluster.values().get("COOKIE_HASH_KEY")).isEqualTo(promoted.get("COOKIE_HASH_KEY"));
    assertThat(cluster.hasEvent("PhasePrepare")).isTrue();
    assertThat(cluster.hasEvent("PhasePromote")).isTrue();
    assertThat(cluster.hasEvent("PhaseRetire")).isTrue();
  }
}
