package dev.sessionkeys.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.SecretValue;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What apply decides from a live Secret and a key set, with fixed values: which keys differ, what
 * replacing each costs, and that a difference is never written without {@code --replace}.
 */
@EnableKubernetesMockClient(crud = true)
class ApplyDecisionsTest {

  static final Profile PROFILE = Profile.FAIRWINDS_INSIGHTS;
  static final SecretRef REF = ApplyTest.REF;

  KubernetesMockServer server;
  KubernetesClient client;
  Apply apply;

  @BeforeEach
  void setUp() {
    apply = new Apply(KubeCluster.of(client, "mock"), PROFILE);
  }

  private Secret live() {
    return client.secrets().inNamespace(REF.namespace()).withName(REF.name()).get();
  }

  private void createLive(KeySet keys) {
    client
        .secrets()
        .inNamespace(REF.namespace())
        .resource(SecretMapping.newSecret(REF.namespace(), REF.name(), keys, Map.of(), Map.of()))
        .create();
  }

  @Test
  void differencesNameEachChangedKeyWithItsFingerprintsAndExactConsequence() {
    KeySet live = AuditRowsTest.keys('a');
    Secret secret = SecretMapping.newSecret("ns", "s", live, Map.of(), Map.of());
    SecretValue newCookie = SecretValue.of("c".repeat(64));
    SecretValue newData = SecretValue.of("d".repeat(32));
    KeySet wanted =
        live.with("COOKIE_HASH_KEY", newCookie)
            .with("AES_BASE64_CYPHER_KEY", newData)
            .with("EXTRA", SecretValue.of("e"));

    List<KeyDifference> differences = apply.differences(secret, wanted);

    assertThat(differences)
        .containsExactly(
            new KeyDifference(
                "COOKIE_HASH_KEY",
                live.get("COOKIE_HASH_KEY").orElseThrow().fingerprint(),
                newCookie.fingerprint(),
                "every user is logged out (cookies signed or encrypted with the live"
                    + " COOKIE_HASH_KEY stop being accepted); use `sessionkeys rotate` to change it"
                    + " without logouts"),
            new KeyDifference(
                "AES_BASE64_CYPHER_KEY",
                live.get("AES_BASE64_CYPHER_KEY").orElseThrow().fingerprint(),
                newData.fingerprint(),
                "data encrypted under the live AES_BASE64_CYPHER_KEY becomes unreadable"),
            new KeyDifference(
                "EXTRA",
                null,
                SecretValue.of("e").fingerprint(),
                "none: the live Secret has no EXTRA"));
  }

  @Test
  void aKeyOfNoProfileThatChangesIsAnUnknownConsequence() {
    Secret secret =
        SecretMapping.newSecret(
            "ns", "s", KeySet.of(Map.of("OTHER", SecretValue.of("old"))), Map.of(), Map.of());
    assertThat(apply.differences(secret, KeySet.of(Map.of("OTHER", SecretValue.of("new")))))
        .extracting(KeyDifference::consequence)
        .containsExactly(
            "unknown: OTHER is not a key of profile "
                + PROFILE.name()
                + "; whatever reads it sees a new value");
  }

  @Test
  void equalValuesAndLiveOnlyKeysAreNoDifference() {
    KeySet live = AuditRowsTest.keys('a').with("OTHER_APP", SecretValue.of("x"));
    Secret secret = SecretMapping.newSecret("ns", "s", live, Map.of(), Map.of());
    assertThat(apply.differences(secret, AuditRowsTest.keys('a'))).isEmpty();
  }

