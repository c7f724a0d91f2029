package dev.sessionkeys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.SecretValue;
import dev.sessionkeys.kube.SecretMapping;
import dev.sessionkeys.manifest.ManifestWriter;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster commands end to end: command line in, exit code and output out, against the CRUD mock
 * server.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterCommandsTest {

  static final Profile PROFILE = Profile.FAIRWINDS_INSIGHTS;
  static final String NS = "fairwinds-insights";
  static final String NAME = "fwinsights-secrets";

  KubernetesMockServer server;
  KubernetesClient client;

  @TempDir Path dir;
  Path kubeconfig;

  record Run(int code, String out, String err) {}

  @BeforeEach
  void writeKubeconfig() throws Exception {
    kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster:
            server: %s
            insecure-skip-tls-verify: true
        contexts:
        - name: mock-context
          context:
            cluster: mock
            user: tester
        current-context: mock-context
        users:
        - name: tester
          user:
            token: test-token
        """
            .formatted(client.getConfiguration().getMasterUrl()));
  }

  private Run run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--kubeconfig");
    all.add(kubeconfig.toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private Secret live() {
    return client.secrets().inNamespace(NS).withName(NAME).get();
  }

  private Path manifest(KeySet keys) throws Exception {
    Path file =
        dir.resolve("secrets-" + keys.get("COOKIE_HASH_KEY").orElseThrow().fingerprint() + ".yaml");
    Files.write(file, ManifestWriter.secret(NAME, NS, keys));
    return file;
  }

  @Test
  void applyCreatesThenSaysUnchangedThenRefusesOtherKeysWithExit1() throws Exception {
    KeySet keys = KeyGenerator.secure().generate(PROFILE);
    Path file = manifest(keys);

    Run created = run("apply", "-f", file.toString());
    assertThat(created.code()).as(created.err()).isZero();
    assertThat(created.out()).contains("created Secret " + NS + "/" + NAME);
    assertThat(SecretMapping.toKeySet(live())).isEqualTo(keys);

    Run unchanged = run("apply", "-f", file.toString());
    assertThat(unchanged.code()).isZero();
    assertThat(unchanged.out()).startsWith("unchanged");

    KeySet other = KeyGenerator.secure().generate(PROFILE);
    Run refused = run("apply", "-f", manifest(other).toString());
    assertThat(refused.code()).isEqualTo(ExitCode.FINDINGS_OR_REFUSED);
    assertThat(refused.out())
        .contains("COOKIE_HASH_KEY")
        .contains("logged out")
        .contains("unreadable")
        .contains(keys.get("COOKIE_HASH_KEY").orElseThrow().fingerprint());
    assertThat(refused.err()).contains("refused");
    for (SecretValue value : other.values().values()) {
      assertThat(refused.out() + refused.err()).doesNotContain(value.reveal());
    }
    assertThat(SecretMapping.toKeySet(live())).isEqualTo(keys);
  }

  @Test
  void applyReplaceWritesABackupAndJsonSaysWhere() throws Exception {
    KeySet keys = KeyGenerator.secure().generate(PROFILE);
    run("apply", "-f", manifest(keys).toString());
    KeySet fresh = KeyGenerator.secure().generate(PROFILE);

    Run replaced =
        run(
            "apply",
            "-f",
            manifest(fresh).toString(),
            "--replace",
            "--backup-dir",
            dir.resolve("backups").toString(),
            "-o",
            "json");

    assertThat(replaced.code()).as(replaced.err()).isZero();
    assertThat(replaced.out())
        .contains("\"outcome\":\"replaced\"")
        .contains("\"backup\":\"" + dir.resolve("backups"));
    assertThat(SecretMapping.toKeySet(live())).isEqualTo(fresh);
    try (var files = Files.list(dir.resolve("backups"))) {
      assertThat(files.toList()).hasSize(1);
    }
  }

  @Test
  void applyRefusesAFileWithErrorsWithoutTouchingTheCluster() throws Exception {
    KeySet bad =
        KeyGenerator.secure().generate(PROFILE).with("COOKIE_HASH_KEY", SecretValue.of("short"));
    Run run = run("apply", "-f", manifest(bad).toString());
    assertThat(run.code()).isEqualTo(ExitCode.FINDINGS_OR_REFUSED);
    assertThat(run.out()).contains("wrong-length");
    assertThat(live()).isNull();
  }

  @Test
  void theContextsNamespaceIsTheDefaultNamespace() throws Exception {
    Files.writeString(
        kubeconfig,
        Files.readString(kubeconfig)
            .replace("    user: tester\n", "    user: tester\n    namespace: from-context\n"));
    Run run = run("apply", "--generate");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("Secret from-context/" + NAME);
    assertThat(client.secrets().inNamespace("from-context").withName(NAME).get()).isNotNull();
    // -n still wins.
    assertThat(run("apply", "--generate", "-n", NS).out()).contains("Secret " + NS + "/" + NAME);
  }

  @Test
  void clientDryRunAsksNoServer() throws Exception {
    Path unreachable = dir.resolve("unreachable");
    Files.writeString(
        unreachable,
        Files.readString(kubeconfig)
            .replace(client.getConfiguration().getMasterUrl(), "https://127.0.0.1:1/"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {
              "apply", "--generate", "--dry-run=client", "--kubeconfig", unreachable.toString()
            },
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("would apply Secret " + NS + "/" + NAME + " with 5 keys (dry run, client");
    // Without any kubeconfig too.
    Cli.Result none =
        Cli.runWith(
            java.util.Map.of("HOME", dir.resolve("nohome").toString()),
            "apply",
            "--generate",
            "--dry-run=client",
            "-o",
            "json");
    assertThat(none.code()).as(none.err()).isZero();
    assertThat(none.out()).contains("\"outcome\":\"would_apply\"");
  }

  @Test
  void withoutAKubeconfigTheErrorSaysSo() {
    Cli.Result none =
        Cli.runWith(java.util.Map.of("HOME", dir.resolve("nohome").toString()), "adopt");
    assertThat(none.code()).isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertThat(none.err())
        .startsWith("sessionkeys: no kubeconfig: KUBECONFIG is not set, ")
        .contains(dir.resolve("nohome").resolve(".kube").resolve("config").toString())
        .contains("--kubeconfig FILE")
        .doesNotContain("Unresolved")
        .doesNotContain("kubernetes.default");
    Cli.Result badList =
        Cli.runWith(
            java.util.Map.of("KUBECONFIG", dir.resolve("a").toString(), "HOME", dir.toString()),
            "rotate",
            "--keys",
            "cookie");
    assertThat(badList.code()).isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertThat(badList.err()).contains("none of the files in $KUBECONFIG");
    Cli.Result operator =
        Cli.runWith(java.util.Map.of("HOME", dir.resolve("nohome").toString()), "operator");
    assertThat(operator.code()).isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertThat(operator.err().strip().lines()).hasSize(1);
  }

  @Test
  void theOperatorSaysInOneLineThatItsPortIsInUse() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Run run =
          run(
              "operator",
              "--http-port",
              String.valueOf(taken.getLocalPort()),
              "--leader-elect=true");
      assertThat(run.code()).isEqualTo(ExitCode.CLUSTER_OR_IO);
      assertThat(run.err().strip().lines()).hasSize(1);
      assertThat(run.err())
          .contains("port " + taken.getLocalPort())
          .contains("is in use")
          .contains("--leader-elect=false");
    }
  }

  @Test
  void applyDryRunCreatesNothing() {
    Run run = run("apply", "--generate", "--dry-run");
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("would create (dry run)");
    assertThat(live()).isNull();
  }

  @Test
  void rotateWithRestartThenLiveCheckThenFinish() {
    run("apply", "--generate");
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .resource(
            new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                .withNewMetadata()
                .withName("api")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withNewMetadata()
                .endMetadata()
                .endTemplate()
                .endSpec()
                .build())
        .create();

    Run rotated =
        run(
            "rotate",
            "--one-step",
            "--keys",
            "all-sessions",
            "--grace",
            "1h",
            "--restart",
            "deployment/api");
    assertThat(rotated.code()).as(rotated.err()).isZero();
    assertThat(rotated.out())
        .contains("COOKIE_HASH_KEY_PREVIOUS")
        .contains("SESSION_AUTH_KEY_PREVIOUS")
        .contains("restarted deployment/api");
    assertThat(live().getData())
        .containsKeys("COOKIE_HASH_KEY_PREVIOUS", "SESSION_ENCRYPTION_KEY_PREVIOUS")
        .doesNotContainKey("AES_BASE64_CYPHER_KEY_PREVIOUS");
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName("api")
                .get()
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations())
        .containsKey("kubectl.kubernetes.io/restartedAt");

    Run check = run("check", "-n", NS);
    assertThat(check.code()).as(check.out() + check.err()).isZero();
    assertThat(check.out()).contains("previous-key");

    Run again = run("rotate", "--one-step", "--keys", "cookie");
    assertThat(again.code()).isEqualTo(ExitCode.FINDINGS_OR_REFUSED);
    assertThat(again.err()).contains("refused").contains("rotated recently");

    Run finish = run("rotate", "--finish");
    assertThat(finish.code()).isZero();
    assertThat(finish.out()).contains("grace period ends");
  }

  private void createApi(int updated) {
    io.fabric8.kubernetes.api.model.apps.Deployment api =
        client
            .apps()
            .deployments()
            .inNamespace(NS)
            .resource(
                new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                    .withNewMetadata()
                    .withName("api")
                    .withNamespace(NS)
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(1)
                    .withNewTemplate()
                    .withNewMetadata()
                    .endMetadata()
                    .endTemplate()
                    .endSpec()
                    .build())
            .create();
    // The mock runs no controller: report the status one would.
    api.setStatus(
        new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
            .withObservedGeneration(Long.MAX_VALUE)
            .withReplicas(1)
            .withUpdatedReplicas(updated)
            .withAvailableReplicas(updated)
            .build());
    client.apps().deployments().inNamespace(NS).resource(api).updateStatus();
  }

  @Test
  void rotateRunsThreePhasesWaitingForTheRolloutAfterEach() {
    run("apply", "--generate");
    SecretValue oldHash = SecretMapping.toKeySet(live()).get("COOKIE_HASH_KEY").orElseThrow();
    createApi(1);

    Run rotated =
        run(
            "rotate",
            "--keys",
            "all-sessions",
            "--grace",
            "0s",
            "--restart",
            "deployment/api",
            "--timeout",
            "60s");

    assertThat(rotated.code()).as(rotated.err()).isZero();
    assertThat(rotated.out())
        .contains("prepare: changed", "promote: changed", "retire: changed")
        .contains("COOKIE_HASH_KEY_NEXT", "staged", "promoted", "removed")
        .contains("rolled out deployment/api");
    assertThat(rotated.out().lines().filter(l -> l.equals("restarted deployment/api")).count())
        .isEqualTo(3);
    assertThat(live().getData())
        .doesNotContainKeys("COOKIE_HASH_KEY_NEXT", "COOKIE_HASH_KEY_PREVIOUS")
        .containsKeys("COOKIE_HASH_KEY", "AES_BASE64_CYPHER_KEY");
    assertThat(SecretMapping.toKeySet(live()).get("COOKIE_HASH_KEY").orElseThrow())
        .isNotEqualTo(oldHash);
    assertThat(rotated.out()).doesNotContain(oldHash.reveal());
  }

  @Test
  void aStuckRolloutStopsTheRunWithExit3NamingTheWorkloadAndTheNextPhase() {
    run("apply", "--generate");
    createApi(0);

    Run stuck = run("rotate", "--keys", "cookie", "--restart", "deployment/api", "--timeout", "2s");

    assertThat(stuck.code()).isEqualTo(ExitCode.CLUSTER_OR_IO);
    assertThat(stuck.err())
        .contains("deployment/api", "0 of 1 replicas updated", "did not finish within 2 s")
        .contains("the prepare phase WAS written", "sessionkeys rotate --phase promote")
        .doesNotContain("Exception");
    assertThat(live().getData()).containsKey("COOKIE_HASH_KEY_NEXT");
  }

  @Test
  void singlePhasesAndTheirRefusals() {
    run("apply", "--generate");
    Run early = run("rotate", "--phase", "promote");
    assertThat(early.code()).isEqualTo(ExitCode.FINDINGS_OR_REFUSED);
    assertThat(early.err()).contains("refused", "prepare first").doesNotContain("--");

    assertThat(run("rotate", "--phase", "prepare", "--keys", "cookie").code()).isZero();
    assertThat(live().getMetadata().getAnnotations())
        .containsEntry("sessionkeys.dev/rotation-phase.cookie", "prepared");
    Run again = run("rotate", "--phase", "prepare", "--keys", "cookie");
    assertThat(again.code()).isZero();
    assertThat(again.out()).contains("already prepared");

    Run promote = run("rotate", "--phase", "promote", "-o", "json");
    assertThat(promote.code()).as(promote.err()).isZero();
    assertThat(promote.out()).contains("\"phase\":\"promote\"", "\"groups\":[\"cookie\"]");
    Run retire = run("rotate", "--phase", "retire");
    assertThat(retire.code()).isEqualTo(ExitCode.FINDINGS_OR_REFUSED);
    assertThat(retire.err()).contains("stay accepted until");
    Run forced = run("rotate", "--phase", "retire", "--force");
    assertThat(forced.code()).as(forced.err()).isZero();
    assertThat(live().getData()).doesNotContainKey("COOKIE_HASH_KEY_PREVIOUS");

    assertThat(run("rotate", "--phase", "later").code()).isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertThat(run("rotate", "--one-step", "--phase", "prepare", "--keys", "cookie").code())
        .isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertThat(run("rotate", "--keys", "cookie", "--timeout", "soon").code())
        .isEqualTo(ExitCode.USAGE_OR_INPUT);
  }

  @Test
  void theOneStepRotationWarnsThatUsersAreLoggedOut() {
    run("apply", "--generate");
    Run oneStep = run("rotate", "--one-step", "--keys", "session");
    assertThat(oneStep.code()).isZero();
    assertThat(oneStep.err()).contains("warning: one-step rotation", "logged out");
    assertThat(live().getData()).containsKey("SESSION_AUTH_KEY_PREVIOUS");
  }

  @Test
  void retireIsRefusedWhileThePreviousKeysAreStillUsed() throws Exception {
    run("apply", "--generate");
    run("rotate", "--phase", "prepare", "--keys", "cookie");
    run("rotate", "--phase", "promote", "--grace", "0s");
    java.util.concurrent.atomic.AtomicInteger decodes =
        new java.util.concurrent.atomic.AtomicInteger();
    com.sun.net.httpserver.HttpServer metrics =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    metrics.createContext(
        "/metrics",
        exchange -> {
          byte[] body =
              ("# TYPE "
                      + KeyUsage.METRIC
                      + " counter\n"
                      + KeyUsage.METRIC
                      + "{slot=\"primary\"} 1000\n"
                      + KeyUsage.METRIC
                      + "{slot=\"previous\"} "
                      + decodes.getAndAdd(3)
                      + "\n")
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    metrics.start();
    try {
      String url = "http://127.0.0.1:" + metrics.getAddress().getPort() + "/metrics";
      Run used = run("rotate", "--phase", "retire", "--usage-url", url, "--usage-window", "1s");
      assertThat(used.code()).isEqualTo(ExitCode.FINDINGS_OR_REFUSED);
      assertThat(used.err())
          .contains("previous keys were still used", "went from 0 to 3", "--force");
      assertThat(live().getData()).containsKey("COOKIE_HASH_KEY_PREVIOUS");

      Run forced =
          run("rotate", "--phase", "retire", "--usage-url", url, "--usage-window", "1s", "--force");
      assertThat(forced.code()).as(forced.err()).isZero();
      assertThat(forced.err()).contains("warning", "retiring anyway");
      assertThat(live().getData()).doesNotContainKey("COOKIE_HASH_KEY_PREVIOUS");
    } finally {
      metrics.stop(0);
    }
  }

  @Test
  void rotatingTheDataKeyNeedsItsNameAndSaysToReEncrypt() {
    run("apply", "--generate");
    Run data = run("rotate", "--one-step", "--keys", "data", "-o", "json");
    assertThat(data.code()).as(data.err()).isZero();
    assertThat(data.out()).contains("AES_BASE64_CYPHER_KEY_PREVIOUS").contains("re-encrypted");
  }

  @Test
  void liveCheckFlagsHelmOwnershipWithExit1AndAuditShowsIt() {
    client
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder(
                    SecretMapping.newSecret(
                        NS,
                        NAME,
                        KeyGenerator.secure().generate(PROFILE),
                        Map.of("app.kubernetes.io/managed-by", "Helm"),
                        Map.of("meta.helm.sh/release-name", "insights")))
                .build())
        .create();

    Run check = run("check", "-n", NS, "-o", "json");
    assertThat(check.code()).isEqualTo(ExitCode.FINDINGS_OR_REFUSED);
    assertThat(check.out()).contains("\"code\":\"helm-owned\"");

    Run audit = run("audit", "-A");
    assertThat(audit.code()).isEqualTo(ExitCode.FINDINGS_OR_REFUSED);
    assertThat(audit.out()).contains(NS).contains("owned").contains("helm-owned");
  }

  @Test
  void adoptThenCheckPassesAndTheWrittenFileChecksClean() {
    client
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder(
                    SecretMapping.newSecret(
                        NS,
                        NAME,
                        KeyGenerator.secure().generate(PROFILE),
                        Map.of("app.kubernetes.io/managed-by", "Helm"),
                        Map.of(
                            "meta.helm.sh/release-name",
                            "insights",
                            "meta.helm.sh/release-namespace",
                            NS)))
                .build())
        .create();
    Path out = dir.resolve("adopted");

    Run adopt = run("adopt", "-n", NS, "--out", out.toString());
    assertThat(adopt.code()).as(adopt.err()).isZero();
    assertThat(adopt.out())
        .contains("remove label app.kubernetes.io/managed-by")
        .contains("add annotation helm.sh/resource-policy: keep");

    Run check = run("check", "-n", NS);
    assertThat(check.code()).as(check.out() + check.err()).isZero();
    assertThat(check.out()).doesNotContain("helm-owned");

    StringWriter fileOut = new StringWriter();
    int fileCheck =
        Main.run(
            new String[] {
              "check",
              out.resolve("secrets.yaml").toString(),
              "--values",
              out.resolve("values-sessionkeys.yaml").toString()
            },
            new PrintWriter(fileOut, true),
            new PrintWriter(new StringWriter(), true));
    assertThat(fileCheck).as(fileOut.toString()).isZero();

    Run again = run("adopt", "-n", NS, "--out", out.toString());
    assertThat(again.code()).isZero();
    assertThat(again.out()).contains("already adopted");
  }

  /** An age key file made by {@code age-keygen -o}; returns its public key. */
  private String ageKeygen(Path keyFile) {
    StringWriter out = new StringWriter();
    int code =
        Main.run(
            new String[] {"age-keygen", "-o", keyFile.toString()},
            new PrintWriter(out, true),
            new PrintWriter(new StringWriter(), true));
    assertThat(code).as(out.toString()).isZero();
    java.util.regex.Matcher matcher =
        java.util.regex.Pattern.compile("Public key: (age1[a-z0-9]+)").matcher(out.toString());
    assertThat(matcher.find()).isTrue();
    return matcher.group(1);
  }

  @Test
  void applyTakesAnEncryptedFileAndDecryptsItInMemoryOnly() throws Exception {
    Path keyFile = dir.resolve("age.txt");
    String recipient = ageKeygen(keyFile);
    Path out = dir.resolve("deploy");
    StringWriter initOut = new StringWriter();
    assertThat(
            Main.run(
                new String[] {"init", "--out", out.toString(), "--age", recipient},
                new PrintWriter(initOut, true),
                new PrintWriter(new StringWriter(), true)))
        .as(initOut.toString())
        .isZero();
    Path encrypted = out.resolve("secrets.enc.yaml");

    Run apply = run("apply", "-f", encrypted.toString(), "-i", keyFile.toString());
    assertThat(apply.code()).as(apply.out() + apply.err()).isZero();
    assertThat(apply.out()).contains("created Secret " + NS + "/" + NAME);
    try (var list = Files.list(out)) {
      assertThat(list.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("secrets.enc.yaml", "values.yaml");
    }
    // The live values are the file's, and none of them was printed.
    StringWriter plain = new StringWriter();
    assertThat(
            Main.run(
                new String[] {"decrypt", encrypted.toString(), "-i", keyFile.toString(), "-o", "-"},
                new PrintWriter(plain, true),
                new PrintWriter(new StringWriter(), true)))
        .isZero();
    Map<String, String> liveData = live().getData();
    assertThat(liveData).hasSize(5);
    for (Map.Entry<String, String> entry : liveData.entrySet()) {
      assertThat(plain.toString()).contains(entry.getKey() + ": " + entry.getValue());
      assertThat(apply.out() + apply.err() + initOut).doesNotContain(entry.getValue());
    }

    Run again = run("apply", "-f", encrypted.toString(), "-i", keyFile.toString());
    assertThat(again.code()).isZero();
    assertThat(again.out()).contains("unchanged");

    Run wrongKey =
        run("apply", "-f", encrypted.toString(), "-i", dir.resolve("missing.txt").toString());
    assertThat(wrongKey.code()).isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertThat(wrongKey.err()).contains("missing.txt").doesNotContain("Exception");
  }

  @Test
  void adoptWithAgeWritesTheLiveKeysEncryptedAndIsIdempotent() throws Exception {
    KeySet keys = KeyGenerator.secure().generate(PROFILE);
    client
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder(
                    SecretMapping.newSecret(
                        NS,
                        NAME,
                        keys,
                        Map.of("app.kubernetes.io/managed-by", "Helm"),
                        Map.of(
                            "meta.helm.sh/release-name",
                            "insights",
                            "meta.helm.sh/release-namespace",
                            NS)))
                .build())
        .create();
    Path keyFile = dir.resolve("age.txt");
    String recipient = ageKeygen(keyFile);
    Path out = dir.resolve("adopted");

    Run bad = run("adopt", "-n", NS, "--out", out.toString(), "--age", "age1bad");
    assertThat(bad.code()).isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertThat(out).doesNotExist();
    assertThat(live().getMetadata().getLabels()).containsKey("app.kubernetes.io/managed-by");

    Run adopt = run("adopt", "-n", NS, "--out", out.toString(), "--age", recipient);
    assertThat(adopt.code()).as(adopt.out() + adopt.err()).isZero();
    assertThat(adopt.out()).contains("wrote " + out.resolve("secrets.enc.yaml"));
    try (var list = Files.list(out)) {
      assertThat(list.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("secrets.enc.yaml", "values-sessionkeys.yaml");
    }
    Path encrypted = out.resolve("secrets.enc.yaml");
    assertThat(Files.readString(encrypted))
        .contains("recipient: " + recipient)
        .contains("ENC[AES256_GCM");
    for (SecretValue value : keys.values().values()) {
      assertThat(Files.readString(encrypted)).doesNotContain(value.reveal());
      assertThat(adopt.out() + adopt.err()).doesNotContain(value.reveal());
    }
    StringWriter checkOut = new StringWriter();
    assertThat(
            Main.run(
                new String[] {"check", encrypted.toString(), "-i", keyFile.toString()},
                new PrintWriter(checkOut, true),
                new PrintWriter(new StringWriter(), true)))
        .as(checkOut.toString())
        .isZero();
    assertThat(live().getMetadata().getAnnotations())
        .containsEntry("helm.sh/resource-policy", "keep");

    // Again: the existing file decrypts to the live keys, so it is kept as it is.
    String before = Files.readString(encrypted);
    Run again =
        run(
            "adopt",
            "-n",
            NS,
            "--out",
            out.toString(),
            "--age",
            recipient,
            "-i",
            keyFile.toString());
    assertThat(again.code()).as(again.out() + again.err()).isZero();
    assertThat(again.out()).contains("already adopted").contains("unchanged " + encrypted);
    assertThat(Files.readString(encrypted)).isEqualTo(before);

    // Without the identity to read it, the existing file cannot be confirmed: refused, never
    // replaced.
    Run blind =
        run(
            "adopt",
            "-n",
            NS,
            "--out",
            out.toString(),
            "--age",
            recipient,
            "-i",
            dir.resolve("none.txt").toString());
    assertThat(blind.code()).isEqualTo(ExitCode.FINDINGS_OR_REFUSED);
    assertThat(blind.err())
        .contains("cannot be opened")
        .contains("none.txt")
        .doesNotContain("Exception");
    assertThat(Files.readString(encrypted)).isEqualTo(before);
  }

  @Test
  void auditFindsAKeySharedBetweenTwoInstalls() {
    KeySet production = KeyGenerator.secure().generate(PROFILE);
    client
        .secrets()
        .inNamespace("production")
        .resource(SecretMapping.newSecret("production", NAME, production, Map.of(), Map.of()))
        .create();
    client
        .secrets()
        .inNamespace("staging")
        .resource(SecretMapping.newSecret("staging", NAME, production, Map.of(), Map.of()))
        .create();
    Run audit = run("audit", "-n", "production,staging", "-o", "json");
    assertThat(audit.code()).isEqualTo(ExitCode.FINDINGS_OR_REFUSED);
    assertThat(audit.out())
        .contains("\"reused\":[{\"fingerprint\"")
        .contains("production/" + NAME + ":COOKIE_HASH_KEY")
        .contains("staging/" + NAME + ":COOKIE_HASH_KEY");
  }

  @Test
  void forbiddenIsExit3WithVerbResourceContextAndServer() {
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/" + NS + "/secrets/" + NAME)
        .andReturn(403, new StatusBuilder().withCode(403).withMessage("denied").build())
        .always();
    Run run = run("check", "-n", NS);
    assertThat(run.code()).isEqualTo(ExitCode.CLUSTER_OR_IO);
    assertThat(run.err())
        .startsWith("sessionkeys: forbidden (403): you may not get secrets in " + NS + "/" + NAME)
        .contains("context mock-context")
        .contains(client.getConfiguration().getMasterUrl())
        .doesNotContain("Exception");
    assertThat(run.err().lines().count()).isEqualTo(1);
  }

  @Test
  void usageErrorsAreExit2() {
    assertThat(run("rotate").code()).isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertThat(run("rotate", "--keys", "nope").code()).isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertThat(run("rotate", "--keys", "cookie", "--grace", "soon").code())
        .isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertThat(run("rotate", "--keys", "cookie", "--restart", "api").code())
        .isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertThat(run("audit", "-A", "-n", "x").code()).isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertThat(run("apply").code()).isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertThat(run("apply", "--generate", "-n", "Not_Valid").code())
        .isEqualTo(ExitCode.USAGE_OR_INPUT);
  }

  @Test
  void jsonOutputsAreValidJsonWithoutKeyValues() throws Exception {
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    KeySet keys = KeyGenerator.secure().generate(PROFILE);
    Path file = manifest(keys);
    List<Run> runs =
        List.of(
            run("apply", "-f", file.toString(), "-o", "json"),
            run(
                "apply",
                "-f",
                manifest(KeyGenerator.secure().generate(PROFILE)).toString(),
                "-o",
                "json"),
            run("rotate", "--keys", "cookie", "--dry-run", "-o", "json"),
            run("check", "-n", NS, "-o", "json"),
            run("audit", "-A", "-o", "json"),
            run(
                "adopt",
                "-n",
                NS,
                "--dry-run",
                "-o",
                "json",
                "--out",
                dir.resolve("a").toString()));
    for (Run r : runs) {
      assertThat(mapper.readTree(r.out()).isObject()).as(r.out()).isTrue();
      for (SecretValue value : keys.values().values()) {
        assertThat(r.out())
            .doesNotContain(value.reveal())
            .doesNotContain(SecretMapping.encode(value));
      }
    }
  }

  @Test
  void aMalformedKubeconfigIsExit2InOneLine() throws Exception {
    Files.writeString(kubeconfig, "clusters: [\n");
    Run run = run("check", "-n", NS);
    assertThat(run.code()).isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertThat(run.err().lines().count()).isEqualTo(1);
    assertThat(run.err()).contains(kubeconfig.toString());
  }
}
