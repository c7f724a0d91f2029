package dev.sessionkeys.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Waiting for rollouts on the CRUD mock, which runs no controller: the status a controller would
 * report is set by hand.
 */
@EnableKubernetesMockClient(crud = true)
class RolloutWatchTest {

  static final String NS = ApplyTest.REF.namespace();
  static final RolloutRestart.Workload API =
      RolloutRestart.Workload.parse("deployment/insights-api");
  static final RolloutRestart.Workload DB =
      RolloutRestart.Workload.parse("statefulset/insights-db");

  KubernetesClient client;
  RolloutWatch watch;

  @BeforeEach
  void setUp() {
    watch = new RolloutWatch(KubeCluster.of(client, "mock"));
    Deployment api = RotateTest.deployment("insights-api");
    api.getSpec().setReplicas(2);
    client.apps().deployments().inNamespace(NS).resource(api).create();
  }

  /** Reports the counts as a controller that has seen the latest spec would. */
  private void setApiStatus(int updated, int available, int total) {
    Deployment live = client.apps().deployments().inNamespace(NS).withName("insights-api").get();
    live.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(live.getMetadata().getGeneration())
            .withUpdatedReplicas(updated)
            .withAvailableReplicas(available)
            .withReplicas(total)
            .build());
    client.apps().deployments().inNamespace(NS).resource(live).updateStatus();
  }

  private void await(RolloutRestart.Workload workload, Duration timeout) {
    watch.await(NS, List.of(workload), Instant.now().plus(timeout), timeout);
  }

  @Test
  void aFinishedRolloutReturnsAtOnce() {
    setApiStatus(2, 2, 2);
    long start = System.nanoTime();
    await(API, Duration.ofSeconds(20));
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
    assertThat(watch.progress(NS, API)).isEqualTo(new RolloutWatch.Progress(true, ""));
  }

  @Test
  void theWatchSeesTheRolloutFinishWhileWaiting() throws Exception {
    setApiStatus(1, 1, 3);
    CompletableFuture<Void> finish =
        CompletableFuture.runAsync(
            () -> {
              try {
                Thread.sleep(500);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              setApiStatus(2, 2, 2);
            });
    await(API, Duration.ofSeconds(20));
    finish.get(20, TimeUnit.SECONDS);
    assertThat(watch.progress(NS, API).done()).isTrue();
  }

  @Test
  void aStuckRolloutTimesOutNamingTheWorkloadAndWhatItWaitsFor() {
    setApiStatus(1, 1, 2);
    assertThatThrownBy(() -> await(API, Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(
            RolloutWatch.StuckException.class,
            e -> {
              assertThat(e.getMessage())
                  .isEqualTo(
                      "the rollout of deployment/insights-api in namespace "
                          + NS
                          + " did not finish within 1 s (1 of 2 replicas updated); see kubectl"
                          + " rollout status deployment/insights-api -n "
                          + NS);
            });
  }

  @Test
  void aMissingWorkloadIsReportedAsStuckWithoutExisting() {
    assertThatThrownBy(() -> await(DB, Duration.ofMillis(500)))
        .isInstanceOf(RolloutWatch.StuckException.class)
        .hasMessageContaining("statefulset/insights-db")
        .hasMessageContaining("(it does not exist)");
  }

  @Test
  void deploymentProgressFollowsKubectlRolloutStatus() {
    Deployment d =
        new DeploymentBuilder(RotateTest.deployment("x"))
            .editMetadata()
            .withGeneration(4L)
            .endMetadata()
            .editSpec()
            .withReplicas(3)
            .endSpec()
            .build();
    assertThat(RolloutWatch.progress(d).detail()).isEqualTo("no status reported yet");
    d.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(3L)
            .withUpdatedReplicas(3)
            .withAvailableReplicas(3)
            .withReplicas(3)
            .build());
    assertThat(RolloutWatch.progress(d))
        .isEqualTo(
            new RolloutWatch.Progress(
                false,
                "the controller has not seen the latest change yet (generation 4, observed 3)"));
    d.getStatus().setObservedGeneration(4L);
    assertThat(RolloutWatch.progress(d).done()).isTrue();
    d.getStatus().setObservedGeneration(5L);
    assertThat(RolloutWatch.progress(d).done()).isTrue();
    d.getStatus().setUpdatedReplicas(2);
    assertThat(RolloutWatch.progress(d).detail()).isEqualTo("2 of 3 replicas updated");
    d.getStatus().setUpdatedReplicas(3);
    d.getStatus().setAvailableReplicas(2);
    assertThat(RolloutWatch.progress(d).detail()).isEqualTo("2 of 3 updated replicas available");
    d.getStatus().setAvailableReplicas(3);
    d.getStatus().setReplicas(4);
    assertThat(RolloutWatch.progress(d).detail()).isEqualTo("1 old replicas pending termination");
    // No spec.replicas means one, as the API server defaults it; no counts mean zero.
    d.getSpec().setReplicas(null);
    d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(4L).build());
    assertThat(RolloutWatch.progress(d).detail()).isEqualTo("0 of 1 replicas updated");
    assertThat(RolloutWatch.progress(null).detail()).isEqualTo("it does not exist");
  }

  @Test
  void statefulSetAndDaemonSetProgressUseTheirOwnCounts() {
    StatefulSet sts =
        new StatefulSetBuilder()
            .withNewMetadata()
            .withName("db")
            .endMetadata()
            .withNewSpec()
            .withReplicas(2)
            .endSpec()
            .build();
    assertThat(RolloutWatch.progress(sts).detail()).isEqualTo("no status reported yet");
    sts.setStatus(
        new StatefulSetStatusBuilder()
            .withUpdatedReplicas(2)
            .withAvailableReplicas(1)
            .withReplicas(2)
            .build());
    assertThat(RolloutWatch.progress(sts).detail()).isEqualTo("1 of 2 updated replicas available");
    sts.getStatus().setAvailableReplicas(2);
    assertThat(RolloutWatch.progress(sts).done()).isTrue();

    var ds = new DaemonSetBuilder().withNewMetadata().withName("agent").endMetadata().build();
    assertThat(RolloutWatch.progress(ds).detail()).isEqualTo("no status reported yet");
    ds.setStatus(
        new DaemonSetStatusBuilder()
            .withDesiredNumberScheduled(3)
            .withUpdatedNumberScheduled(2)
            .withNumberAvailable(3)
            .withCurrentNumberScheduled(3)
            .build());
    assertThat(RolloutWatch.progress(ds).detail()).isEqualTo("2 of 3 replicas updated");
    ds.getStatus().setUpdatedNumberScheduled(3);
    assertThat(RolloutWatch.progress(ds).done()).isTrue();
  }
}
