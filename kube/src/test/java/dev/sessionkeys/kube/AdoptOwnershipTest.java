package dev.sessionkeys.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which of Helm's marks adoption removes, exactly, and when it adds the keep policy. */
@EnableKubernetesMockClient(crud = true)
class AdoptOwnershipTest {

  static final Profile PROFILE = Profile.FAIRWINDS_INSIGHTS;
  static final SecretRef REF = ApplyTest.REF;
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  KubernetesMockServer server;
  KubernetesClient client;
  Adopt adopt;
  final KeySet keys = AuditRowsTest.keys('a');

  @TempDir Path dir;

  @BeforeEach
  void setUp() {
    adopt = new Adopt(KubeCluster.of(client, "mock"), PROFILE);
  }

  private void create(Map<String, String> labels, Map<String, String> annotations) {
    client
        .secrets()
        .inNamespace(REF.namespace())
        .resource(SecretMapping.newSecret(REF.namespace(), REF.name(), keys, labels, annotations))
        .create();
  }

  private Secret live() {
    return client.secrets().inNamespace(REF.namespace()).withName(REF.name()).get();
  }

  @Test
  void aManagedByLabelOfAnotherToolStaysAndALoneNamespaceAnnotationGoes() {
    create(
        Map.of("app.kubernetes.io/managed-by", "kustomize"),
        Map.of("meta.helm.sh/release-namespace", "web", "team", "a"));

    Adopt.Result result = adopt.adopt(REF, dir, false, NOW);

    assertThat(result.removedLabels()).isEmpty();
    assertThat(result.removedAnnotations()).containsExactly("meta.helm.sh/release-namespace");
    assertThat(result.keepAdded()).isTrue();
    assertThat(result.secretUpdated()).isTrue();
    assertThat(result.alreadyAdopted()).isFalse();
    assertThat(live().getMetadata().getLabels())
        .containsOnly(Map.entry("app.kubernetes.io/managed-by", "kustomize"));
    assertThat(live().getMetadata().getAnnotations())
        .containsOnly(Map.entry("team", "a"), Map.entry("helm.sh/resource-policy", "keep"));
    assertThat(SecretMapping.toKeySet(live())).isEqualTo(keys);
  }

  @Test
  void anAlreadyKeptSecretLosesItsHelmLabelWithoutAddingKeepAgain() {
    create(
        Map.of("app.kubernetes.io/managed-by", "Helm"),
        Map.of("helm.sh/resource-policy", "keep", "meta.helm.sh/release-name", "insights"));

    Adopt.Result result = adopt.adopt(REF, dir, false, NOW);

    assertThat(result.removedLabels()).containsExactly("app.kubernetes.io/managed-by");
    assertThat(result.removedAnnotations()).containsExactly("meta.helm.sh/release-name");
    assertThat(result.keepAdded()).isFalse();
    assertThat(result.alreadyAdopted()).isFalse();
    assertThat(result.secretUpdated()).isTrue();
    assertThat(live().getMetadata().getLabels()).isNullOrEmpty();
    assertThat(live().getMetadata().getAnnotations())
        .containsOnly(Map.entry("helm.sh/resource-policy", "keep"));
    assertThat(
            HelmOwnership.isOwned(
                live().getMetadata().getLabels(), live().getMetadata().getAnnotations()))
        .isFalse();
  }

  @Test
  void aSecretHelmNeverOwnedOnlyGetsTheKeepPolicy() {
    create(Map.of("app", "insights"), Map.of());

    Adopt.Result result = adopt.adopt(REF, dir, false, NOW);

    assertThat(result.removedLabels()).isEmpty();
    assertThat(result.removedAnnotations()).isEmpty();
    assertThat(result.keepAdded()).isTrue();
    assertThat(result.alreadyAdopted()).isFalse();
    assertThat(result.secretUpdated()).isTrue();
    assertThat(live().getMetadata().getLabels()).containsOnly(Map.entry("app", "insights"));
    assertThat(live().getMetadata().getAnnotations())
        .containsOnly(Map.entry("helm.sh/resource-policy", "keep"));
  }

  @Test
  void aKeptSecretWithoutHelmMarksIsAlreadyAdoptedAndNotUpdated() {
    create(Map.of(), Map.of("helm.sh/resource-policy", "keep"));
    String version = live().getMetadata().getResourceVersion();

    Adopt.Result result = adopt.adopt(REF, dir, false, NOW);

    assertThat(result.alreadyAdopted()).isTrue();
    assertThat(result.secretUpdated()).isFalse();
    assertThat(result.filesWritten()).hasSize(2);
    assertThat(live().getMetadata().getResourceVersion()).isEqualTo(version);
  }
}
