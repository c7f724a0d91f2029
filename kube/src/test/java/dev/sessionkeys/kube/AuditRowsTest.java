package dev.sessionkeys.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.SecretValue;
import dev.sessionkeys.core.validate.FindingCode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.api.model.SecretListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Audit's rows and reuse detection against scripted list answers: unlike the CRUD mock, a scripted
 * answer carries exactly the creation timestamps the test sets, so ages are exact and do not depend
 * on the wall clock.
 */
@EnableKubernetesMockClient
class AuditRowsTest {

  static final Profile PROFILE = Profile.FAIRWINDS_INSIGHTS;
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  KubernetesMockServer server;
  KubernetesClient client;

  /**
   * Fixed values, so that no test depends on random draws, in the profile's key order (a {@code
   * Map.of} would iterate in an order that changes from one JVM to the next).
   */
  static KeySet keys(char fill) {
    Map<String, SecretValue> values = new LinkedHashMap<>();
    values.put("COOKIE_HASH_KEY", SecretValue.of(pattern(fill, 64)));
    values.put("COOKIE_BLOCK_KEY", SecretValue.of(pattern((char) (fill + 1), 32)));
    values.put("SESSION_AUTH_KEY", SecretValue.of(pattern((char) (fill + 2), 64)));
    values.put("SESSION_ENCRYPTION_KEY", SecretValue.of(pattern((char) (fill + 3), 32)));
    values.put("AES_BASE64_CYPHER_KEY", SecretValue.of(pattern((char) (fill + 4), 32)));
    return KeySet.of(values);
  }

