package dev.sessionkeys.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.SecretValue;
import dev.sessionkeys.core.rotation.Rotation;
import dev.sessionkeys.core.rotation.RotationPlan;
import dev.sessionkeys.core.rotation.RotationRefusedException;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rotate's own decisions, at exact boundaries: the grace period ends at exactly {@code rotated-at +
 * grace}, conflicts are retried exactly {@link Apply#MAX_ATTEMPTS} times, and a failed restart says
 * what was already done.
 */
@EnableKubernetesMockClient(crud = true)
class RotateDecisionsTest {

  static final Profile PROFILE = Profile.FAIRWINDS_INSIGHTS;
  static final SecretRef REF = ApplyTest.REF;
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  static final String SECRET_PATH =
      "/api/v1/namespaces/" + REF.namespace() + "/secrets/" + REF.name();

  KubernetesMockServer server;
  KubernetesClient client;
  KubeCluster cluster;
  Rotate rotate;
  KeySet original;

  @BeforeEach
  void setUp() {
    cluster = KubeCluster.of(client, "mock");
    rotate = new Rotate(cluster, PROFILE, KeyGenerator.secure());
    original = AuditRowsTest.keys('a');
    client
        .secrets()
        .inNamespace(REF.namespace())
        .resource(
            SecretMapping.newSecret(REF.namespace(), REF.name(), original, Map.of(), Map.of()))
        .create();
  }

  private Secret live() {
    return client.secrets().inNamespace(REF.namespace()).withName(REF.name()).get();
  }

  private SecretValue value(String key) {
    return SecretMapping.toKeySet(live()).get(key).orElse(null);
  }

  private static Rotate.Request cookies(Duration grace, List<RolloutRestart.Workload> restarts) {
    return new Rotate.Request(
        REF,
        new Rotation.Request(Set.of("cookie"), grace, false, false),
        false,
        Set.of(),
        false,
        restarts,
        false);
  }

  private static Rotate.Request finish() {
    return new Rotate.Request(REF, null, true, Set.of(), false, List.of(), false);
  }

  @Test
  void aRequestMustSayWhatToRotateUnlessItOnlyFinishes() {
    assertThatThrownBy(
            () -> new Rotate.Request(REF, null, false, Set.of(), false, List.of(), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("say what to rotate, or finish");
    assertThat(finish().finish()).isTrue();
    assertThatThrownBy(
            () -> new Rotate.Request(null, null, true, Set.of(), false, List.of(), false))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("target");
  }

  @Test
  void theGraceEndsExactlyAtRotatedAtPlusTheGrace() throws Exception {
    rotate.rotate(cookies(Duration.ofMinutes(90), List.of()), NOW);
    assertThat(live().getMetadata().getAnnotations())
        .containsEntry("sessionkeys.dev/rotated-at.cookie", "2026-11-26T12:00:00Z")
        .containsEntry("sessionkeys.dev/grace-until.cookie", "2026-11-26T13:30:00Z");
    Instant until = Instant.parse("2026-11-26T13:30:00Z");

    // One millisecond before: the previous values stay, and rotating again is refused.
    Rotate.Result<RotationPlan> early = rotate.rotate(finish(), until.minusMillis(1));
    assertThat(early.written()).isFalse();
    assertThat(early.plan().isEmpty()).isTrue();
    assertThat(value("COOKIE_HASH_KEY_PREVIOUS"))
        .isEqualTo(original.get("COOKIE_HASH_KEY").orElseThrow());
    assertThatThrownBy(
            () -> rotate.rotate(cookies(Duration.ofHours(1), List.of()), until.minusMillis(1)))
        .isInstanceOf(RotationRefusedException.class)
        .hasMessageContaining("2026-11-26T13:30:00Z");

    // At exactly the end: finish drops both previous values and the grace annotation.
    String before = live().getMetadata().getResourceVersion();
    Rotate.Result<RotationPlan> done = rotate.rotate(finish(), until);
    assertThat(done.written()).isTrue();
    assertThat(done.attempts()).isEqualTo(1);
    assertThat(done.resourceVersion())
        .isEqualTo(live().getMetadata().getResourceVersion())
        .isNotEqualTo(before);
    assertThat(live().getData())
        .doesNotContainKeys("COOKIE_HASH_KEY_PREVIOUS", "COOKIE_BLOCK_KEY_PREVIOUS");
    assertThat(live().getMetadata().getAnnotations())
        .doesNotContainKey("sessionkeys.dev/grace-until.cookie");
  }

  @Test
  void rotatingAgainAtExactlyTheEndOfTheGraceKeepsTheLatestValueAsPrevious() throws Exception {
    rotate.rotate(cookies(Duration.ofHours(24), List.of()), NOW);
    SecretValue first = value("COOKIE_HASH_KEY");
    Instant until = NOW.plus(Duration.ofHours(24));

    Rotate.Result<RotationPlan> again =
        rotate.rotate(cookies(Duration.ofHours(24), List.of()), until);

    assertThat(again.written()).isTrue();
    assertThat(value("COOKIE_HASH_KEY_PREVIOUS")).isEqualTo(first);
    assertThat(value("COOKIE_HASH_KEY")).isNotEqualTo(first);
    assertThat(live().getMetadata().getAnnotations())
        .containsEntry("sessionkeys.dev/rotated-at.cookie", "2026-11-27T12:00:00Z")
        .containsEntry("sessionkeys.dev/grace-until.cookie", "2026-11-28T12:00:00Z");
  }

  @Test
  void aConflictThatPersistsIsRetriedExactlyMaxAttemptsTimes() throws Exception {
    Secret stale = live();
    client
        .secrets()
        .inNamespace(REF.namespace())
        .withName(REF.name())
        .edit(
            s ->
                new io.fabric8.kubernetes.api.model.SecretBuilder(s)
                    .editMetadata()
                    .addToLabels("x", "y")
                    .endMetadata()
                    .build());
    server.expect().get().withPath(SECRET_PATH).andReturn(200, stale).always();
    while (server.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
      // drain the set-up requests
    }

    assertThatThrownBy(() -> rotate.rotate(cookies(Duration.ofHours(24), List.of()), NOW))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("kept changing while we rotated (3 attempts)")
        .hasMessageContaining("nothing was changed: try again");

    int gets = 0;
    int puts = 0;
    for (RecordedRequest request = server.takeRequest(100, TimeUnit.MILLISECONDS);
        request != null;
        request = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
      if (request.getPath().equals(SECRET_PATH)) {
        gets += request.getMethod().equals("GET") ? 1 : 0;
        puts += request.getMethod().equals("PUT") ? 1 : 0;
      }
    }
    assertThat(SafeWrite.DEFAULT_ATTEMPTS).isEqualTo(3);
    assertThat(gets).isEqualTo(3);
    assertThat(puts).isEqualTo(3);
    server.clearExpectations();
    assertThat(SecretMapping.toKeySet(live())).isEqualTo(original);
  }

  @Test
  void aRestartThatFailsAfterTheRotationSaysTheSecretWasRotatedAndWhatWasRestarted()
      throws Exception {
    for (String name : List.of("api", "worker")) {
      client
          .apps()
          .deployments()
          .inNamespace(REF.namespace())
          .resource(RotateTest.deployment(name))
          .create();
    }
    forbidRestartOfWorker();

    assertThatThrownBy(
            () ->
                rotate.rotate(
                    cookies(
                        Duration.ofHours(24),
                        List.of(
                            RolloutRestart.Workload.parse("deployment/api"),
                            RolloutRestart.Workload.parse("deployment/worker"))),
                    NOW))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining(
            "; the Secret "
                + REF
                + " WAS rotated and [deployment/api] restarted: restart the rest yourself"
                + " (kubectl rollout restart deployment/worker -n "
                + REF.namespace()
                + ")");
    assertThat(value("COOKIE_HASH_KEY_PREVIOUS"))
        .isEqualTo(original.get("COOKIE_HASH_KEY").orElseThrow());
  }

  @Test
  void aFirstRestartThatFailsSaysOnlyThatTheSecretWasRotated() throws Exception {
    client
        .apps()
        .deployments()
        .inNamespace(REF.namespace())
        .resource(RotateTest.deployment("worker"))
        .create();
    forbidRestartOfWorker();

    assertThatThrownBy(
            () ->
                rotate.rotate(
                    cookies(
                        Duration.ofHours(24),
                        List.of(RolloutRestart.Workload.parse("deployment/worker"))),
                    NOW))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining(
            "; the Secret "
                + REF
                + " WAS rotated: restart the rest yourself"
                + " (kubectl rollout restart deployment/worker -n "
                + REF.namespace()
                + ")")
        .satisfies(
            e ->
                assertThat(((ClusterException) e).kind())
                    .isEqualTo(ClusterException.Kind.FORBIDDEN));
  }

  @Test
  void aConflictOnARestartIsNotRetriedAsASecondRotation() throws Exception {
    client
        .apps()
        .deployments()
        .inNamespace(REF.namespace())
        .resource(RotateTest.deployment("worker"))
        .create();
    server
        .expect()
        .patch()
        .withPath("/apis/apps/v1/namespaces/" + REF.namespace() + "/deployments/worker")
        .andReturn(
            409,
            new StatusBuilder()
                .withStatus("Failure")
                .withCode(409)
                .withReason("Conflict")
                .withMessage("busy")
                .build())
        .always();

    assertThatThrownBy(
            () ->
                rotate.rotate(
                    cookies(
                        Duration.ofHours(24),
                        List.of(RolloutRestart.Workload.parse("deployment/worker"))),
                    NOW))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining(" WAS rotated: restart the rest yourself");
    // Rotated once: the previous value is the original key, not a key of a second rotation.
    assertThat(value("COOKIE_HASH_KEY_PREVIOUS"))
        .isEqualTo(original.get("COOKIE_HASH_KEY").orElseThrow());
  }

  /** The API server refuses every restart (patch) of deployment/worker. */
  private void forbidRestartOfWorker() {
    server
        .expect()
        .patch()
        .withPath("/apis/apps/v1/namespaces/" + REF.namespace() + "/deployments/worker")
        .andReturn(
            403,
            new StatusBuilder()
                .withStatus("Failure")
                .withCode(403)
                .withReason("Forbidden")
                .withMessage("no patch")
                .build())
        .always();
  }
}
