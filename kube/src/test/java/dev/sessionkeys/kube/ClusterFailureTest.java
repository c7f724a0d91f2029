package dev.sessionkeys.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.rotation.Rotation;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every cluster failure gives a typed error naming what was attempted and where, and leaves nothing
 * half-changed. CRUD mode holds the state; scripted answers inject the failures.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterFailureTest {

  static final Profile PROFILE = Profile.FAIRWINDS_INSIGHTS;
  static final SecretRef REF = ApplyTest.REF;
  static final String SECRET_PATH =
      "/api/v1/namespaces/" + REF.namespace() + "/secrets/" + REF.name();
  static final String SECRETS_PATH = "/api/v1/namespaces/" + REF.namespace() + "/secrets";
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  KubernetesMockServer server;
  KubernetesClient client;
  KubeCluster cluster;
  KeySet original;

  @TempDir Path dir;

  @BeforeEach
  void setUp() {
    cluster = MockClusters.of(server, "mock-context");
    original = KeyGenerator.secure().generate(PROFILE);
  }

  private void createLive() {
    client
        .secrets()
        .inNamespace(REF.namespace())
        .resource(
            SecretMapping.newSecret(REF.namespace(), REF.name(), original, Map.of(), Map.of()))
        .create();
  }

  private Secret live() {
    return client.secrets().inNamespace(REF.namespace()).withName(REF.name()).get();
  }

  private static Status status(int code, String reason, String message) {
    return new StatusBuilder()
        .withStatus("Failure")
        .withCode(code)
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  private Rotate.Request cookieRotation() {
    return new Rotate.Request(
        REF,
        new Rotation.Request(Set.of("cookie"), Duration.ofHours(24), false, false),
        false,
        Set.of(),
        false,
        List.of(),
        false);
  }

  @Test
  void forbiddenNamesTheVerbTheResourceTheContextAndTheServer() {
    server
        .expect()
        .get()
        .withPath(SECRET_PATH)
        .andReturn(
            403,
            status(
                403,
                "Forbidden",
                "secrets \"fwinsights-secrets\" is forbidden: User \"dev\" cannot get resource \"secrets\""))
        .always();

    assertThatThrownBy(() -> new LiveCheck(cluster, PROFILE).check(REF, NOW))
        .isInstanceOf(ClusterException.class)
        .satisfies(
            e ->
                assertThat(((ClusterException) e).kind())
                    .isEqualTo(ClusterException.Kind.FORBIDDEN))
        .hasMessageContaining("may not get secrets in " + REF)
        .hasMessageContaining("context mock-context")
        .hasMessageContaining("server " + client.getConfiguration().getMasterUrl());
  }

  @Test
  void unauthorizedSaysTheCredentialsWereRejected() {
    server
        .expect()
        .get()
        .withPath(SECRET_PATH)
        .andReturn(401, status(401, "Unauthorized", "Unauthorized"))
        .always();
    assertThatThrownBy(() -> new Adopt(cluster, PROFILE).adopt(REF, dir, false, NOW, Adopt.PLAIN))
        .isInstanceOf(ClusterException.class)
        .satisfies(
            e ->
                assertThat(((ClusterException) e).kind())
                    .isEqualTo(ClusterException.Kind.UNAUTHORIZED))
        .hasMessageContaining("unauthorized (401)")
        .hasMessageContaining("context mock-context");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void forbiddenCreateNamesCreateSecrets() {
    server
        .expect()
        .post()
        .withPath(SECRETS_PATH)
        .andReturn(403, status(403, "Forbidden", "no"))
        .always();
    assertThatThrownBy(
            () ->
                new Apply(cluster, PROFILE)
                    .apply(new Apply.Request(REF, original, false, null, false, false)))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("may not create secrets in " + REF);
    assertThat(live()).isNull();
  }

  @Test
  void forbiddenUpdateDuringRotateLeavesTheSecretUnchanged() {
    createLive();
    String version = live().getMetadata().getResourceVersion();
    server
        .expect()
        .put()
        .withPath(SECRET_PATH)
        .andReturn(403, status(403, "Forbidden", "no update"))
        .always();

    assertThatThrownBy(
            () -> new Rotate(cluster, PROFILE, KeyGenerator.secure()).rotate(cookieRotation(), NOW))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("may not update secrets")
        .hasMessageContaining("was not changed");
    assertThat(live().getMetadata().getResourceVersion()).isEqualTo(version);
    assertThat(SecretMapping.toKeySet(live())).isEqualTo(original);
  }

  @Test
  void aMissingNamespaceOnCreateSaysSoAndSuggestsCreateNamespace() {
    server
        .expect()
        .post()
        .withPath(SECRETS_PATH)
        .andReturn(404, status(404, "NotFound", "namespaces \"fairwinds-insights\" not found"))
        .always();

    assertThatThrownBy(
            () ->
                new Apply(cluster, PROFILE)
                    .apply(new Apply.Request(REF, original, false, null, false, false)))
        .isInstanceOf(ClusterException.class)
        .satisfies(
            e ->
                assertThat(((ClusterException) e).kind())
                    .isEqualTo(ClusterException.Kind.NOT_FOUND))
        .hasMessageContaining("namespace fairwinds-insights does not exist")
        .hasMessageContaining("--create-namespace");
  }

  @Test
  void aServerErrorOnReplaceLeavesTheLiveSecretAsItWasAndNamesTheBackup() {
    createLive();
    server
        .expect()
        .put()
        .withPath(SECRET_PATH)
        .andReturn(500, status(500, "InternalError", "etcd down"))
        .always();
    KeySet fresh = KeyGenerator.secure().generate(PROFILE);

    assertThatThrownBy(
            () ->
                new Apply(cluster, PROFILE)
                    .apply(
                        new Apply.Request(
                            REF, fresh, true, new Apply.Backup.ToDirectory(dir), false, false)))
        .isInstanceOf(ClusterException.class)
        .satisfies(
            e ->
                assertThat(((ClusterException) e).kind())
                    .isEqualTo(ClusterException.Kind.SERVER_ERROR))
        .hasMessageContaining("(500)")
        .hasMessageContaining("etcd down")
        .hasMessageContaining("live Secret is unchanged");
    assertThat(SecretMapping.toKeySet(live())).isEqualTo(original);
  }

  @Test
  void aServerErrorDuringAuditIsTyped() {
    server
        .expect()
        .get()
        .withPath("/api/v1/secrets?limit=250")
        .andReturn(500, status(500, "InternalError", "boom"))
        .always();
    assertThatThrownBy(() -> new Audit(cluster, PROFILE, 250).run(Audit.Scope.all(), NOW))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("list secrets (all namespaces)");
  }

  @Test
  void aForbiddenClusterWideListNamesListSecrets() {
    server
        .expect()
        .get()
        .withPath("/api/v1/secrets?limit=250")
        .andReturn(403, status(403, "Forbidden", "nope"))
        .always();
    assertThatThrownBy(() -> new Audit(cluster, PROFILE, 250).run(Audit.Scope.all(), NOW))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("may not list secrets in all namespaces");
  }

  @Test
  void aDroppedConnectionIsUnreachableWithTheServerNamed() throws Exception {
    try (ServerSocket dropper = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                while (!dropper.isClosed()) {
                  try (Socket socket = dropper.accept()) {
                    socket.setSoLinger(true, 0); // reset, as a dying proxy or load balancer would
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      Path kubeconfig = dir.resolve("kubeconfig");
      java.nio.file.Files.writeString(
          kubeconfig,
          """
          apiVersion: v1
          kind: Config
          clusters:
          - name: dropper
            cluster:
              server: http://127.0.0.1:%d
          contexts:
          - name: flaky
            context:
              cluster: dropper
              user: someone
          current-context: flaky
          users:
          - name: someone
            user:
              token: not-a-real-token
          """
              .formatted(dropper.getLocalPort()));
      try (KubeCluster flaky = KubeCluster.connect(new KubeCluster.Target(kubeconfig, "flaky"))) {
        assertThat(flaky.describe())
            .isEqualTo("context flaky, server http://127.0.0.1:" + dropper.getLocalPort() + "/");
        assertThatThrownBy(
                () ->
                    new Apply(flaky, PROFILE)
                        .apply(new Apply.Request(REF, original, false, null, false, false)))
            .isInstanceOf(ClusterException.class)
            .satisfies(
                e ->
                    assertThat(((ClusterException) e).kind())
                        .as(e.getMessage())
                        .isEqualTo(ClusterException.Kind.UNREACHABLE))
            .hasMessageContaining("no answer from the API server")
            .hasMessageContaining("context flaky");
      }
    }
  }

  @Test
  void anUnknownContextIsRefusedBeforeAnyRequest() throws Exception {
    Path kubeconfig = dir.resolve("kubeconfig");
    java.nio.file.Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster:
            server: https://127.0.0.1:1
        contexts:
        - name: real
          context:
            cluster: c
            user: u
        current-context: real
        users:
        - name: u
          user:
            token: t
        """);
    assertThatThrownBy(() -> KubeCluster.connect(new KubeCluster.Target(kubeconfig, "typo")))
        .isInstanceOf(ClusterException.class)
        .satisfies(
            e ->
                assertThat(((ClusterException) e).kind())
                    .isEqualTo(ClusterException.Kind.CONFIGURATION))
        .hasMessageContaining("typo");
  }

  @Test
  void aMalformedKubeconfigIsAOneLineConfigurationError() throws Exception {
    Path kubeconfig = dir.resolve("kubeconfig");
    java.nio.file.Files.writeString(kubeconfig, "clusters: [\n");
    assertThatThrownBy(() -> KubeCluster.connect(new KubeCluster.Target(kubeconfig, null)))
        .isInstanceOf(ClusterException.class)
        .satisfies(
            e ->
                assertThat(((ClusterException) e).kind())
                    .isEqualTo(ClusterException.Kind.CONFIGURATION))
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .doesNotContain("\n")
                    .contains(kubeconfig.toString())
                    .contains("line "));
  }

  @Test
  void aConflictThatPersistsIsBoundedAndNeverForced() {
    createLive();
    Secret stale = live();
    client
        .secrets()
        .inNamespace(REF.namespace())
        .withName(REF.name())
        .edit(
            s ->
                new io.fabric8.kubernetes.api.model.SecretBuilder(s)
                    .editMetadata()
                    .addToLabels("x", "y")
                    .endMetadata()
                    .build());
    Secret current = live();
    // Every read returns the stale copy: each update conflicts.
    server.expect().get().withPath(SECRET_PATH).andReturn(200, stale).always();

    assertThatThrownBy(
            () -> new Rotate(cluster, PROFILE, KeyGenerator.secure()).rotate(cookieRotation(), NOW))
        .isInstanceOf(ClusterException.class)
        .satisfies(
            e ->
                assertThat(((ClusterException) e).kind()).isEqualTo(ClusterException.Kind.CONFLICT))
        .hasMessageContaining("kept changing")
        .hasMessageContaining("nothing was changed");
    server.clearExpectations();
    assertThat(live().getMetadata().getResourceVersion())
        .isEqualTo(current.getMetadata().getResourceVersion());
    assertThat(SecretMapping.toKeySet(live())).isEqualTo(original);
  }

  @Test
  void anUpdateThatNeverGetsAnAnswerLeavesNoNewKeyWithoutItsPrevious() {
    createLive();
    // The server takes the request and never answers in time: as if the connection died
    // mid-request.
    server
        .expect()
        .put()
        .delay(3, java.util.concurrent.TimeUnit.SECONDS)
        .withPath(SECRET_PATH)
        .andReturn(500, status(500, "x", "late"))
        .always();
    KubeCluster impatient =
        KubeCluster.of(
            server.createClient(
                builder ->
                    builder
                        .editOrNewConfig()
                        .withRequestTimeout(300)
                        .withRequestRetryBackoffLimit(0)
                        .endConfig()),
            "mock-context");

    assertThatThrownBy(
            () ->
                new Rotate(impatient, PROFILE, KeyGenerator.secure()).rotate(cookieRotation(), NOW))
        .satisfies(
            e ->
                assertThat(((ClusterException) e).kind())
                    .as(e.getMessage())
                    .isEqualTo(ClusterException.Kind.UNREACHABLE))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("single update");
    server.clearExpectations();
    Secret after = live();
    assertThat(SecretMapping.toKeySet(after)).isEqualTo(original);
    assertThat(after.getData())
        .doesNotContainKeys("COOKIE_HASH_KEY_PREVIOUS", "COOKIE_BLOCK_KEY_PREVIOUS");
  }
}
