package dev.sessionkeys.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.SecretValue;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class ApplyTest {

  static final Profile PROFILE = Profile.FAIRWINDS_INSIGHTS;
  static final SecretRef REF = new SecretRef("fairwinds-insights", "fwinsights-secrets");

  KubernetesMockServer server;
  KubernetesClient client;
  KubeCluster cluster;
  Apply apply;
  final KeyGenerator generator = KeyGenerator.secure();

  @TempDir Path dir;

  @BeforeEach
  void setUp() {
    cluster = KubeCluster.of(client, "mock");
    apply = new Apply(cluster, PROFILE);
  }

  private Apply.Request plain(KeySet keys) {
    return new Apply.Request(REF, keys, false, null, false, false);
  }

  private Secret live() {
    return client.secrets().inNamespace(REF.namespace()).withName(REF.name()).get();
  }

  @Test
  void createsTheSecretWhenAbsentAndReportsUnchangedForTheSameKeys() {
    KeySet keys = generator.generate(PROFILE);
    Apply.Result first = apply.apply(plain(keys));
    assertThat(first.outcome()).isEqualTo(Apply.Outcome.CREATED);
    assertThat(SecretMapping.toKeySet(live())).isEqualTo(keys);
    assertThat(live().getType()).isEqualTo("Opaque");

    Apply.Result second = apply.apply(plain(keys));
    assertThat(second.outcome()).isEqualTo(Apply.Outcome.UNCHANGED);
    assertThat(second.liveResourceVersion()).isEqualTo(live().getMetadata().getResourceVersion());
  }

  @Test
  void refusesDifferentKeysListingThemByFingerprintWithConsequences() {
    KeySet liveKeys = generator.generate(PROFILE);
    apply.apply(plain(liveKeys));
    String versionBefore = live().getMetadata().getResourceVersion();
    KeySet other =
        liveKeys
            .with(
                "COOKIE_HASH_KEY", generator.generate(PROFILE.key("COOKIE_HASH_KEY").orElseThrow()))
            .with(
                "AES_BASE64_CYPHER_KEY",
                generator.generate(PROFILE.key("AES_BASE64_CYPHER_KEY").orElseThrow()));

    Apply.Result result = apply.apply(plain(other));

    assertThat(result.outcome()).isEqualTo(Apply.Outcome.REFUSED);
    assertThat(result.differences())
        .extracting(KeyDifference::key)
        .containsExactly("COOKIE_HASH_KEY", "AES_BASE64_CYPHER_KEY");
    KeyDifference cookie = result.differences().get(0);
    assertThat(cookie.liveFingerprint())
        .isEqualTo(liveKeys.get("COOKIE_HASH_KEY").orElseThrow().fingerprint());
    assertThat(cookie.newFingerprint())
        .isEqualTo(other.get("COOKIE_HASH_KEY").orElseThrow().fingerprint());
    assertThat(cookie.consequence()).contains("logged out");
    assertThat(result.differences().get(1).consequence()).contains("unreadable");
    assertThat(result.toString())
        .doesNotContain(other.get("COOKIE_HASH_KEY").orElseThrow().reveal());
    assertThat(live().getMetadata().getResourceVersion()).isEqualTo(versionBefore);
    assertThat(SecretMapping.toKeySet(live())).isEqualTo(liveKeys);
  }

  @Test
  void replaceWritesAnOwnerOnlyBackupFileOfTheLiveSecretFirst() throws Exception {
    KeySet liveKeys = generator.generate(PROFILE);
    apply.apply(plain(liveKeys));
    String versionBefore = live().getMetadata().getResourceVersion();
    KeySet fresh = generator.generate(PROFILE);

    Apply.Result result =
        apply.apply(
            new Apply.Request(REF, fresh, true, new Apply.Backup.ToDirectory(dir), false, false));

    assertThat(result.outcome()).isEqualTo(Apply.Outcome.REPLACED);
    assertThat(result.liveResourceVersion()).isEqualTo(versionBefore);
    assertThat(SecretMapping.toKeySet(live())).isEqualTo(fresh);
    Path backup = Path.of(result.backupLocation());
    assertThat(Files.getPosixFilePermissions(backup))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String yaml = Files.readString(backup);
    assertThat(yaml)
        .contains("resourceVersion: \"" + versionBefore + "\"")
        .contains(SecretMapping.encode(liveKeys.get("COOKIE_HASH_KEY").orElseThrow()));
  }

  @Test
  void replaceCanBackUpToASecretAndNeverOverwritesAnExistingBackup() {
    KeySet liveKeys = generator.generate(PROFILE);
    apply.apply(plain(liveKeys));
    KeySet fresh = generator.generate(PROFILE);
    Apply.Request request =
        new Apply.Request(
            REF, fresh, true, new Apply.Backup.ToSecret("fwinsights-secrets-backup"), false, false);

    Apply.Result result = apply.apply(request);

    assertThat(result.backupLocation()).isEqualTo("fairwinds-insights/fwinsights-secrets-backup");
    Secret backup =
        client.secrets().inNamespace(REF.namespace()).withName("fwinsights-secrets-backup").get();
    assertThat(SecretMapping.toKeySet(backup)).isEqualTo(liveKeys);
    assertThat(backup.getMetadata().getAnnotations())
        .containsEntry(Apply.BACKUP_OF_ANNOTATION, REF.name());

    KeySet third = generator.generate(PROFILE);
    assertThatThrownBy(
            () ->
                apply.apply(
                    new Apply.Request(
                        REF,
                        third,
                        true,
                        new Apply.Backup.ToSecret("fwinsights-secrets-backup"),
                        false,
                        false)))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("already exists; choose another --backup-secret name")
        .hasMessageContaining("nothing was changed");
    assertThat(SecretMapping.toKeySet(live())).isEqualTo(fresh);
    assertThat(
            SecretMapping.toKeySet(
                client
                    .secrets()
                    .inNamespace(REF.namespace())
                    .withName("fwinsights-secrets-backup")
                    .get()))
        .isEqualTo(liveKeys);
  }

  @Test
  void dryRunChangesNothing() {
    KeySet keys = generator.generate(PROFILE);
    assertThat(apply.apply(new Apply.Request(REF, keys, false, null, true, true)).outcome())
        .isEqualTo(Apply.Outcome.WOULD_CREATE);
    assertThat(live()).isNull();
    assertThat(client.namespaces().withName(REF.namespace()).get()).isNull();

    apply.apply(plain(keys));
    KeySet fresh = generator.generate(PROFILE);
    Apply.Result result =
        apply.apply(
            new Apply.Request(REF, fresh, true, new Apply.Backup.ToDirectory(dir), false, true));
    assertThat(result.outcome()).isEqualTo(Apply.Outcome.WOULD_REPLACE);
    assertThat(result.differences()).hasSize(5);
    assertThat(SecretMapping.toKeySet(live())).isEqualTo(keys);
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void createNamespaceCreatesItOnce() {
    KeySet keys = generator.generate(PROFILE);
    Apply.Result result = apply.apply(new Apply.Request(REF, keys, false, null, true, false));
    assertThat(result.namespaceCreated()).isTrue();
    assertThat(client.namespaces().withName(REF.namespace()).get()).isNotNull();
    assertThat(
            apply.apply(new Apply.Request(REF, keys, false, null, true, false)).namespaceCreated())
        .isFalse();
  }

  @Test
  void replaceKeepsLiveKeysItWasNotGiven() {
    KeySet liveKeys = generator.generate(PROFILE).with("OTHER", SecretValue.of("kept-as-is"));
    apply.apply(plain(liveKeys));
    KeySet fresh = generator.generate(PROFILE);
    apply.apply(
        new Apply.Request(REF, fresh, true, new Apply.Backup.ToDirectory(dir), false, false));
    assertThat(SecretMapping.toKeySet(live()).get("OTHER")).contains(SecretValue.of("kept-as-is"));
  }

  @Test
  void twoConcurrentAppliesOnAnEmptyNamespaceCreateExactlyOnceAndNeverOverwrite() throws Exception {
    for (int round = 0; round < 5; round++) {
      client.secrets().inNamespace(REF.namespace()).withName(REF.name()).delete();
      KeySet a = generator.generate(PROFILE);
      KeySet b = generator.generate(PROFILE);
      CyclicBarrier start = new CyclicBarrier(2);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Callable<Apply.Result>> tasks = new ArrayList<>();
        for (KeySet keys : List.of(a, b)) {
          tasks.add(
              () -> {
                start.await();
                return new Apply(KubeCluster.of(client, "mock"), PROFILE).apply(plain(keys));
              });
        }
        List<Apply.Result> results = new ArrayList<>();
        for (Future<Apply.Result> future : pool.invokeAll(tasks)) {
          results.add(future.get());
        }
        assertThat(results).filteredOn(r -> r.outcome() == Apply.Outcome.CREATED).hasSize(1);
        assertThat(results).filteredOn(r -> r.outcome() == Apply.Outcome.REFUSED).hasSize(1);
        KeySet winner = results.get(0).outcome() == Apply.Outcome.CREATED ? a : b;
        assertThat(SecretMapping.toKeySet(live())).isEqualTo(winner);
        assertThat(live().getMetadata().getResourceVersion()).as("written once").isNotNull();
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void replaceOnAStaleReadConflictsThenReReadsBacksUpTheCurrentSecretAndReplacesIt()
      throws Exception {
    KeySet first = generator.generate(PROFILE);
    apply.apply(plain(first));
    Secret stale = live();
    KeySet theirs = generator.generate(PROFILE);
    client
        .secrets()
        .inNamespace(REF.namespace())
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder(
                    SecretMapping.withState(
                        stale,
                        new dev.sessionkeys.core.rotation.RotationState(
                            theirs.values(), java.util.Map.of())))
                .build())
        .update();
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/" + REF.namespace() + "/secrets/" + REF.name())
        .andReturn(200, stale)
        .once();
    KeySet mine = generator.generate(PROFILE);

    Apply.Result result =
        apply.apply(
            new Apply.Request(REF, mine, true, new Apply.Backup.ToDirectory(dir), false, false));

    assertThat(result.outcome()).isEqualTo(Apply.Outcome.REPLACED);
    assertThat(result.attempts()).isEqualTo(2);
    assertThat(SecretMapping.toKeySet(live())).isEqualTo(mine);
    // The backup that counts is of what was really replaced: their keys.
    assertThat(Files.readString(Path.of(result.backupLocation())))
        .contains(SecretMapping.encode(theirs.get("COOKIE_HASH_KEY").orElseThrow()));
    assertThat(result.differences())
        .allMatch(d -> d.liveFingerprint().equals(theirs.get(d.key()).orElseThrow().fingerprint()));
  }

  @Test
  void aBackupSecretMadeBeforeAConflictIsRefreshedToTheVersionReallyReplaced() {
    KeySet first = generator.generate(PROFILE);
    apply.apply(plain(first));
    Secret stale = live();
    KeySet theirs = generator.generate(PROFILE);
    client
        .secrets()
        .inNamespace(REF.namespace())
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder(
                    SecretMapping.withState(
                        stale,
                        new dev.sessionkeys.core.rotation.RotationState(
                            theirs.values(), java.util.Map.of())))
                .build())
        .update();
    String theirVersion = live().getMetadata().getResourceVersion();
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/" + REF.namespace() + "/secrets/" + REF.name())
        .andReturn(200, stale)
        .once();
    KeySet mine = generator.generate(PROFILE);

    Apply.Result result =
        apply.apply(
            new Apply.Request(
                REF, mine, true, new Apply.Backup.ToSecret("keys-backup"), false, false));

    assertThat(result.outcome()).isEqualTo(Apply.Outcome.REPLACED);
    assertThat(result.attempts()).isEqualTo(2);
    assertThat(result.backupLocation()).isEqualTo(REF.namespace() + "/keys-backup");
    Secret backup = client.secrets().inNamespace(REF.namespace()).withName("keys-backup").get();
    assertThat(SecretMapping.toKeySet(backup)).isEqualTo(theirs);
    assertThat(backup.getMetadata().getAnnotations())
        .containsEntry(Apply.BACKUP_RESOURCE_VERSION_ANNOTATION, theirVersion);
    assertThat(SecretMapping.toKeySet(live())).isEqualTo(mine);
  }

  @Test
  void aConcurrentChangeToTheSameKeysTurnsAReplaceIntoUnchanged() {
    KeySet first = generator.generate(PROFILE);
    apply.apply(plain(first));
    Secret stale = live();
    KeySet mine = generator.generate(PROFILE);
    client
        .secrets()
        .inNamespace(REF.namespace())
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder(
                    SecretMapping.withState(
                        stale,
                        new dev.sessionkeys.core.rotation.RotationState(
                            mine.values(), java.util.Map.of())))
                .build())
        .update();
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/" + REF.namespace() + "/secrets/" + REF.name())
        .andReturn(200, stale)
        .once();

    Apply.Result result =
        apply.apply(
            new Apply.Request(REF, mine, true, new Apply.Backup.ToDirectory(dir), false, false));

    assertThat(result.outcome()).isEqualTo(Apply.Outcome.UNCHANGED);
    assertThat(result.attempts()).isEqualTo(2);
  }

  @Test
  void losingTheCreateRaceReReadsAndRefusesInsteadOfOverwriting() {
    KeySet theirs = generator.generate(PROFILE);
    client
        .secrets()
        .inNamespace(REF.namespace())
        .resource(
            SecretMapping.newSecret(
                REF.namespace(), REF.name(), theirs, java.util.Map.of(), java.util.Map.of()))
        .create();
    String version = live().getMetadata().getResourceVersion();
    // Our read happened just before theirs was created: we saw nothing, so we try to create and get
    // 409.
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/" + REF.namespace() + "/secrets/" + REF.name())
        .andReturn(
            404,
            new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withCode(404)
                .withReason("NotFound")
                .build())
        .once();

    Apply.Result result = apply.apply(plain(generator.generate(PROFILE)));

    assertThat(result.attempts()).isEqualTo(2);
    assertThat(result.outcome()).isEqualTo(Apply.Outcome.REFUSED);
    assertThat(live().getMetadata().getResourceVersion()).isEqualTo(version);
    assertThat(SecretMapping.toKeySet(live())).isEqualTo(theirs);
  }
}
