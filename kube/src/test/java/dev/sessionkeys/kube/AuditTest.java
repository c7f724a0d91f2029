package dev.sessionkeys.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.SecretValue;
import dev.sessionkeys.core.validate.FindingCode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class AuditTest {

  static final Profile PROFILE = Profile.FAIRWINDS_INSIGHTS;
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  KubernetesMockServer server;
  KubernetesClient client;
  KubeCluster cluster;
  final KeyGenerator generator = KeyGenerator.secure();

  @BeforeEach
  void setUp() {
    cluster = KubeCluster.of(client, "mock");
  }

  private void create(
      String namespace,
      String name,
      KeySet keys,
      Map<String, String> labels,
      Map<String, String> annotations) {
    client
        .secrets()
        .inNamespace(namespace)
        .resource(SecretMapping.newSecret(namespace, name, keys, labels, annotations))
        .create();
  }

  @Test
  void oneRowPerSecretHoldingProfileKeysAndReuseAcrossSecretsByFingerprint() {
    KeySet production = generator.generate(PROFILE);
    // Staging copied production's cookie hash key: a leak of staging is a leak of production.
    KeySet staging =
        generator
            .generate(PROFILE)
            .with("COOKIE_HASH_KEY", production.get("COOKIE_HASH_KEY").orElseThrow());
    create(
        "prod",
        "fwinsights-secrets",
        production,
        Map.of(),
        Map.of("sessionkeys.dev/rotated-at.cookie", "2026-11-20T12:00:00Z"));
    create(
        "staging",
        "fwinsights-secrets",
        staging,
        Map.of("app.kubernetes.io/managed-by", "Helm"),
        Map.of("meta.helm.sh/release-name", "insights"));
    create("dev", "fwinsights-secrets", generator.generate(PROFILE), Map.of(), Map.of());
    client
        .secrets()
        .inNamespace("prod")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("tls")
                .withNamespace("prod")
                .endMetadata()
                .addToData("tls.crt", "Y2VydA==")
                .build())
        .create();

    Audit.Report report =
        new Audit(cluster, PROFILE, Audit.DEFAULT_PAGE_SIZE).run(Audit.Scope.all(), NOW);

    assertThat(report.secretsListed()).isEqualTo(4);
    assertThat(report.rows())
        .extracting(r -> r.namespace() + "/" + r.name())
        .containsExactlyInAnyOrder(
            "prod/fwinsights-secrets", "staging/fwinsights-secrets", "dev/fwinsights-secrets");
    assertThat(report.reuses()).hasSize(1);
    Audit.Reuse reuse = report.reuses().get(0);
    assertThat(reuse.fingerprint())
        .isEqualTo(production.get("COOKIE_HASH_KEY").orElseThrow().fingerprint());
    assertThat(reuse.places())
        .containsExactlyInAnyOrder(
            "prod/fwinsights-secrets:COOKIE_HASH_KEY",
            "staging/fwinsights-secrets:COOKIE_HASH_KEY");

    Audit.Row prod = row(report, "prod");
    assertThat(prod.valid()).isFalse();
    assertThat(prod.errors()).containsExactly(FindingCode.REUSED_ACROSS_SECRETS.id());
    assertThat(prod.rotated()).isTrue();
    assertThat(prod.age()).hasDays(6);
    Audit.Row stagingRow = row(report, "staging");
    assertThat(stagingRow.helmOwned()).isTrue();
    assertThat(stagingRow.errors())
        .contains(FindingCode.HELM_OWNED.id(), FindingCode.REUSED_ACROSS_SECRETS.id());
    Audit.Row devRow = row(report, "dev");
    assertThat(devRow.valid()).isTrue();
    assertThat(devRow.rotated()).isFalse();
    assertThat(report.toString())
        .doesNotContain(production.get("COOKIE_HASH_KEY").orElseThrow().reveal());
  }

  @Test
  void namespaceScopeListsOnlyThoseNamespaces() {
    create("a", "s", generator.generate(PROFILE), Map.of(), Map.of());
    create("b", "s", generator.generate(PROFILE), Map.of(), Map.of());
    create("c", "s", generator.generate(PROFILE), Map.of(), Map.of());
    Audit.Report report =
        new Audit(cluster, PROFILE, 100).run(Audit.Scope.of(List.of("a", "c", "a")), NOW);
    assertThat(report.rows()).extracting(Audit.Row::namespace).containsExactly("a", "c");
  }

  @Test
  void aDuplicateWithinOneSecretIsNotReportedAsReuseAcrossSecrets() {
    KeySet keys = generator.generate(PROFILE);
    SecretValue same = keys.get("COOKIE_BLOCK_KEY").orElseThrow();
    create("a", "s", keys.with("SESSION_ENCRYPTION_KEY", same), Map.of(), Map.of());
    Audit.Report report = new Audit(cluster, PROFILE, 100).run(Audit.Scope.all(), NOW);
    assertThat(report.reuses()).isEmpty();
    assertThat(report.rows().get(0).errors()).containsExactly(FindingCode.DUPLICATE_VALUE.id());
  }

  @Test
  void aBackupSecretIsListedButNotCountedAsReuse() {
    KeySet keys = generator.generate(PROFILE);
    create("a", "s", keys, Map.of(), Map.of());
    create("a", "s-backup", keys, Map.of(), Map.of(Apply.BACKUP_OF_ANNOTATION, "s"));
    Audit.Report report = new Audit(cluster, PROFILE, 100).run(Audit.Scope.all(), NOW);
    assertThat(report.rows()).hasSize(2).allMatch(Audit.Row::valid);
    assertThat(report.reuses()).isEmpty();
  }

  private static Audit.Row row(Audit.Report report, String namespace) {
    return report.rows().stream()
        .filter(r -> r.namespace().equals(namespace))
        .findFirst()
        .orElseThrow();
  }

  static Secret secret(String namespace, String name, KeySet keys) {
    return SecretMapping.newSecret(namespace, name, keys, Map.of(), Map.of());
  }
}
