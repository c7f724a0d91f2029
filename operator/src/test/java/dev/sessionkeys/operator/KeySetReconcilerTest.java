package dev.sessionkeys.operator;

import static dev.sessionkeys.operator.MockCluster.NS;
import static dev.sessionkeys.operator.MockCluster.SECRET;
import static dev.sessionkeys.operator.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.validate.SecretValidator;
import dev.sessionkeys.kube.Adopt;
import dev.sessionkeys.kube.LastApplied;
import dev.sessionkeys.operator.crd.DeletionPolicy;
import dev.sessionkeys.operator.crd.InlineKey;
import dev.sessionkeys.operator.crd.ProfileSpec;
import dev.sessionkeys.operator.crd.RotationSpec;
import dev.sessionkeys.operator.crd.SessionKeySet;
import dev.sessionkeys.operator.crd.SessionKeySetSpec;
import dev.sessionkeys.operator.crd.WorkloadRef;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each behaviour of the reconciler, against fabric8's mock API server in CRUD mode, with a clock
 * the test moves.
 */
@EnableKubernetesMockClient(crud = true)
class KeySetReconcilerTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  KubernetesClient client;
  MockCluster cluster;
  MutableClock clock;
  SessionKeysOperator operator;

  @BeforeEach
  void setUp() {
    cluster = new MockCluster(client);
    cluster.installCrd();
    clock = new MutableClock(T0);
  }

  @AfterEach
  void tearDown() {
    if (operator != null) {
      operator.close();
    }
  }

  private void startOperator() {
    startOperator(KeyGenerator.secure());
  }

  private void startOperator(KeyGenerator generator) {
    operator = SessionKeysOperator.start(client, options(), generator);
  }

  private OperatorOptions options() {
    return OperatorOptions.defaults()
        .withLeaderElection(false, null, null)
        .withNamespaces(java.util.Set.of(NS))
        .withHttp("127.0.0.1", -1)
        .withReconcileThreads(2)
        .withClock(clock);
  }

  private static SessionKeySetSpec spec() {
    return new SessionKeySetSpec();
  }

  private static SessionKeySetSpec rotating(String interval, String grace) {
    SessionKeySetSpec spec = new SessionKeySetSpec();
    spec.rotation = new RotationSpec(interval, grace);
    return spec;
  }

  private void awaitReady(String name) {
    await(name + " Ready", () -> cluster.conditionIs(name, "Ready", "True", "KeysPresent"));
  }

  /** Five valid keys, as `sessionkeys generate` would make them. */
  private static Map<String, String> generatedValues() {
    Map<String, String> values = new LinkedHashMap<>();
    KeyGenerator.secure()
        .generate(Profile.FAIRWINDS_INSIGHTS)
        .values()
        .forEach((k, v) -> values.put(k, v.reveal()));
    return values;
  }

  /** The annotation by which a Secret invites the set "keys" to manage it. */
  private static final Map<String, String> INVITES_KEYS = Map.of(Adopt.INVITE_ANNOTATION, "keys");

  private void createSecret(
      Map<String, String> values, Map<String, String> labels, Map<String, String> annotations) {
    client
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(SECRET)
                .withNamespace(NS)
                .withLabels(labels)
                .withAnnotations(annotations)
                .endMetadata()
                .withType("Opaque")
                .withData(MockCluster.encode(values))
                .build())
        .create();
  }

  /** Checks for a while that the Secret keeps the resourceVersion of {@code before}: no write. */
  private void holdsUntouched(Secret before) {
    String version = before.getMetadata().getResourceVersion();
    MockCluster.holds(
        "untouched",
        Duration.ofMillis(500),
        () -> version.equals(cluster.secret().getMetadata().getResourceVersion()));
  }

  @Test
  void createsAMissingSecretWithFreshValidKeys() {
    startOperator();
    cluster.create("keys", spec());
    awaitReady("keys");

    Secret secret = cluster.secret();
    assertThat(secret.getData())
        .containsOnlyKeys(
            "COOKIE_HASH_KEY",
            "COOKIE_BLOCK_KEY",
            "SESSION_AUTH_KEY",
            "SESSION_ENCRYPTION_KEY",
            "AES_BASE64_CYPHER_KEY");
    assertThat(
            SecretValidator.validate(
                    Profile.FAIRWINDS_INSIGHTS,
                    dev.sessionkeys.kube.SecretMapping.toDocument(secret))
                .hasErrors())
        .isFalse();
    assertThat(secret.getMetadata().getLabels())
        .containsEntry(KeySetReconciler.MANAGED_LABEL, "true");
    assertThat(secret.getMetadata().getOwnerReferences()).isNullOrEmpty();
    SessionKeySet set = cluster.get("keys");
    assertThat(set.getStatus().keys()).hasSize(5);
    Map<String, String> values = cluster.values();
    set.getStatus()
        .keys()
        .forEach(
            (k, fingerprint) ->
                assertThat(fingerprint)
                    .isEqualTo(dev.sessionkeys.core.Fingerprint.of(values.get(k))));
    assertThat(cluster.conditionIs("keys", "Valid", "True", "KeysValid")).isTrue();
    assertThat(cluster.conditionIs("keys", "Rotating", "False", "Idle")).isTrue();
    assertThat(set.getStatus().nextRotation()).isNull();
    assertThat(cluster.hasEvent("Created")).isTrue();
    // No key value anywhere in the status or the events.
    String everything = client.getKubernetesSerialization().asJson(set) + cluster.events();
    values.values().forEach(v -> assertThat(everything).doesNotContain(v));
  }

  @Test
  void addsAMissingKeyAndLeavesTheOthersAlone() {
    Map<String, String> values = generatedValues();
    String removed = values.remove("SESSION_AUTH_KEY");
    createSecret(values, Map.of(), INVITES_KEYS);
    String before = cluster.secret().getData().get("COOKIE_HASH_KEY");
    startOperator();
    cluster.create("keys", spec());
    awaitReady("keys");

    Map<String, String> after = cluster.values();
    values.forEach((k, v) -> assertThat(after.get(k)).as(k).isEqualTo(v));
    assertThat(after.get("SESSION_AUTH_KEY")).hasSize(64).isNotEqualTo(removed);
    assertThat(cluster.secret().getData().get("COOKIE_HASH_KEY")).isEqualTo(before);
    assertThat(cluster.hasEvent("KeysAdded")).isTrue();
  }

  @Test
  void reportsAnInvalidKeyWithoutChangingItUnlessRepairIsOn() {
    Map<String, String> values = generatedValues();
    values.put("COOKIE_BLOCK_KEY", "tooShortButRandomLooking7Q"); // 26 characters, 32 expected
    createSecret(values, Map.of(), INVITES_KEYS);
    startOperator();
    cluster.create("keys", spec());

    await("Valid=False", () -> cluster.conditionIs("keys", "Valid", "False", "InvalidKeys"));
    assertThat(cluster.condition("keys", "Valid").orElseThrow().getMessage())
        .contains("COOKIE_BLOCK_KEY")
        .contains("wrong-length")
        .doesNotContain("tooShortButRandomLooking7Q");
    await(
        "a Warning event",
        () ->
            cluster.events().stream()
                .anyMatch(
                    e -> "InvalidKeys".equals(e.getReason()) && "Warning".equals(e.getType())));
    MockCluster.holds(
        "the Secret unchanged", Duration.ofMillis(500), () -> cluster.values().equals(values));

    SessionKeySet set = cluster.get("keys");
    set.getSpec().repair = true;
    client.resources(SessionKeySet.class).inNamespace(NS).resource(set).update();

    await("repaired", () -> cluster.conditionIs("keys", "Valid", "True", "KeysValid"));
    Map<String, String> after = cluster.values();
    assertThat(after.get("COOKIE_BLOCK_KEY")).hasSize(32);
    assertThat(after.get("COOKIE_BLOCK_KEY_PREVIOUS")).isEqualTo("tooShortButRandomLooking7Q");
    assertThat(after.get("COOKIE_HASH_KEY_PREVIOUS")).isEqualTo(values.get("COOKIE_HASH_KEY"));
    // Groups without an invalid key are untouched.
    for (String key :
        List.of("SESSION_AUTH_KEY", "SESSION_ENCRYPTION_KEY", "AES_BASE64_CYPHER_KEY")) {
      assertThat(after.get(key)).as(key).isEqualTo(values.get(key));
    }
    assertThat(cluster.hasEvent("Repaired")).isTrue();
  }

  @Test
  void rotatesCookieAndSessionKeysOnScheduleAndDropsPreviousKeysAfterGrace() {
    startOperator();
    cluster.create("keys", rotating("30d", "1d"));
    awaitReady("keys");
    Map<String, String> original = cluster.values();
    assertThat(cluster.get("keys").getStatus().nextRotation())
        .isEqualTo(T0.plus(Duration.ofDays(30)).toString());

    clock.advance(Duration.ofDays(29));
    cluster.poke("keys");
    MockCluster.holds(
        "no rotation before the interval",
        Duration.ofMillis(500),
        () -> cluster.values().equals(original));

    clock.advance(Duration.ofDays(1));
    cluster.poke("keys");
    await("rotated", () -> cluster.values().containsKey("COOKIE_HASH_KEY_PREVIOUS"));
    await("Rotating=True", () -> cluster.conditionIs("keys", "Rotating", "True", "GracePeriod"));
    Map<String, String> rotated = cluster.values();
    for (String key :
        List.of(
            "COOKIE_HASH_KEY", "COOKIE_BLOCK_KEY", "SESSION_AUTH_KEY", "SESSION_ENCRYPTION_KEY")) {
      assertThat(rotated.get(key)).as(key).isNotEqualTo(original.get(key));
      assertThat(rotated.get(key + "_PREVIOUS")).as(key).isEqualTo(original.get(key));
    }
    assertThat(rotated.get("AES_BASE64_CYPHER_KEY"))
        .isEqualTo(original.get("AES_BASE64_CYPHER_KEY"));
    assertThat(rotated).doesNotContainKey("AES_BASE64_CYPHER_KEY_PREVIOUS");
    Instant rotatedAt = T0.plus(Duration.ofDays(30));
    assertThat(cluster.secret().getMetadata().getAnnotations())
        .containsEntry("sessionkeys.dev/rotated-at.cookie", rotatedAt.toString())
        .containsEntry(
            "sessionkeys.dev/grace-until.cookie", rotatedAt.plus(Duration.ofDays(1)).toString());
    SessionKeySet set = cluster.get("keys");
    assertThat(set.getStatus().lastRotation()).isEqualTo(rotatedAt.toString());
    assertThat(set.getStatus().graceUntil())
        .isEqualTo(rotatedAt.plus(Duration.ofDays(1)).toString());
    assertThat(set.getStatus().nextRotation())
        .isEqualTo(rotatedAt.plus(Duration.ofDays(30)).toString());
    assertThat(set.getStatus().keys()).containsKey("COOKIE_HASH_KEY_PREVIOUS");

    clock.advance(Duration.ofHours(23));
    cluster.poke("keys");
    MockCluster.holds(
        "previous keys kept during grace",
        Duration.ofMillis(500),
        () -> cluster.values().equals(rotated));

    clock.advance(Duration.ofHours(1));
    cluster.poke("keys");
    await("previous keys dropped", () -> !cluster.values().containsKey("COOKIE_HASH_KEY_PREVIOUS"));
    Map<String, String> cleaned = cluster.values();
    assertThat(cleaned)
        .doesNotContainKeys(
            "COOKIE_BLOCK_KEY_PREVIOUS",
            "SESSION_AUTH_KEY_PREVIOUS",
            "SESSION_ENCRYPTION_KEY_PREVIOUS");
    for (String key : Profile.FAIRWINDS_INSIGHTS.keys().stream().map(k -> k.name()).toList()) {
      assertThat(cleaned.get(key)).as(key).isEqualTo(rotated.get(key));
    }
    await("Rotating=False", () -> cluster.conditionIs("keys", "Rotating", "False", "Idle"));
  }

  @Test
  void rotatesOnRequestOnceAndRemovesTheRequest() {
    startOperator();
    cluster.create("keys", spec());
    awaitReady("keys");
    Map<String, String> original = cluster.values();

    cluster.annotate("keys", SessionKeySet.ROTATE_ANNOTATION, "cookie");
    // (The mock keeps a key whose value a merge patch set to null; a real API server removes it.)
    await(
        "request removed",
        () ->
            cluster.get("keys").getMetadata().getAnnotations() == null
                || cluster
                        .get("keys")
                        .getMetadata()
                        .getAnnotations()
                        .get(SessionKeySet.ROTATE_ANNOTATION)
                    == null);
    await(
        "handled marker cleared",
        () ->
            !cluster
                .secret()
                .getMetadata()
                .getAnnotations()
                .containsKey(KeySetPlanner.ROTATE_HANDLED));
    Map<String, String> after = cluster.values();
    assertThat(after.get("COOKIE_HASH_KEY")).isNotEqualTo(original.get("COOKIE_HASH_KEY"));
    assertThat(after.get("COOKIE_HASH_KEY_PREVIOUS")).isEqualTo(original.get("COOKIE_HASH_KEY"));
    assertThat(after.get("SESSION_AUTH_KEY")).isEqualTo(original.get("SESSION_AUTH_KEY"));
    assertThat(after).doesNotContainKey("SESSION_AUTH_KEY_PREVIOUS");

    cluster.poke("keys");
    MockCluster.holds(
        "no second rotation", Duration.ofMillis(500), () -> cluster.values().equals(after));

    // The data key rotates only when named; a request inside the cookie grace period is refused,
    // not forced.
    cluster.annotate("keys", SessionKeySet.ROTATE_ANNOTATION, "cookie@again");
    await("refused", () -> cluster.hasEvent("RotationRefused"));
    assertThat(cluster.values()).isEqualTo(after);

    cluster.annotate("keys", SessionKeySet.ROTATE_ANNOTATION, "data");
    await("data rotated", () -> cluster.values().containsKey("AES_BASE64_CYPHER_KEY_PREVIOUS"));
    assertThat(cluster.values().get("AES_BASE64_CYPHER_KEY_PREVIOUS"))
        .isEqualTo(original.get("AES_BASE64_CYPHER_KEY"));
    await("re-encryption warning", () -> cluster.hasEvent("ReencryptData"));
  }

  @Test
  void restartsListedWorkloadsOnceAfterARotation() {
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
    startOperator();
    SessionKeySetSpec spec = spec();
    spec.restart =
        List.of(
            new WorkloadRef(WorkloadRef.Kind.Deployment, "web"),
            new WorkloadRef(WorkloadRef.Kind.StatefulSet, "absent"));
    cluster.create("keys", spec);
    awaitReady("keys");
    assertThat(restartedAt()).as("no restart for a fresh Secret").isNull();

    clock.advance(Duration.ofMinutes(5));
    cluster.annotate("keys", SessionKeySet.ROTATE_ANNOTATION, "all-sessions");
    String stamp = T0.plus(Duration.ofMinutes(5)).toString();
    await("restarted", () -> stamp.equals(restartedAt()));
    await(
        "pending marker cleared",
        () ->
            !cluster
                .secret()
                .getMetadata()
                .getAnnotations()
                .containsKey(KeySetPlanner.RESTART_PENDING));
    assertThat(cluster.hasEvent("RestartSkipped")).isTrue();
    String version = deployment().getMetadata().getResourceVersion();

    cluster.poke("keys");
    MockCluster.holds(
        "restarted only once",
        Duration.ofMillis(500),
        () -> version.equals(deployment().getMetadata().getResourceVersion()));
  }

  private Deployment deployment() {
    return client.apps().deployments().inNamespace(NS).withName("web").get();
  }

  private String restartedAt() {
    var annotations = deployment().getSpec().getTemplate().getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(WorkloadRestarts.RESTARTED_AT);
  }

  @Test
  void keepsTheSecretWhenTheResourceIsDeletedUnlessAskedToDeleteIt() {
    startOperator();
    cluster.create("keys", spec());
    awaitReady("keys");
    client.resources(SessionKeySet.class).inNamespace(NS).withName("keys").delete();
    await("resource gone", () -> cluster.get("keys") == null);
    MockCluster.holds("Secret kept", Duration.ofMillis(500), () -> cluster.secret() != null);
    assertThat(cluster.secret().getMetadata().getOwnerReferences()).isNullOrEmpty();

    // A new set of the same name is another resource: the kept Secret is not its own.
    Secret kept = cluster.secret();
    SessionKeySetSpec spec = spec();
    spec.deletionPolicy = DeletionPolicy.Delete;
    SessionKeySet set = cluster.create("keys", spec);
    await("SecretNotOwned", () -> cluster.conditionIs("keys", "Ready", "False", "SecretNotOwned"));
    assertThat(cluster.secret().getMetadata().getResourceVersion())
        .isEqualTo(kept.getMetadata().getResourceVersion());

    client.secrets().inNamespace(NS).withName(SECRET).delete();
    // The mock has no garbage collector: what deletes the Secret on a real cluster is this owner
    // reference.
    await(
        "owned",
        () ->
            cluster.secret().getMetadata().getOwnerReferences() != null
                && cluster.secret().getMetadata().getOwnerReferences().stream()
                    .anyMatch(
                        r ->
                            set.getMetadata().getUid().equals(r.getUid())
                                && Boolean.TRUE.equals(r.getController())
                                && "SessionKeySet".equals(r.getKind())));

    SessionKeySet live = cluster.get("keys");
    live.getSpec().deletionPolicy = DeletionPolicy.Retain;
    client.resources(SessionKeySet.class).inNamespace(NS).resource(live).update();
    await(
        "no longer owned",
        () ->
            cluster.secret().getMetadata().getOwnerReferences() == null
                || cluster.secret().getMetadata().getOwnerReferences().isEmpty());
    // Still the set's own Secret, by the uid it carries.
    cluster.poke("keys");
    MockCluster.holds(
        "still Ready",
        Duration.ofMillis(500),
        () -> cluster.conditionIs("keys", "Ready", "True", "KeysPresent"));
  }

  @Test
  void marksCopiedOntoAnotherSecretDoNotMakeItTheSets() {
    // Everything the operator marks its own Secrets with, except the set's uid: labels and names
    // anyone who can label a Secret can copy.
    Map<String, String> values = new LinkedHashMap<>();
    values.put("DATABASE_PASSWORD", "another-app-s-secret");
    createSecret(
        values,
        Map.of(
            KeySetReconciler.MANAGED_LABEL,
            "true",
            "app.kubernetes.io/managed-by",
            SecretDecision.MANAGED_BY),
        Map.of(
            KeySetReconciler.SET_ANNOTATION,
            "keys",
            KeySetPlanner.CREATED_AT,
            T0.toString(),
            SecretDecision.SET_UID_ANNOTATION,
            "uid-of-a-deleted-set"));
    Secret before = cluster.secret();
    startOperator();
    SessionKeySetSpec spec = spec();
    spec.deletionPolicy = DeletionPolicy.Delete;
    cluster.create("keys", spec);

    await("SecretNotOwned", () -> cluster.conditionIs("keys", "Ready", "False", "SecretNotOwned"));
    holdsUntouched(before);
    assertThat(cluster.secret().getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(cluster.values()).isEqualTo(values);
  }

  @Test
  void leavesAHelmOwnedSecretAloneUnlessToldToAdoptIt() {
    Map<String, String> values = generatedValues();
    values.remove("AES_BASE64_CYPHER_KEY");
    createSecret(
        values,
        Map.of("app.kubernetes.io/managed-by", "Helm"),
        Map.of(
            "meta.helm.sh/release-name",
            "insights",
            "meta.helm.sh/release-namespace",
            NS,
            Adopt.INVITE_ANNOTATION,
            "keys"));
    Secret before = cluster.secret();
    startOperator();
    cluster.create("keys", spec());

    await("HelmOwned", () -> cluster.conditionIs("keys", "Ready", "False", "HelmOwned"));
    holdsUntouched(before);

    SessionKeySet set = cluster.get("keys");
    set.getSpec().adoptHelmSecret = true;
    client.resources(SessionKeySet.class).inNamespace(NS).resource(set).update();
    awaitReady("keys");
    Secret adopted = cluster.secret();
    assertThat(adopted.getMetadata().getLabels()).doesNotContainKey("app.kubernetes.io/managed-by");
    assertThat(adopted.getMetadata().getAnnotations())
        .doesNotContainKeys("meta.helm.sh/release-name", "meta.helm.sh/release-namespace")
        .containsEntry("helm.sh/resource-policy", "keep");
    Map<String, String> after = cluster.values();
    values.forEach((k, v) -> assertThat(after.get(k)).as(k).isEqualTo(v));
    assertThat(after).containsKey("AES_BASE64_CYPHER_KEY");
  }

  @Test
  void neverTouchesASecretItDidNotCreateUntilTheSecretInvitesTheSet() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("DATABASE_PASSWORD", "another-app-s-secret");
    createSecret(values, Map.of("app", "billing"), Map.of());
    Secret before = cluster.secret();
    startOperator();
    SessionKeySetSpec spec = spec();
    spec.deletionPolicy = DeletionPolicy.Delete;
    spec.adoptHelmSecret = true;
    cluster.create("keys", spec);

    await("SecretNotOwned", () -> cluster.conditionIs("keys", "Ready", "False", "SecretNotOwned"));
    assertThat(cluster.condition("keys", "Ready").orElseThrow().getMessage())
        .contains(Adopt.INVITE_ANNOTATION + "=keys");
    await("a Warning event", () -> cluster.hasEvent("SecretNotOwned"));
    assertThat(cluster.get("keys").getStatus().keys()).isEmpty();
    holdsUntouched(before);
    assertThat(cluster.secret().getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(cluster.secret().getMetadata().getLabels())
        .doesNotContainKey(KeySetReconciler.MANAGED_LABEL);

    // The owner of the Secret invites the set: it is managed from now on, but never owned (so never
    // deleted with the set), and the other app's value stays.
    Secret invited = cluster.secret();
    invited.getMetadata().setAnnotations(new LinkedHashMap<>(INVITES_KEYS));
    client.secrets().inNamespace(NS).resource(invited).update();
    cluster.poke("keys");
    awaitReady("keys");
    assertThat(cluster.values()).containsEntry("DATABASE_PASSWORD", "another-app-s-secret");
    assertThat(cluster.secret().getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(cluster.get("keys").getStatus().keys()).containsKey("COOKIE_HASH_KEY");
  }

  @Test
  void anInvitationForAnotherSetIsNoInvitation() {
    createSecret(generatedValues(), Map.of(), Map.of(Adopt.INVITE_ANNOTATION, "other"));
    Secret before = cluster.secret();
    startOperator();
    cluster.create("keys", spec());
    await("SecretNotOwned", () -> cluster.conditionIs("keys", "Ready", "False", "SecretNotOwned"));
    assertThat(cluster.get("keys").getStatus().keys()).isEmpty();
    assertThat(cluster.secret().getMetadata().getResourceVersion())
        .isEqualTo(before.getMetadata().getResourceVersion());
  }

  @Test
  void removesKeyValuesThatKubectlCopiedIntoLastAppliedConfiguration() {
    startOperator();
    cluster.create("keys", spec());
    awaitReady("keys");
    Map<String, String> values = cluster.values();
    // What `kubectl apply -f secrets.yaml` leaves on the Secret.
    Secret applied = cluster.secret();
    applied
        .getMetadata()
        .getAnnotations()
        .put(
            LastApplied.ANNOTATION,
            "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\""
                + SECRET
                + "\"},\"data\":{\"COOKIE_HASH_KEY\":\""
                + applied.getData().get("COOKIE_HASH_KEY")
                + "\"}}");
    client.secrets().inNamespace(NS).resource(applied).update();

    await(
        "scrubbed",
        () ->
            !cluster
                .secret()
                .getMetadata()
                .getAnnotations()
                .getOrDefault(LastApplied.ANNOTATION, "")
                .contains("\"data\""));
    assertThat(cluster.secret().getMetadata().getAnnotations().get(LastApplied.ANNOTATION))
        .contains("\"kind\":\"Secret\"");
    assertThat(cluster.values()).isEqualTo(values);
  }

  @Test
  void aSecretEditedByHandMidRotationEndsConsistent() {
    startOperator();
    cluster.create("keys", rotating("30d", "1d"));
    awaitReady("keys");
    Map<String, String> original = cluster.values();
    clock.advance(Duration.ofDays(30));
    cluster.poke("keys");
    await("rotated", () -> cluster.values().containsKey("COOKIE_HASH_KEY_PREVIOUS"));
    Map<String, String> rotated = cluster.values();

    // By hand, inside the grace period: a key deleted, another app's key added.
    Secret edited = cluster.secret();
    edited.getData().remove("SESSION_AUTH_KEY");
    edited.getData().put("OTHER_APP_TOKEN", "b3RoZXI=");
    client.secrets().inNamespace(NS).resource(edited).update();

    await("key restored", () -> cluster.values().containsKey("SESSION_AUTH_KEY"));
    await(
        "Ready",
        () ->
            cluster.conditionIs("keys", "Ready", "True", null)
                && cluster.conditionIs("keys", "Valid", "True", null));
    Map<String, String> repaired = cluster.values();
    assertThat(repaired.get("OTHER_APP_TOKEN")).isEqualTo("other");
    assertThat(repaired.get("SESSION_AUTH_KEY_PREVIOUS"))
        .isEqualTo(original.get("SESSION_AUTH_KEY"));
    assertThat(repaired.get("COOKIE_HASH_KEY")).isEqualTo(rotated.get("COOKIE_HASH_KEY"));
    assertThat(repaired.get("COOKIE_HASH_KEY_PREVIOUS")).isEqualTo(original.get("COOKIE_HASH_KEY"));

    clock.advance(Duration.ofDays(1));
    cluster.poke("keys");
    await(
        "grace over",
        () -> cluster.values().keySet().stream().noneMatch(k -> k.endsWith("_PREVIOUS")));
    assertThat(cluster.values()).containsKeys("SESSION_AUTH_KEY", "OTHER_APP_TOKEN");
    assertThat(
            SecretValidator.validate(
                    Profile.FAIRWINDS_INSIGHTS,
                    dev.sessionkeys.kube.SecretMapping.toDocument(cluster.secret()))
                .hasErrors())
        .isFalse();
  }

  @Test
  void aConcurrentEditDuringAWriteIsReReadNotOverwritten() {
    Map<String, String> values = generatedValues();
    values.remove("COOKIE_BLOCK_KEY");
    createSecret(values, Map.of(), INVITES_KEYS);
    // Between the operator's read and its write (while it generates the missing key), someone else
    // edits the Secret.
    AtomicBoolean edited = new AtomicBoolean();
    SecureRandom random = new SecureRandom();
    startOperator(
        KeyGenerator.using(
            bytes -> {
              if (edited.compareAndSet(false, true)) {
                Secret secret = cluster.secret();
                secret.getData().put("ADDED_MEANWHILE", "bWVhbndoaWxl");
                client.secrets().inNamespace(NS).resource(secret).update();
              }
              random.nextBytes(bytes);
            }));
    cluster.create("keys", spec());
    awaitReady("keys");
    Map<String, String> after = cluster.values();
    assertThat(edited).isTrue();
    assertThat(after).containsEntry("ADDED_MEANWHILE", "meanwhile").containsKey("COOKIE_BLOCK_KEY");
    values.forEach((k, v) -> assertThat(after.get(k)).as(k).isEqualTo(v));
  }

  @Test
  void inlineProfileAndCustomSecretName() {
    startOperator();
    SessionKeySetSpec spec = spec();
    spec.secretName = "app-keys";
    spec.profile =
        new ProfileSpec(
            null,
            List.of(
                new InlineKey("SIGNING_KEY", 48, "signing", "grace", null),
                new InlineKey("DATA_KEY", 32, "data", "reencrypt", null)));
    cluster.create("inline", spec);
    awaitReady("inline");
    Secret secret = client.secrets().inNamespace(NS).withName("app-keys").get();
    assertThat(secret.getData()).containsOnlyKeys("SIGNING_KEY", "DATA_KEY");
  }

  @Test
  void anInvalidSpecIsReportedAndNothingIsWritten() {
    startOperator();
    cluster.create("bad", rotating("1d", "2d"));
    await("InvalidSpec", () -> cluster.conditionIs("bad", "Ready", "False", "InvalidSpec"));
    assertThat(cluster.condition("bad", "Ready").orElseThrow().getMessage()).contains("grace");
    assertThat(cluster.secret()).isNull();
    assertThat(cluster.hasEvent("InvalidSpec")).isTrue();
  }

  @Test
  void servesProbesAndMetrics() throws Exception {
    operator =
        SessionKeysOperator.start(
            client, options().withHttp("127.0.0.1", 0), KeyGenerator.secure());
    cluster.create("keys", rotating("30d", "1d"));
    awaitReady("keys");
    clock.advance(Duration.ofHours(2));
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + operator.httpPort();
    await("ready", () -> get(http, base + "/readyz").statusCode() == 200);
    assertThat(get(http, base + "/livez").statusCode()).isEqualTo(200);
    HttpResponse<String> metrics = get(http, base + "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("# TYPE sessionkeys_reconciles_total counter")
        .contains("sessionkeys_reconcile_failures_total 0")
        .contains("sessionkeys_leader 1")
        .contains(
            "sessionkeys_key_age_seconds{namespace=\""
                + NS
                + "\",name=\"keys\",group=\"cookie\"} 7200");
    assertThat(operator.metrics().reconcileCount()).isPositive();
    operator.close();
    assertThat(operator.metrics().isLeader()).isFalse();
  }

  private static HttpResponse<String> get(HttpClient http, String url) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