  @Test
  void oneDifferentKeyIsRefusedWithoutReplaceAndNothingIsWritten() {
    KeySet liveKeys = AuditRowsTest.keys('a');
    createLive(liveKeys);
    String version = live().getMetadata().getResourceVersion();

    Apply.Result result =
        apply.apply(
            new Apply.Request(
                REF,
                liveKeys.with("SESSION_ENCRYPTION_KEY", SecretValue.of("n".repeat(32))),
                false,
                null,
                false,
                false));

    assertThat(result.outcome()).isEqualTo(Apply.Outcome.REFUSED);
    assertThat(result.differences())
        .extracting(KeyDifference::key)
        .containsExactly("SESSION_ENCRYPTION_KEY");
    assertThat(result.backupLocation()).isNull();
    assertThat(result.liveResourceVersion()).isEqualTo(version);
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.namespaceCreated()).isFalse();
    assertThat(live().getMetadata().getResourceVersion()).isEqualTo(version);
    assertThat(SecretMapping.toKeySet(live())).isEqualTo(liveKeys);
  }

  @Test
  void aReplacementNeedsABackup() {
    assertThatThrownBy(
            () -> new Apply.Request(REF, AuditRowsTest.keys('a'), true, null, false, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a replacement needs a backup");
    assertThat(
            new Apply.Request(
                    REF,
                    AuditRowsTest.keys('a'),
                    true,
                    new Apply.Backup.ToDirectory(Path.of("backups")),
                    false,
                    false)
                .replace())
        .isTrue();
  }

  @Test
  void aDryRunReplaceSaysWhatWouldBeReplacedAndWritesNothing() {
    KeySet liveKeys = AuditRowsTest.keys('a');
    createLive(liveKeys);
    String version = live().getMetadata().getResourceVersion();

    Apply.Result result =
        apply.apply(
            new Apply.Request(
                REF,
                AuditRowsTest.keys('k'),
                true,
                new Apply.Backup.ToSecret("backup"),
                false,
                true));

    assertThat(result.outcome()).isEqualTo(Apply.Outcome.WOULD_REPLACE);
    assertThat(result.differences()).hasSize(5);
    assertThat(result.backupLocation()).isNull();
    assertThat(live().getMetadata().getResourceVersion()).isEqualTo(version);
    assertThat(client.secrets().inNamespace(REF.namespace()).withName("backup").get()).isNull();
  }

  private static io.fabric8.kubernetes.api.model.Status status(int code, String reason) {
    return new io.fabric8.kubernetes.api.model.StatusBuilder()
        .withStatus("Failure")
        .withCode(code)
        .withReason(reason)
        .withMessage(reason)
        .build();
  }

  @Test
  void aCreateThatKeepsLosingTheRaceIsTriedExactlyMaxAttemptsTimesAndNeverOverwrites()
      throws Exception {
    String secretPath = "/api/v1/namespaces/" + REF.namespace() + "/secrets/" + REF.name();
    String secretsPath = "/api/v1/namespaces/" + REF.namespace() + "/secrets";
    server.expect().get().withPath(secretPath).andReturn(404, status(404, "NotFound")).always();
    server
        .expect()
        .post()
        .withPath(secretsPath)
        .andReturn(409, status(409, "AlreadyExists"))
        .always();

    assertThatThrownBy(
            () ->
                apply.apply(
                    new Apply.Request(REF, AuditRowsTest.keys('a'), false, null, false, false)))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("kept changing while we applied (3 attempts)")
        .hasMessageContaining("nothing was overwritten");

    int posts = 0;
    int puts = 0;
    for (RecordedRequest request = server.takeRequest(100, TimeUnit.MILLISECONDS);
        request != null;
        request = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
      posts += request.getMethod().equals("POST") ? 1 : 0;
      puts += request.getMethod().equals("PUT") ? 1 : 0;
    }
    assertThat(posts).isEqualTo(3);
    assertThat(puts).isZero();
  }

  @Test
  void aDryRunWithCreateNamespaceSaysItWouldCreateAnAbsentNamespaceOnly() {
    Apply.Result absent =
        apply.apply(new Apply.Request(REF, AuditRowsTest.keys('a'), false, null, true, true));
    assertThat(absent.namespaceCreated()).isTrue();
    assertThat(absent.outcome()).isEqualTo(Apply.Outcome.WOULD_CREATE);
    assertThat(client.namespaces().withName(REF.namespace()).get()).isNull();

    client
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(REF.namespace())
                .endMetadata()
                .build())
        .create();
    Apply.Result present =
        apply.apply(new Apply.Request(REF, AuditRowsTest.keys('a'), false, null, true, true));
    assertThat(present.namespaceCreated()).isFalse();
    assertThat(live()).isNull();
  }

  @Test
  void aNamespaceCreatedBysomeoneElseMeanwhileIsJustAsGood() {
    client
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(REF.namespace())
                .endMetadata()
                .build())
        .create();
    // Our read says absent; our create then conflicts with theirs.
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/" + REF.namespace())
        .andReturn(404, status(404, "NotFound"))
        .once();

    Apply.Result result =
        apply.apply(new Apply.Request(REF, AuditRowsTest.keys('a'), false, null, true, false));

    assertThat(result.namespaceCreated()).isFalse();
    assertThat(result.outcome()).isEqualTo(Apply.Outcome.CREATED);
    assertThat(SecretMapping.toKeySet(live())).isEqualTo(AuditRowsTest.keys('a'));
  }
}
