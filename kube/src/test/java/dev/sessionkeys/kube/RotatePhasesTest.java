package dev.sessionkeys.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.SecretValue;
import dev.sessionkeys.core.rotation.Phase;
import dev.sessionkeys.core.rotation.PhasePlan;
import dev.sessionkeys.core.rotation.PhaseRequest;
import dev.sessionkeys.core.rotation.RotationPlan;
import dev.sessionkeys.core.rotation.RotationRefusedException;
import dev.sessionkeys.core.rotation.RotationState;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The three phases on a live Secret of the CRUD mock: one guarded update each. */
@EnableKubernetesMockClient(crud = true)
class RotatePhasesTest {

  static final Profile PROFILE = Profile.FAIRWINDS_INSIGHTS;
  static final SecretRef REF = ApplyTest.REF;
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  static final Duration GRACE = Duration.ofHours(24);
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
    original = KeyGenerator.secure().generate(PROFILE);
    client
        .secrets()
        .inNamespace(REF.namespace())
        .resource(
            SecretMapping.newSecret(
                REF.namespace(), REF.name(), original, Map.of(), Map.of("team", "web")))
        .create();
  }

  private Secret live() {
    return client.secrets().inNamespace(REF.namespace()).withName(REF.name()).get();
  }

  private SecretValue value(String key) {
    return SecretMapping.toKeySet(live()).get(key).orElse(null);
  }

  private static Rotate.PhaseRun run(Phase phase, List<RolloutRestart.Workload> restarts) {
    return new Rotate.PhaseRun(
        REF, PhaseRequest.of(phase, Set.of("cookie", "session"), GRACE), restarts, false);
  }

  @Test
  void threePhasesEachWriteOnceAndLeaveTheStageInTheSecret() throws Exception {
    String v0 = live().getMetadata().getResourceVersion();
    Rotate.Result<PhasePlan> prepared = rotate.phase(run(Phase.PREPARE, List.of()), NOW);
    assertThat(prepared.written()).isTrue();
    assertThat(prepared.attempts()).isEqualTo(1);
    assertThat(prepared.resourceVersion())
        .isEqualTo(live().getMetadata().getResourceVersion())
        .isNotEqualTo(v0);
    assertThat(value("COOKIE_HASH_KEY")).isEqualTo(original.get("COOKIE_HASH_KEY").orElseThrow());
    SecretValue next = value("COOKIE_HASH_KEY_NEXT");
    assertThat(next).isNotNull().isNotEqualTo(original.get("COOKIE_HASH_KEY").orElseThrow());
    assertThat(live().getMetadata().getAnnotations())
        .containsEntry("team", "web")
        .containsEntry("sessionkeys.dev/rotation-phase.cookie", "prepared")
        .containsEntry("sessionkeys.dev/rotation-phase.session", "prepared");

    Rotate.Result<PhasePlan> promoted =
        rotate.phase(run(Phase.PROMOTE, List.of()), NOW.plusSeconds(60));
    assertThat(promoted.written()).isTrue();
    assertThat(value("COOKIE_HASH_KEY")).isEqualTo(next);
    assertThat(value("COOKIE_HASH_KEY_PREVIOUS"))
        .isEqualTo(original.get("COOKIE_HASH_KEY").orElseThrow());
    assertThat(live().getData()).doesNotContainKey("COOKIE_HASH_KEY_NEXT");
    assertThat(live().getMetadata().getAnnotations())
        .containsEntry("sessionkeys.dev/rotation-phase.cookie", "promoted")
        .containsEntry("sessionkeys.dev/grace-until.cookie", "2026-11-27T12:01:00Z");

    assertThatThrownBy(() -> rotate.phase(run(Phase.RETIRE, List.of()), NOW.plusSeconds(120)))
        .isInstanceOfSatisfying(
            RotationRefusedException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(RotationRefusedException.Reason.PREVIOUS_IN_GRACE));
    assertThat(live().getData()).containsKey("COOKIE_HASH_KEY_PREVIOUS");

    Rotate.Result<PhasePlan> retired =
        rotate.phase(run(Phase.RETIRE, List.of()), NOW.plus(GRACE).plusSeconds(60));
    assertThat(retired.written()).isTrue();
    assertThat(live().getData())
        .doesNotContainKeys("COOKIE_HASH_KEY_PREVIOUS", "SESSION_AUTH_KEY_PREVIOUS")
        .containsKey("AES_BASE64_CYPHER_KEY");
    assertThat(value("AES_BASE64_CYPHER_KEY"))
        .isEqualTo(original.get("AES_BASE64_CYPHER_KEY").orElseThrow());
    assertThat(live().getMetadata().getAnnotations())
        .doesNotContainKey("sessionkeys.dev/rotation-phase.cookie");
  }

  @Test
  void aPhaseAlreadyDoneWritesNothingAndRestartsNothing() throws Exception {
    client
        .apps()
        .deployments()
        .inNamespace(REF.namespace())
        .resource(RotateTest.deployment("insights-api"))
        .create();
    List<RolloutRestart.Workload> api =
        List.of(RolloutRestart.Workload.parse("deploy/insights-api"));
    Rotate.Result<PhasePlan> first = rotate.phase(run(Phase.PREPARE, api), NOW);
    assertThat(first.restarted()).containsExactly("deployment/insights-api");
    assertThat(restartedAt()).isEqualTo("2026-11-26T12:00:00Z");

    String version = live().getMetadata().getResourceVersion();
    Rotate.Result<PhasePlan> again = rotate.phase(run(Phase.PREPARE, api), NOW.plusSeconds(30));
    assertThat(again.written()).isFalse();
    assertThat(again.restarted()).isEmpty();
    assertThat(again.plan().isEmpty()).isTrue();
    assertThat(again.resourceVersion()).isEqualTo(version);
    assertThat(live().getMetadata().getResourceVersion()).isEqualTo(version);
    assertThat(restartedAt()).isEqualTo("2026-11-26T12:00:00Z");
  }

  private String restartedAt() {
    Deployment d =
        client.apps().deployments().inNamespace(REF.namespace()).withName("insights-api").get();
    return d.getSpec().getTemplate().getMetadata().getAnnotations().get(RolloutRestart.ANNOTATION);
  }

  @Test
  void promoteWithoutPrepareIsRefusedAndChangesNothing() {
    String version = live().getMetadata().getResourceVersion();
    assertThatThrownBy(() -> rotate.phase(run(Phase.PROMOTE, List.of()), NOW))
        .isInstanceOfSatisfying(
            RotationRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(RotationRefusedException.Reason.NOT_PREPARED));
    assertThat(live().getMetadata().getResourceVersion()).isEqualTo(version);
  }

  @Test
  void aDryRunPlansButWritesNothing() throws Exception {
    String version = live().getMetadata().getResourceVersion();
    Rotate.Result<PhasePlan> result =
        rotate.phase(
            new Rotate.PhaseRun(
                REF, PhaseRequest.of(Phase.PREPARE, Set.of("cookie"), GRACE), List.of(), true),
            NOW);
    assertThat(result.written()).isFalse();
    assertThat(result.plan().changes())
        .extracting(RotationPlan.Change::action)
        .containsOnly(RotationPlan.Action.NEXT_ADDED)
        .hasSize(2);
    assertThat(result.resourceVersion()).isEqualTo(version);
    assertThat(live().getMetadata().getResourceVersion()).isEqualTo(version);
    assertThat(live().getData()).doesNotContainKey("COOKIE_HASH_KEY_NEXT");
  }

  @Test
  void aStaleResourceVersionIsReReadAndReplannedNeverWrittenBlind() throws Exception {
    rotate.phase(run(Phase.PREPARE, List.of()), NOW);
    Secret stale = live();
    // Someone else promotes in between: our first read is stale, and its update gets a 409.
    rotate.phase(run(Phase.PROMOTE, List.of()), NOW);
    SecretValue promotedByThem = value("COOKIE_HASH_KEY");
    server.expect().get().withPath(SECRET_PATH).andReturn(200, stale).once();

    Rotate.Result<PhasePlan> result =
        rotate.phase(run(Phase.PROMOTE, List.of()), NOW.plusSeconds(5));

    assertThat(result.attempts()).isEqualTo(2);
    assertThat(result.written()).isFalse();
    assertThat(result.plan().notes()).anyMatch(n -> n.contains("already promoted"));
    // Their promotion stands: the stale NEXT values were not promoted a second time.
    assertThat(value("COOKIE_HASH_KEY")).isEqualTo(promotedByThem);
    assertThat(value("COOKIE_HASH_KEY_PREVIOUS"))
        .isEqualTo(original.get("COOKIE_HASH_KEY").orElseThrow());
  }

  @Test
  void aConflictThatPersistsIsRefusedWithNothingChanged() throws Exception {
    Secret stale = live();
    client
        .secrets()
        .inNamespace(REF.namespace())
        .resource(
            new SecretBuilder(
                    SecretMapping.withState(
                        stale,
                        new RotationState(
                            KeyGenerator.secure().generate(PROFILE).values(), Map.of())))
                .build())
        .update();
    server.expect().get().withPath(SECRET_PATH).andReturn(200, stale).always();
    assertThatThrownBy(() -> rotate.phase(run(Phase.PREPARE, List.of()), NOW))
        .isInstanceOfSatisfying(
            ClusterException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ClusterException.Kind.CONFLICT);
              assertThat(e.getMessage()).contains("kept changing", "nothing was changed");
            });
  }
}
