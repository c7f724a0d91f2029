package dev.sessionkeys.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkeys.operator.crd.SessionKeySet;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image as built (target/sessionkeys-image.tar, OCI layout, by jib from scratch): its
 * config, and the CLI and the operator run from its unpacked root file system with chroot as the
 * image's user, in a private mount namespace with /proc and /dev mounted as a container runtime
 * would. Needs root (CI runs as root) and the image profile (-Pimage).
 */
class ImageIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path work;
  private static Path rootfs;
  private static JsonNode config;

  @BeforeAll
  static void unpack() throws Exception {
    Path tar =
        Path.of(System.getProperty("sessionkeys.image", "target/sessionkeys-image.tar"))
            .toAbsolutePath();
    Tools.require(Files.isRegularFile(tar), "the image tarball (build with -Pimage)");
    Tools.require(
        "root".equals(System.getProperty("user.name")), "root (to chroot into the image)");
    Path layout = Files.createDirectories(work.resolve("layout"));
    run(Proc.run(work, "tar", "-xf", tar.toString(), "-C", layout.toString()));
    JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
    JsonNode manifest = JSON.readTree(blob(layout, index.get("manifests").get(0)).toFile());
    config = JSON.readTree(blob(layout, manifest.get("config")).toFile()).get("config");
    rootfs = Files.createDirectories(work.resolve("rootfs"));
    for (JsonNode layer : manifest.get("layers")) {
      assertThat(layer.get("mediaType").asText()).endsWith("tar+gzip");
      run(Proc.run(work, "tar", "-xzf", blob(layout, layer).toString(), "-C", rootfs.toString()));
    }
  }

  private static Path blob(Path layout, JsonNode descriptor) {
    return layout.resolve("blobs/sha256").resolve(descriptor.get("digest").asText().substring(7));
  }

  private static void run(Proc.Result result) {
    assertThat(result.code()).as(result.said()).isZero();
  }

  @Test
  void configRunsTheCliAsANonRootUserWithLabels() {
    String user = config.get("User").asText();
    assertThat(user).isEqualTo("65532:65532");
    List<String> entrypoint = new ArrayList<>();
    config.get("Entrypoint").forEach(a -> entrypoint.add(a.asText()));
    assertThat(entrypoint).startsWith("/opt/java/bin/java").endsWith("dev.sessionkeys.cli.Main");
    assertThat(config.get("Cmd")).isNull();
    JsonNode labels = config.get("Labels");
    assertThat(labels.get("org.opencontainers.image.title").asText()).isEqualTo("sessionkeys");
    assertThat(labels.get("org.opencontainers.image.version").asText()).isNotBlank();
    assertThat(labels.get("org.opencontainers.image.description").asText()).isNotBlank();
    assertThat(labels.get("org.opencontainers.image.revision")).isNotNull();
    // The user exists in the image, so tools that look it up find a name; nothing setuid.
    assertThat(rootfs.resolve("etc/passwd")).content().contains("sessionkeys:x:65532:65532");
  }

  @Test
  void theCliRunsFromTheImage() throws Exception {
    Proc.Result version = inImage(List.of("--version"), null);
    assertThat(version.code()).as(version.said()).isZero();
    assertThat(version.out()).startsWith("sessionkeys ");
    Proc.Result generate = inImage(List.of("generate"), null);
    assertThat(generate.code()).as(generate.said()).isZero();
    assertThat(generate.out()).contains("COOKIE_HASH_KEY=", "AES_BASE64_CYPHER_KEY=");
    // `docker run -i IMAGE check - < secret.yaml`: a Secret on stdin, or in a mounted file.
    String weak =
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  COOKIE_HASH_KEY: c2hvcnQ=\n";
    Files.writeString(rootfs.resolve("tmp/weak.yaml"), weak);
    Proc.Result check = inImage(List.of("check", "/tmp/weak.yaml"), null);
    assertThat(check.code()).as(check.said()).isEqualTo(1);
    assertThat(check.out()).contains("COOKIE_HASH_KEY");
  }

  @Test
  void theOperatorFromTheImageReconcilesAgainstTheMockApiServer() throws Exception {
    try (MockApiServer mock = new MockApiServer();
        KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(
                    new io.fabric8.kubernetes.client.ConfigBuilder()
                        .withMasterUrl(mock.url())
                        .withNamespace("fairwinds-insights")
                        .build())
                .build()) {
      mock.writeKubeconfig(rootfs.resolve("tmp/kubeconfig"));
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      ProcessBuilder builder =
          new ProcessBuilder(
                  command(
                      List.of(
                          "operator",
                          "--kubeconfig",
                          "/tmp/kubeconfig",
                          "--watch-namespace",
                          "fairwinds-insights",
                          "--leader-elect",
                          "false",
                          "--http-port",
                          Integer.toString(port))))
              .redirectErrorStream(true)
              .redirectOutput(work.resolve("operator.log").toFile());
      Process operator = builder.start();
      try {
        SessionKeySet set =
            Manifests.SERIALIZATION.unmarshal(
                Files.readString(Tools.DEPLOY.resolve("examples/sessionkeyset.yaml")),
                SessionKeySet.class);
        client.resource(set).create();
        Secret secret = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (secret == null && System.nanoTime() < deadline && operator.isAlive()) {
          Thread.sleep(250);
          secret =
              client
                  .secrets()
                  .inNamespace("fairwinds-insights")
                  .withName("fwinsights-secrets")
                  .get();
        }
        assertThat(secret).as(log()).isNotNull();
        assertThat(secret.getData())
            .containsOnlyKeys(
                "COOKIE_HASH_KEY",
                "COOKIE_BLOCK_KEY",
                "SESSION_AUTH_KEY",
                "SESSION_ENCRYPTION_KEY",
                "AES_BASE64_CYPHER_KEY");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> metrics =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        HttpResponse<String> ready =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as(log()).isEqualTo(200);
      } finally {
        // unshare --fork runs the operator as its child: stop the child first, or it outlives the
        // test (it kept running after a CI run, holding a port and a core).
        operator.descendants().forEach(ProcessHandle::destroy);
        operator.destroy();
        if (!operator.waitFor(30, TimeUnit.SECONDS)) {
          operator.destroyForcibly();
        }
      }
      // The operator logs; it never logs a key value.
      String log = log();
      for (String value :
          client
              .secrets()
              .inNamespace("fairwinds-insights")
              .withName("fwinsights-secrets")
              .get()
              .getData()
              .values()) {
        assertThat(log)
            .doesNotContain(
                new String(
                    java.util.Base64.getDecoder().decode(value),
                    java.nio.charset.StandardCharsets.US_ASCII));
      }
    }
  }

  private static String log() {
    try {
      return Files.readString(work.resolve("operator.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * The image's entrypoint plus {@code args}, as its user, chrooted into the unpacked image in a
   * private mount namespace with /proc and /dev mounted (the JVM finds itself through /proc).
   */
  private static List<String> command(List<String> args) {
    StringBuilder line = new StringBuilder();
    String root = quote(rootfs.toString());
    line.append("mount -t proc proc ")
        .append(root)
        .append("/proc && mount --rbind /dev ")
        .append(root);
    // Only the image's environment (Env in its config), as a container runtime gives it.
    line.append("/dev && cd / && chroot=\"$(command -v chroot)\" && exec env -i");
    config.get("Env").forEach(e -> line.append(' ').append(quote(e.asText())));
    line.append(" \"$chroot\" --userspec=")
        .append(quote(config.get("User").asText()))
        .append(' ')
        .append(root);
    config.get("Entrypoint").forEach(a -> line.append(' ').append(quote(a.asText())));
    args.forEach(a -> line.append(' ').append(quote(a)));
    return List.of("unshare", "--mount", "--fork", "--kill-child", "sh", "-c", line.toString());
  }

  private static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private static Proc.Result inImage(List<String> args, String stdin) throws Exception {
    return Proc.run(work, stdin, Map.of(), command(args));
  }
}
