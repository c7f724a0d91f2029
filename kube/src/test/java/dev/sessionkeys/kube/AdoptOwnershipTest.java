package dev.sessionkeys.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    Adopt.Result result = adopt.adopt(REF, dir, false, NOW, Adopt.PLAIN);

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

    Adopt.Result result = adopt.adopt(REF, dir, false, NOW, Adopt.PLAIN);

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

    Adopt.Result result = adopt.adopt(REF, dir, false, NOW, Adopt.PLAIN);

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

    Adopt.Result result = adopt.adopt(REF, dir, false, NOW, Adopt.PLAIN);

    assertThat(result.alreadyAdopted()).isTrue();
    assertThat(result.secretUpdated()).isFalse();
    assertThat(result.filesWritten()).hasSize(2);
    assertThat(live().getMetadata().getResourceVersion()).isEqualTo(version);
  }

  @Test
  void anUpdateRefusedByTheServerLeavesTheSecretUnchangedAndSaysTheKeysAreSaved() {
    create(Map.of("app.kubernetes.io/managed-by", "Helm"), Map.of());
    String version = live().getMetadata().getResourceVersion();
    server
        .expect()
        .put()
        .withPath("/api/v1/namespaces/" + REF.namespace() + "/secrets/" + REF.name())
        .andReturn(
            403,
            new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withStatus("Failure")
                .withCode(403)
                .withReason("Forbidden")
                .withMessage("no")
                .build())
        .always();

    assertThatThrownBy(() -> adopt.adopt(REF, dir, false, NOW, Adopt.PLAIN))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining(
            "; the Secret "
                + REF
                + " is unchanged (its keys are saved in "
                + dir.resolve("secrets.yaml")
                + "): run adopt again");
    server.clearExpectations();
    assertThat(live().getMetadata().getResourceVersion()).isEqualTo(version);
    assertThat(dir.resolve("secrets.yaml")).exists();
  }

  @Test
  void aConflictThatPersistsIsRetriedExactlyMaxAttemptsTimes() throws Exception {
    create(Map.of("app.kubernetes.io/managed-by", "Helm"), Map.of());
    String path = "/api/v1/namespaces/" + REF.namespace() + "/secrets/" + REF.name();
    server
        .expect()
        .put()
        .withPath(path)
        .andReturn(
            409,
            new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withStatus("Failure")
                .withCode(409)
                .withReason("Conflict")
                .withMessage("changed")
                .build())
        .always();
    while (server.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
      // drain the set-up requests
    }

    assertThatThrownBy(() -> adopt.adopt(REF, dir, false, NOW, Adopt.PLAIN))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("kept changing while we adopted it (3 attempts)");

    int puts = 0;
    for (RecordedRequest request = server.takeRequest(100, TimeUnit.MILLISECONDS);
        request != null;
        request = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
      puts += request.getMethod().equals("PUT") ? 1 : 0;
    }
    assertThat(puts).isEqualTo(3);
  }

  @Test
  void aDryRunRefusesWhenEitherFileHoldsSomethingElse() throws Exception {
    create(Map.of("app.kubernetes.io/managed-by", "Helm"), Map.of());
    Files.writeString(dir.resolve("secrets.yaml"), "mine\n");
    assertThatThrownBy(() -> adopt.adopt(REF, dir, true, NOW, Adopt.PLAIN))
        .isInstanceOf(Adopt.FileConflictException.class)
        .hasMessageContaining("secrets.yaml already exists with other content");
    Files.delete(dir.resolve("secrets.yaml"));
    Files.writeString(dir.resolve("values-sessionkeys.yaml"), "mine\n");
    assertThatThrownBy(() -> adopt.adopt(REF, dir, true, NOW, Adopt.PLAIN))
        .isInstanceOf(Adopt.FileConflictException.class)
        .hasMessageContaining("values-sessionkeys.yaml already exists with other content");
  }

  @Test
  void aValuesFileWithOtherContentStopsAdoptionBeforeAnythingIsWritten() throws Exception {
    create(Map.of("app.kubernetes.io/managed-by", "Helm"), Map.of());
    String version = live().getMetadata().getResourceVersion();
    Files.writeString(dir.resolve("values-sessionkeys.yaml"), "mine\n");
    assertThatThrownBy(() -> adopt.adopt(REF, dir, false, NOW, Adopt.PLAIN))
        .isInstanceOf(Adopt.FileConflictException.class)
        .hasMessageContaining("values-sessionkeys.yaml already exists with other content");
    assertThat(dir.resolve("secrets.yaml")).doesNotExist();
    assertThat(Files.readString(dir.resolve("values-sessionkeys.yaml"))).isEqualTo("mine\n");
    assertThat(live().getMetadata().getResourceVersion()).isEqualTo(version);
  }

  @Test
  void aValueThatIsNotTextIsRefusedRatherThanAltered() {
    Secret binary =
        new io.fabric8.kubernetes.api.model.SecretBuilder()
            .withNewMetadata()
            .withNamespace("ns")
            .withName("s")
            .endMetadata()
            .addToData("CERT", "//79")
            .build();
    assertThatThrownBy(() -> Adopt.secretsManifest(binary))
        .isInstanceOf(Adopt.FileConflictException.class)
        .hasMessage(
            "CERT in ns/s is not text, so it cannot be saved to secrets.yaml unchanged; nothing was"
                + " written or changed");
  }

  @Test
  void aSecretWithoutDataIsSavedAsAnEmptyManifest() {
    Secret empty =
        new io.fabric8.kubernetes.api.model.SecretBuilder()
            .withNewMetadata()
            .withNamespace("ns")
            .withName("s")
            .endMetadata()
            .build();
    empty.setData(null);
    empty.setStringData(null);
    assertThat(Adopt.secretsManifest(empty)).contains("name: s").contains("namespace: ns");
  }
}
