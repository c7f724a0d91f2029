package dev.sessionkeys.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.SecretValue;
import dev.sessionkeys.core.validate.Finding;
import dev.sessionkeys.core.validate.FindingCode;
import dev.sessionkeys.core.validate.ValidationReport;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class AdoptAndCheckTest {

  static final Profile PROFILE = Profile.FAIRWINDS_INSIGHTS;
  static final SecretRef REF = ApplyTest.REF;
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  KubernetesMockServer server;
  KubernetesClient client;
  KubeCluster cluster;
  KeySet keys;

  @TempDir Path dir;

  @BeforeEach
  void setUp() {
    cluster = KubeCluster.of(client, "mock");
    keys = KeyGenerator.secure().generate(PROFILE);
  }

  private void createHelmOwned(Map<String, String> extraAnnotations) {
    Secret secret =
        new SecretBuilder(
                SecretMapping.newSecret(
                    REF.namespace(),
                    REF.name(),
                    keys,
                    Map.of("app.kubernetes.io/managed-by", "Helm", "app", "insights"),
                    Map.of(
                        "meta.helm.sh/release-name",
                        "insights",
                        "meta.helm.sh/release-namespace",
                        REF.namespace())))
            .editMetadata()
            .addToAnnotations(extraAnnotations)
            .endMetadata()
            .build();
    client.secrets().inNamespace(REF.namespace()).resource(secret).create();
  }

  private Secret live() {
    return client.secrets().inNamespace(REF.namespace()).withName(REF.name()).get();
  }

  @Test
  void adoptKeepsEveryValueRemovesHelmOwnershipAndWritesBothFiles() throws Exception {
    createHelmOwned(Map.of());
    Adopt.Result result = new Adopt(cluster, PROFILE).adopt(REF, dir, false, NOW, Adopt.PLAIN);

    assertThat(result.secretUpdated()).isTrue();
    assertThat(result.report().hasErrors()).as("judged as adopted: no helm-owned").isFalse();
    assertThat(result.removedLabels()).containsExactly("app.kubernetes.io/managed-by");
    assertThat(result.removedAnnotations())
        .containsExactly("meta.helm.sh/release-name", "meta.helm.sh/release-namespace");
    Secret after = live();
    assertThat(SecretMapping.toKeySet(after)).isEqualTo(keys);
    assertThat(after.getMetadata().getLabels()).containsOnly(Map.entry("app", "insights"));
    assertThat(after.getMetadata().getAnnotations())
        .containsOnly(Map.entry("helm.sh/resource-policy", "keep"));

    Path secretsFile = dir.resolve("secrets.yaml");
    Path valuesFile = dir.resolve("values-sessionkeys.yaml");
    assertThat(Files.getPosixFilePermissions(secretsFile))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(valuesFile))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String manifest = Files.readString(secretsFile);
    for (Map.Entry<String, SecretValue> entry : keys.values().entrySet()) {
      assertThat(manifest)
          .contains("  " + entry.getKey() + ": " + SecretMapping.encode(entry.getValue()) + "\n");
    }
    assertThat(manifest).doesNotContain("Helm").doesNotContain("resourceVersion");
    assertThat(Files.readString(valuesFile))
        .contains("autogenerateKeys: false")
        .contains("secretName: " + REF.name());

    // The written manifest is what the file-based check would read: a valid Secret with the live
    // keys.
    assertThat(LiveCheck.judge(PROFILE, after, NOW).hasErrors()).isFalse();
  }

  @Test
  void adoptIsIdempotent() {
    createHelmOwned(Map.of());
    Adopt adopt = new Adopt(cluster, PROFILE);
    adopt.adopt(REF, dir, false, NOW, Adopt.PLAIN);
    String version = live().getMetadata().getResourceVersion();

    Adopt.Result again = adopt.adopt(REF, dir, false, NOW, Adopt.PLAIN);

    assertThat(again.alreadyAdopted()).isTrue();
    assertThat(again.secretUpdated()).isFalse();
    assertThat(again.filesWritten()).isEmpty();
    assertThat(live().getMetadata().getResourceVersion()).isEqualTo(version);
  }

  @Test
  void adoptDryRunShowsThePlanAndChangesNothing() {
    createHelmOwned(Map.of());
    String version = live().getMetadata().getResourceVersion();
    Adopt.Result plan = new Adopt(cluster, PROFILE).adopt(REF, dir, true, NOW, Adopt.PLAIN);
    assertThat(plan.keepAdded()).isTrue();
    assertThat(plan.removedLabels()).isNotEmpty();
    assertThat(plan.secretUpdated()).isFalse();
    assertThat(dir).isEmptyDirectory();
    assertThat(live().getMetadata().getResourceVersion()).isEqualTo(version);
  }

  @Test
  void adoptRefusesToOverwriteAFileWithOtherContent() throws Exception {
    createHelmOwned(Map.of());
    Files.writeString(dir.resolve("secrets.yaml"), "someone else's\n");
    String version = live().getMetadata().getResourceVersion();
    assertThatThrownBy(() -> new Adopt(cluster, PROFILE).adopt(REF, dir, false, NOW, Adopt.PLAIN))
        .isInstanceOf(Adopt.FileConflictException.class)
        .hasMessageContaining("secrets.yaml");
    assertThat(Files.readString(dir.resolve("secrets.yaml"))).isEqualTo("someone else's\n");
    assertThat(live().getMetadata().getResourceVersion()).isEqualTo(version);
  }

  @Test
  void liveCheckReportsHelmOwnershipAsAnErrorAndKeptOwnershipAsAWarning() {
    createHelmOwned(Map.of());
    ValidationReport owned = new LiveCheck(cluster, PROFILE).check(REF, NOW);
    assertThat(owned.findings()).extracting(Finding::code).contains(FindingCode.HELM_OWNED);
    assertThat(owned.hasErrors()).isTrue();

    client
        .secrets()
        .inNamespace(REF.namespace())
        .withName(REF.name())
        .edit(
            s ->
                new SecretBuilder(s)
                    .editMetadata()
                    .addToAnnotations("helm.sh/resource-policy", "keep")
                    .endMetadata()
                    .build());
    ValidationReport kept = new LiveCheck(cluster, PROFILE).check(REF, NOW);
    assertThat(kept.findings())
        .extracting(Finding::code)
        .contains(FindingCode.HELM_OWNED_KEPT)
        .doesNotContain(FindingCode.HELM_OWNED);
    assertThat(kept.hasErrors()).isFalse();
  }

  @Test
  void liveCheckReportsPreviousKeysPastTheirGrace() throws Exception {
    client
        .secrets()
        .inNamespace(REF.namespace())
        .resource(SecretMapping.newSecret(REF.namespace(), REF.name(), keys, Map.of(), Map.of()))
        .create();
    new Rotate(cluster, PROFILE, KeyGenerator.secure())
        .rotate(
            new Rotate.Request(
                REF,
                new dev.sessionkeys.core.rotation.Rotation.Request(
                    java.util.Set.of("session"), Duration.ofHours(24), false, false),
                false,
                java.util.Set.of(),
                false,
                java.util.List.of(),
                false),
            NOW);

    ValidationReport inGrace =
        new LiveCheck(cluster, PROFILE).check(REF, NOW.plus(Duration.ofHours(1)));
    assertThat(inGrace.findings())
        .extracting(Finding::code)
        .doesNotContain(FindingCode.PREVIOUS_EXPIRED);

    ValidationReport late =
        new LiveCheck(cluster, PROFILE).check(REF, NOW.plus(Duration.ofDays(2)));
    assertThat(late.findings())
        .filteredOn(f -> f.code() == FindingCode.PREVIOUS_EXPIRED)
        .extracting(Finding::key)
        .containsExactlyInAnyOrder("SESSION_AUTH_KEY_PREVIOUS", "SESSION_ENCRYPTION_KEY_PREVIOUS");
  }

  @Test
  void liveCheckOfAMissingSecretSaysWhatToDo() {
    assertThatThrownBy(() -> new LiveCheck(cluster, PROFILE).check(REF, NOW))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining(REF.toString())
        .hasMessageContaining("sessionkeys apply");
  }
}
