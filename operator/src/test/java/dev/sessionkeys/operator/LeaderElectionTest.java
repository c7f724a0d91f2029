package dev.sessionkeys.operator;

import static dev.sessionkeys.operator.MockCluster.NS;
import static dev.sessionkeys.operator.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.operator.crd.RotationSpec;
import dev.sessionkeys.operator.crd.SessionKeySetSpec;
import dev.sessionkeys.operator.crd.WorkloadRef;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on one API server: one leads and writes; when it stops between a rotation's Secret
 * write and the workload restart, the other takes over and finishes the rotation without rotating
 * again or losing a _PREVIOUS key.
 */
@EnableKubernetesMockClient(crud = true)
class LeaderElectionTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  KubernetesMockServer server;
  KubernetesClient client;
  KubernetesClient clientB;
  MockCluster cluster;
  MutableClock clock;
  SessionKeysOperator a;
  SessionKeysOperator b;

  @BeforeEach
  void setUp() {
    // JOSDK checks its Lease permissions with a SelfSubjectRulesReview, which the CRUD mock does
    // not answer itself.
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .withIncomplete(false)
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("get", "create", "update")
                .endResourceRule()
                .endStatus()
                .build())
        .always();
    cluster = new MockCluster(client);
    cluster.installCrd();
    clock = new MutableClock(T0);
    clientB = server.createClient();
  }

  @AfterEach
  void tearDown() {
    for (SessionKeysOperator op : new SessionKeysOperator[] {a, b}) {
      if (op != null) {
        op.close();
      }
    }
    clientB.close();
  }

  private OperatorOptions options(String identity) {
    return OperatorOptions.defaults()
        .withLeaderElection(true, NS, identity)
        .withLeaseTimings(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(200))
        .withNamespaces(Set.of(NS))
        .withHttp("127.0.0.1", -1)
        .withReconcileThreads(2)
        .withClock(clock);
  }

  @Test
  void theStandbyTakesOverAndFinishesARotationWithoutASecondOne() throws Exception {
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

    a = SessionKeysOperator.start(client, options("replica-a"), KeyGenerator.secure());
    await("a leads", () -> a.isLeader());
    b = SessionKeysOperator.start(clientB, options("replica-b"), KeyGenerator.secure());

    SessionKeySetSpec spec = new SessionKeySetSpec();
    spec.rotation = new RotationSpec("30d", "1d");
    spec.restart = List.of(new WorkloadRef(WorkloadRef.Kind.Deployment, "web"));
    cluster.create("keys", spec);
    await("Ready", () -> cluster.conditionIs("keys", "Ready", "True", null));
    assertThat(b.isLeader()).isFalse();
    assertThat(b.metrics().reconcileCount()).as("the standby does not reconcile").isZero();
    Map<String, String> original = cluster.values();

    // Replica a stops right after writing the rotated Secret, before rolling the workload.
    CountDownLatch written = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    a.reconciler()
        .afterRotationWrite(
            () -> {
              written.countDown();
              try {
                never.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              throw new IllegalStateException("replica stopped");
            });
    clock.advance(Duration.ofDays(30));
    cluster.poke("keys");
    assertThat(written.await(20, TimeUnit.SECONDS)).isTrue();
    Map<String, String> rotated = cluster.values();
    assertThat(rotated.get("COOKIE_HASH_KEY_PREVIOUS")).isEqualTo(original.get("COOKIE_HASH_KEY"));
    Thread stopper = new Thread(a::close);
    stopper.start();

    await("b leads", Duration.ofSeconds(30), () -> b.isLeader());
    String stamp = T0.plus(Duration.ofDays(30)).toString();
    await("b rolled the workload", () -> stamp.equals(restartedAt()));
    await(
        "pending restart cleared",
        () ->
            !cluster
                .secret()
                .getMetadata()
                .getAnnotations()
                .containsKey(KeySetPlanner.RESTART_PENDING));
    never.countDown();
    stopper.join(30_000);

    Map<String, String> after = cluster.values();
    assertThat(after).as("no second rotation, no lost _PREVIOUS").isEqualTo(rotated);
    MockCluster.holds("stable", Duration.ofMillis(500), () -> cluster.values().equals(rotated));

    clock.advance(Duration.ofDays(1));
    cluster.poke("keys");
    await(
        "b finishes the grace period",
        () -> !cluster.values().containsKey("COOKIE_HASH_KEY_PREVIOUS"));
    assertThat(cluster.values().get("COOKIE_HASH_KEY")).isEqualTo(rotated.get("COOKIE_HASH_KEY"));
  }

  private String restartedAt() {
    var annotations =
        client
            .apps()
            .deployments()
            .inNamespace(NS)
            .withName("web")
            .get()
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations();
    return annotations == null ? null : annotations.get(WorkloadRestarts.RESTARTED_AT);
  }
}