  /** A value the validator accepts: a fixed mix of letters and digits, varied by {@code seed}. */
  private static String pattern(char seed, int length) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder text = new StringBuilder(length);
    int state = seed;
    for (int i = 0; i < length; i++) {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      text.append(alphabet.charAt((state >> 8) % alphabet.length()));
    }
    return text.toString();
  }

  static Secret secret(
      String namespace,
      String name,
      KeySet keys,
      String created,
      Map<String, String> labels,
      Map<String, String> annotations) {
    return new SecretBuilder(SecretMapping.newSecret(namespace, name, keys, labels, annotations))
        .editMetadata()
        .withCreationTimestamp(created)
        .endMetadata()
        .build();
  }

  private Audit.Report audit(Secret... secrets) {
    SecretList list = new SecretListBuilder().withItems(secrets).build();
    server.expect().get().withPath("/api/v1/secrets?limit=250").andReturn(200, list).once();
    return new Audit(KubeCluster.of(client, "mock"), PROFILE, Audit.DEFAULT_PAGE_SIZE)
        .run(Audit.Scope.all(), NOW);
  }

  private static Audit.Row row(Audit.Report report, String name) {
    return report.rows().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theFixedKeysAreValidAndDistinct() {
    KeySet a = keys('a');
    assertThat(a.values().values()).doesNotHaveDuplicates();
    assertThat(keys('k').values().values()).doesNotContainAnyElementsOf(a.values().values());
  }

  @Test
  void withoutRotationTheAgeCountsFromCreationExactly() {
    Audit.Report report =
        audit(secret("a", "s", keys('a'), "2026-11-20T12:00:00Z", Map.of(), Map.of()));
    Audit.Row row = report.rows().get(0);
    assertThat(row.namespace()).isEqualTo("a");
    assertThat(row.name()).isEqualTo("s");
    assertThat(row.valid()).isTrue();
    assertThat(row.errors()).isEmpty();
    assertThat(row.warnings()).isEmpty();
    assertThat(row.helmOwned()).isFalse();
    assertThat(row.helmKept()).isFalse();
    assertThat(row.rotated()).isFalse();
    assertThat(row.lastChanged()).isEqualTo(Instant.parse("2026-11-20T12:00:00Z"));
    assertThat(row.age()).isEqualTo(Duration.ofDays(6));
    assertThat(report.hasErrors()).isFalse();
    assertThat(report.reuses()).isEmpty();
    assertThat(report.secretsListed()).isEqualTo(1);
    assertThat(report.pages()).isEqualTo(1);
  }

  @Test
  void theLatestRotationOfAnyGroupIsWhenTheKeysLastChanged() {
    Audit.Report report =
        audit(
            secret(
                "a",
                "s",
                keys('a'),
                "2026-01-01T00:00:00Z",
                Map.of(),
                Map.of(
                    "sessionkeys.dev/rotated-at.cookie", "2026-11-20T12:00:00Z",
                    "sessionkeys.dev/rotated-at.session", "2026-11-25T12:00:00Z",
                    "sessionkeys.dev/rotated-at.data", "2026-11-10T12:00:00Z")));
    Audit.Row row = report.rows().get(0);
    assertThat(row.rotated()).isTrue();
    assertThat(row.lastChanged()).isEqualTo(Instant.parse("2026-11-25T12:00:00Z"));
    assertThat(row.age()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void aRotationAtThisInstantHasAgeZero() {
    Audit.Row row =
        audit(
                secret(
                    "a",
                    "s",
                    keys('a'),
                    "2026-01-01T00:00:00Z",
                    Map.of(),
                    Map.of("sessionkeys.dev/rotated-at.cookie", NOW.toString())))
            .rows()
            .get(0);
    assertThat(row.lastChanged()).isEqualTo(NOW);
    assertThat(row.age()).isEqualTo(Duration.ZERO);
  }

  @Test
  void anUnreadableOrMissingCreationTimeLeavesTheAgeUnknown() {
    Audit.Report report =
        audit(
            secret("a", "garbled", keys('a'), "last tuesday", Map.of(), Map.of()),
            secret("b", "missing", keys('k'), null, Map.of(), Map.of()));
    for (String name : List.of("garbled", "missing")) {
      Audit.Row row = row(report, name);
      assertThat(row.lastChanged()).as(name).isNull();
      assertThat(row.age()).as(name).isNull();
      assertThat(row.rotated()).as(name).isFalse();
      assertThat(row.valid()).as(name).isTrue();
    }
  }

  @Test
  void secretsWithoutProfileKeysAreCountedButNotListed() {
    Secret tls =
        new SecretBuilder()
            .withNewMetadata()
            .withNamespace("a")
            .withName("tls")
            .endMetadata()
            .addToData("tls.crt", "Y2VydA==")
            .build();
    Secret empty =
        new SecretBuilder()
            .withNewMetadata()
            .withNamespace("a")
            .withName("empty")
            .endMetadata()
            .build();
    Secret one =
        new SecretBuilder()
            .withNewMetadata()
            .withNamespace("a")
            .withName("one")
            .withCreationTimestamp("2026-11-26T00:00:00Z")
            .endMetadata()
            .addToData("SESSION_AUTH_KEY", SecretMapping.encode(SecretValue.of("x")))
            .build();
    Audit.Report report = audit(tls, empty, one);
    assertThat(report.secretsListed()).isEqualTo(3);
    // One profile key is enough to be listed, and to be judged (the others are missing).
    assertThat(report.rows()).extracting(Audit.Row::name).containsExactly("one");
    assertThat(report.rows().get(0).valid()).isFalse();
    assertThat(report.rows().get(0).errors())
        .containsExactlyInAnyOrder(FindingCode.MISSING_KEY.id(), FindingCode.WRONG_LENGTH.id());
    assertThat(report.hasErrors()).isTrue();
  }

  @Test
  void eachFindingIdIsListedOnceUnderItsSeverity() {
    KeySet keys =
        keys('a')
            .with("COOKIE_HASH_KEY", SecretValue.of("short"))
            .with("SESSION_AUTH_KEY", SecretValue.of("also-short"));
    Audit.Row row =
        audit(
                secret(
                    "a",
                    "s",
                    keys,
                    "2026-11-20T12:00:00Z",
                    Map.of("app.kubernetes.io/managed-by", "Helm"),
                    Map.of("helm.sh/resource-policy", "keep")))
            .rows()
            .get(0);
    assertThat(row.errors()).containsOnlyOnce(FindingCode.WRONG_LENGTH.id());
    assertThat(row.errors()).doesNotContain(FindingCode.HELM_OWNED_KEPT.id());
    assertThat(row.warnings()).containsOnlyOnce(FindingCode.HELM_OWNED_KEPT.id());
    assertThat(row.warnings()).doesNotContain(FindingCode.WRONG_LENGTH.id());
    assertThat(row.helmOwned()).isTrue();
    assertThat(row.helmKept()).isTrue();
    assertThat(row.valid()).isFalse();
  }

  @Test
  void aValueSharedByThreeSecretsIsOneReuseNamingEveryPlaceInOrder() {
    SecretValue shared = keys('z').get("COOKIE_HASH_KEY").orElseThrow();
    Audit.Report report =
        audit(
            secret(
                "prod",
                "s",
                keys('a').with("COOKIE_HASH_KEY", shared),
                "2026-11-20T12:00:00Z",
                Map.of("app.kubernetes.io/managed-by", "Helm"),
                Map.of("helm.sh/resource-policy", "keep")),
            secret(
                "dev",
                "s",
                keys('k').with("COOKIE_HASH_KEY", shared),
                "2026-11-20T12:00:00Z",
                Map.of(),
                Map.of()),
            secret(
                "staging",
                "s",
                keys('u').with("SESSION_AUTH_KEY", shared),
                "2026-11-21T12:00:00Z",
                Map.of(),
                Map.of("sessionkeys.dev/rotated-at.cookie", "2026-11-25T12:00:00Z")),
            secret("alone", "s", keys('F'), "2026-11-20T12:00:00Z", Map.of(), Map.of()));

    assertThat(report.reuses()).hasSize(1);
    Audit.Reuse reuse = report.reuses().get(0);
    assertThat(reuse.fingerprint()).isEqualTo(shared.fingerprint()).hasSize(16);
    assertThat(reuse.places())
        .containsExactly(
            "prod/s:COOKIE_HASH_KEY", "dev/s:COOKIE_HASH_KEY", "staging/s:SESSION_AUTH_KEY");
    // The rows keep list order, and a reuse only adds its error: everything else stays.
    assertThat(report.rows())
        .extracting(Audit.Row::namespace)
        .containsExactly("prod", "dev", "staging", "alone");
    Audit.Row prod = row(report, "s");
    assertThat(prod.namespace()).isEqualTo("prod");
    assertThat(prod.valid()).isFalse();
    assertThat(prod.errors()).containsExactly(FindingCode.REUSED_ACROSS_SECRETS.id());
    assertThat(prod.warnings()).containsExactly(FindingCode.HELM_OWNED_KEPT.id());
    assertThat(prod.helmOwned()).isTrue();
    assertThat(prod.helmKept()).isTrue();
    assertThat(prod.lastChanged()).isEqualTo(Instant.parse("2026-11-20T12:00:00Z"));
    assertThat(prod.rotated()).isFalse();
    assertThat(prod.age()).isEqualTo(Duration.ofDays(6));
    Audit.Row staging = report.rows().get(2);
    assertThat(staging.errors()).containsExactly(FindingCode.REUSED_ACROSS_SECRETS.id());
    assertThat(staging.rotated()).isTrue();
    assertThat(staging.lastChanged()).isEqualTo(Instant.parse("2026-11-25T12:00:00Z"));
    assertThat(staging.age()).isEqualTo(Duration.ofDays(1));
    Audit.Row alone = report.rows().get(3);
    assertThat(alone.valid()).isTrue();
    assertThat(alone.errors()).isEmpty();
    assertThat(report.toString()).doesNotContain(shared.reveal());
  }

  @Test
  void reusesAreSortedByTheirFirstPlace() {
    // Five shared values: their digests come out of the hash map in an order unrelated to the
    // places, so only the sort puts them in this order.
    KeySet shared = keys('a');
    Audit.Report report =
        audit(
            secret("b", "s", shared, "2026-11-20T12:00:00Z", Map.of(), Map.of()),
            secret("a", "s", shared, "2026-11-20T12:00:00Z", Map.of(), Map.of()));
    assertThat(report.reuses())
        .extracting(r -> r.places().get(0))
        .containsExactly(
            "b/s:AES_BASE64_CYPHER_KEY",
            "b/s:COOKIE_BLOCK_KEY",
            "b/s:COOKIE_HASH_KEY",
            "b/s:SESSION_AUTH_KEY",
            "b/s:SESSION_ENCRYPTION_KEY");
    assertThat(report.reuses().get(0).places())
        .containsExactly("b/s:AES_BASE64_CYPHER_KEY", "a/s:AES_BASE64_CYPHER_KEY");
    assertThat(report.reuses().get(0).fingerprint())
        .isEqualTo(shared.get("AES_BASE64_CYPHER_KEY").orElseThrow().fingerprint());
  }

  @Test
  void theSameValueTwiceInOneSecretAndOnceElsewhereIsAReuseWithAllThreePlaces() {
    SecretValue shared = keys('z').get("COOKIE_BLOCK_KEY").orElseThrow();
    Audit.Report report =
        audit(
            secret(
                "a",
                "s",
                keys('a').with("COOKIE_BLOCK_KEY", shared).with("SESSION_ENCRYPTION_KEY", shared),
                "2026-11-20T12:00:00Z",
                Map.of(),
                Map.of()),
            secret(
                "b",
                "s",
                keys('k').with("AES_BASE64_CYPHER_KEY", shared),
                "2026-11-20T12:00:00Z",
                Map.of(),
                Map.of()));
    assertThat(report.reuses()).hasSize(1);
    assertThat(report.reuses().get(0).places())
        .containsExactly(
            "a/s:COOKIE_BLOCK_KEY", "a/s:SESSION_ENCRYPTION_KEY", "b/s:AES_BASE64_CYPHER_KEY");
    assertThat(report.rows().get(0).errors())
        .containsExactly(FindingCode.DUPLICATE_VALUE.id(), FindingCode.REUSED_ACROSS_SECRETS.id());
    assertThat(report.rows().get(1).errors())
        .containsExactly(FindingCode.REUSED_ACROSS_SECRETS.id());
  }

  @Test
  void emptyValuesInTwoSecretsAreNotAReuse() {
    Audit.Report report =
        audit(
            secret(
                "a",
                "s",
                keys('a').with("COOKIE_HASH_KEY", SecretValue.of("")),
                "2026-11-20T12:00:00Z",
                Map.of(),
                Map.of()),
            secret(
                "b",
                "s",
                keys('k').with("COOKIE_HASH_KEY", SecretValue.of("")),
                "2026-11-20T12:00:00Z",
                Map.of(),
                Map.of()));
    assertThat(report.reuses()).isEmpty();
    assertThat(report.rows())
        .allSatisfy(
            r -> assertThat(r.errors()).doesNotContain(FindingCode.REUSED_ACROSS_SECRETS.id()));
  }

  @Test
  void aBackupSharesKeysWithItsSecretWithoutBeingAReuseButAThirdCopyIs() {
    KeySet keys = keys('a');
    Audit.Report report =
        audit(
            secret("a", "s", keys, "2026-11-20T12:00:00Z", Map.of(), Map.of()),
            secret(
                "a",
                "s-backup",
                keys,
                "2026-11-20T12:00:00Z",
                Map.of(),
                Map.of(Apply.BACKUP_OF_ANNOTATION, "s")),
            secret(
                "b",
                "copy",
                keys('k').with("COOKIE_HASH_KEY", keys.get("COOKIE_HASH_KEY").orElseThrow()),
                "2026-11-20T12:00:00Z",
                Map.of(),
                Map.of()));
    assertThat(report.reuses()).hasSize(1);
    assertThat(report.reuses().get(0).places())
        .containsExactly("a/s:COOKIE_HASH_KEY", "b/copy:COOKIE_HASH_KEY");
    assertThat(row(report, "s-backup").valid()).isTrue();
  }

  @Test
  void scopesAndPageSizesAreCheckedWhenMade() {
    assertThat(Audit.Scope.all().allNamespaces()).isTrue();
    assertThat(Audit.Scope.all().namespaces()).isEmpty();
    Audit.Scope some = Audit.Scope.of(List.of("a", "b"));
    assertThat(some.allNamespaces()).isFalse();
    assertThat(some.namespaces()).containsExactly("a", "b");
    assertThatThrownBy(() -> Audit.Scope.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name at least one namespace, or all");
    KubeCluster cluster = KubeCluster.of(client, "mock");
    assertThatThrownBy(() -> new Audit(cluster, PROFILE, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("page size must be positive");
    assertThat(new Audit(cluster, PROFILE, 1)).isNotNull();
    assertThat(Audit.DEFAULT_PAGE_SIZE).isEqualTo(250);
  }

  @Test
  void aListWithoutMetadataIsTheLastPage() {
    String secret =
        io.fabric8.kubernetes.client.utils.Serialization.asJson(
            secret("a", "s", keys('a'), "2026-11-20T12:00:00Z", Map.of(), Map.of()));
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/a/secrets?limit=7")
        .andReturn(
            200,
            "{\"apiVersion\":\"v1\",\"kind\":\"SecretList\",\"metadata\":null,\"items\":["
                + secret
                + "]}")
        .once();
    Audit.Report report =
        new Audit(KubeCluster.of(client, "mock"), PROFILE, 7)
            .run(Audit.Scope.of(List.of("a")), NOW);
    assertThat(report.pages()).isEqualTo(1);
    assertThat(report.rows()).hasSize(1);
  }

  @Test
  void listingStopsAtThePageBoundWithAnErrorAfterExactlyThatManyRequests() {
    for (int page = 0; page < 5; page++) {
      String path = "/api/v1/secrets?" + (page == 0 ? "" : "continue=t" + page + "&") + "limit=3";
      server
          .expect()
          .get()
          .withPath(path)
          .andReturn(
              200,
              new SecretListBuilder()
                  .withNewMetadata()
                  .withContinue("t" + (page + 1))
                  .endMetadata()
                  .build())
          .once();
    }
    int before = server.getRequestCount();
    assertThatThrownBy(
            () ->
                new Audit(KubeCluster.of(client, "mock"), PROFILE, 3, 2)
                    .run(Audit.Scope.all(), NOW))
        .isInstanceOf(ClusterException.class)
        .hasMessage("listing secrets in all namespaces did not end after 2 pages")
        .satisfies(
            e ->
                assertThat(((ClusterException) e).kind())
                    .isEqualTo(ClusterException.Kind.SERVER_ERROR));
    assertThat(server.getRequestCount() - before).isEqualTo(2);
  }

  @Test
  void aLastPageAtThePageBoundIsFine() {
    server
        .expect()
        .get()
        .withPath("/api/v1/secrets?limit=3")
        .andReturn(
            200, new SecretListBuilder().withNewMetadata().withContinue("t1").endMetadata().build())
        .once();
    server
        .expect()
        .get()
        .withPath("/api/v1/secrets?continue=t1&limit=3")
        .andReturn(
            200, new SecretListBuilder().withNewMetadata().withContinue("").endMetadata().build())
        .once();
    Audit.Report report =
        new Audit(KubeCluster.of(client, "mock"), PROFILE, 3, 2).run(Audit.Scope.all(), NOW);
    assertThat(report.pages()).isEqualTo(2);
  }

  @Test
  void aRepeatedContinueTokenInANamespaceNamesTheNamespace() {
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/a/secrets?limit=1")
        .andReturn(
            200, new SecretListBuilder().withNewMetadata().withContinue("t").endMetadata().build())
        .always();
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/a/secrets?continue=t&limit=1")
        .andReturn(
            200, new SecretListBuilder().withNewMetadata().withContinue("t").endMetadata().build())
        .always();
    assertThatThrownBy(
            () ->
                new Audit(KubeCluster.of(client, "mock"), PROFILE, 1)
                    .run(Audit.Scope.of(List.of("a")), NOW))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining(
            "returned the same continue token twice while listing secrets in namespace a")
        .hasMessageContaining("stopped rather than loop")
        .satisfies(
            e ->
                assertThat(((ClusterException) e).kind())
                    .isEqualTo(ClusterException.Kind.SERVER_ERROR));
  }
}
