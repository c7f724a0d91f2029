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
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
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

@EnableKubernetesMockClient(crud = true)
class RotateTest {

  static final Profile PROFILE = Profile.FAIRWINDS_INSIGHTS;
  static final SecretRef REF = ApplyTest.REF;
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

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

  private static Rotate.Request rotation(
      Set<String> groups, boolean dataExplicit, List<RolloutRestart.Workload> restarts) {
    return new Rotate.Request(
        REF,
        new Rotation.Request(groups, Duration.ofHours(24), dataExplicit, false),
        false,
        Set.of(),
        false,
        restarts,
        false);
  }

  private SecretValue value(String key) {
    return SecretMapping.toKeySet(live()).get(key).orElse(null);
  }

  @Test
  void rotatesACookiePairKeepingPreviousValuesAndRecordingTheGraceInOneUpdate() throws Exception {
    Rotate.Result<RotationPlan> result =
        rotate.rotate(rotation(Set.of("cookie"), false, List.of()), NOW);

    assertThat(result.written()).isTrue();
    assertThat(value("COOKIE_HASH_KEY_PREVIOUS"))
        .isEqualTo(original.get("COOKIE_HASH_KEY").orElseThrow());
    assertThat(value("COOKIE_BLOCK_KEY_PREVIOUS"))
        .isEqualTo(original.get("COOKIE_BLOCK_KEY").orElseThrow());
    assertThat(value("COOKIE_HASH_KEY"))
        .isNotEqualTo(original.get("COOKIE_HASH_KEY").orElseThrow());
    assertThat(value("SESSION_AUTH_KEY")).isEqualTo(original.get("SESSION_AUTH_KEY").orElseThrow());
    assertThat(live().getMetadata().getAnnotations())
        .containsEntry("team", "web")
        .containsEntry("sessionkeys.dev/rotated-at.cookie", "2026-11-26T12:00:00Z")
        .containsEntry("sessionkeys.dev/grace-until.cookie", "2026-11-27T12:00:00Z");
    assertThat(result.resourceVersion()).isEqualTo(live().getMetadata().getResourceVersion());
  }

  @Test
  void theDataKeyIsRefusedUnlessNamedExplicitlyAndThenKeptAsPrevious() throws Exception {
    assertThatThrownBy(
            () -> rotate.rotate(rotation(Set.of("data", "cookie"), false, List.of()), NOW))
        .isInstanceOf(RotationRefusedException.class)
        .hasMessageContaining("re-encrypted");
    assertThat(SecretMapping.toKeySet(live())).isEqualTo(original);

    Rotate.Result<RotationPlan> result =
        rotate.rotate(rotation(Set.of("data"), true, List.of()), NOW);
    assertThat(value("AES_BASE64_CYPHER_KEY_PREVIOUS"))
        .isEqualTo(original.get("AES_BASE64_CYPHER_KEY").orElseThrow());
    assertThat(result.plan().notes()).anyMatch(n -> n.contains("re-encrypted"));
  }

  @Test
  void finishRemovesExpiredPreviousKeysOnlyAfterTheGrace() throws Exception {
    rotate.rotate(rotation(Set.of("cookie"), false, List.of()), NOW);

    Rotate.Request finish = new Rotate.Request(REF, null, true, Set.of(), false, List.of(), false);
    Rotate.Result<RotationPlan> early = rotate.rotate(finish, NOW.plus(Duration.ofHours(1)));
    assertThat(early.written()).isFalse();
    assertThat(value("COOKIE_HASH_KEY_PREVIOUS")).isNotNull();

    Rotate.Result<RotationPlan> late = rotate.rotate(finish, NOW.plus(Duration.ofHours(25)));
    assertThat(late.written()).isTrue();
    assertThat(live().getData())
        .doesNotContainKeys("COOKIE_HASH_KEY_PREVIOUS", "COOKIE_BLOCK_KEY_PREVIOUS");
    assertThat(live().getMetadata().getAnnotations())
        .doesNotContainKey("sessionkeys.dev/grace-until.cookie");
  }

  @Test
  void dryRunChangesNothing() throws Exception {
    String before = live().getMetadata().getResourceVersion();
    Rotate.Result<RotationPlan> result =
        rotate.rotate(
            new Rotate.Request(
                REF,
                new Rotation.Request(
                    Set.of("cookie", "session"), Duration.ofHours(24), false, false),
                false,
                Set.of(),
                false,
                List.of(),
                true),
            NOW);
    assertThat(result.written()).isFalse();
    assertThat(result.plan().changes()).hasSize(8);
    assertThat(live().getMetadata().getResourceVersion()).isEqualTo(before);
    assertThat(SecretMapping.toKeySet(live())).isEqualTo(original);
  }

  @Test
  void restartPatchesThePodTemplateAnnotationLikeKubectlRolloutRestart() throws Exception {
    client
        .apps()
        .deployments()
        .inNamespace(REF.namespace())
        .resource(deployment("insights-api"))
        .create();

    Rotate.Result<RotationPlan> result =
        rotate.rotate(
            rotation(
                Set.of("session"),
                false,
                List.of(RolloutRestart.Workload.parse("deployment/insights-api"))),
            NOW);

    assertThat(result.restarted()).containsExactly("deployment/insights-api");
    Deployment after =
        client.apps().deployments().inNamespace(REF.namespace()).withName("insights-api").get();
    assertThat(after.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(RolloutRestart.ANNOTATION, "2026-11-26T12:00:00Z")
        .containsEntry("existing", "kept");
  }

  @Test
  void nothingToFinishRestartsNothing() throws Exception {
    client
        .apps()
        .deployments()
        .inNamespace(REF.namespace())
        .resource(deployment("insights-api"))
        .create();
    Rotate.Result<RotationPlan> result =
        rotate.rotate(
            new Rotate.Request(
                REF,
                null,
                true,
                Set.of(),
                false,
                List.of(RolloutRestart.Workload.parse("deployment/insights-api")),
                false),
            NOW);
    assertThat(result.written()).isFalse();
    assertThat(result.restarted()).isEmpty();
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(REF.namespace())
                .withName("insights-api")
                .get()
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations())
        .doesNotContainKey(RolloutRestart.ANNOTATION);
  }

  @Test
  void anUnknownRestartTargetIsRefusedBeforeTheSecretChanges() {
    String before = live().getMetadata().getResourceVersion();
    assertThatThrownBy(
            () ->
                rotate.rotate(
                    rotation(
                        Set.of("cookie"),
                        false,
                        List.of(RolloutRestart.Workload.parse("deployment/typo"))),
                    NOW))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("deployment/typo")
        .hasMessageContaining("nothing was changed");
    assertThat(live().getMetadata().getResourceVersion()).isEqualTo(before);
  }

  @Test
  void aStaleReadIsReReadAndReplannedNeverWrittenBlind() throws Exception {
    Secret stale = live();
    // Someone rotates the cookie keys in between: our first read is stale.
    KeySet theirs = KeyGenerator.secure().generate(PROFILE);
    client
        .secrets()
        .inNamespace(REF.namespace())
        .resource(
            new SecretBuilder(
                    SecretMapping.withState(
                        stale,
                        new dev.sessionkeys.core.rotation.RotationState(theirs.values(), Map.of())))
                .build())
        .update();
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/" + REF.namespace() + "/secrets/" + REF.name())
        .andReturn(200, stale)
        .once();

    Rotate.Result<RotationPlan> result =
        rotate.rotate(rotation(Set.of("cookie"), false, List.of()), NOW);

    assertThat(result.attempts()).isEqualTo(2);
    // The previous value is theirs (the live one at the time of writing), not the stale one.
    assertThat(value("COOKIE_HASH_KEY_PREVIOUS"))
        .isEqualTo(theirs.get("COOKIE_HASH_KEY").orElseThrow());
    assertThat(value("SESSION_AUTH_KEY")).isEqualTo(theirs.get("SESSION_AUTH_KEY").orElseThrow());
  }

  @Test
  void workloadsParseAsKubectlWritesThem() {
    assertThat(RolloutRestart.Workload.parse("deploy/a").kind())
        .isEqualTo(RolloutRestart.Kind.DEPLOYMENT);
    assertThat(RolloutRestart.Workload.parse("sts/a").kind())
        .isEqualTo(RolloutRestart.Kind.STATEFULSET);
    assertThatThrownBy(() -> RolloutRestart.Workload.parse("pod/a"))
        .hasMessageContaining("not 'pod'");
    assertThatThrownBy(() -> RolloutRestart.Workload.parse("insights-api"))
        .hasMessageContaining("deployment/NAME");
  }

  static Deployment deployment(String name) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(REF.namespace())
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .addToAnnotations("existing", "kept")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("example/app:1")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
