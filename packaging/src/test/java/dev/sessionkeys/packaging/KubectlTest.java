package dev.sessionkeys.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl on what we ship and what {@code init} writes. {@code kubectl apply
 * --dry-run=client} still asks a server for API discovery (to map each kind to its resource), so it
 * runs against the mock API server, which answers discovery; it cannot serve the OpenAPI schema
 * that kubectl's own validation downloads, so these runs use {@code --validate=false}: the objects
 * are checked by kubectl's decoding and by the typed parsing in the other tests, not by the
 * server's schema.
 */
class KubectlTest {

  @TempDir Path work;
  private MockApiServer mock;
  private Path kubeconfig;

  @BeforeEach
  void startMock() throws Exception {
    Tools.kubectl();
    mock = new MockApiServer();
    kubeconfig = mock.writeKubeconfig(work.resolve("kubeconfig"));
  }

  @AfterEach
  void stopMock() {
    if (mock != null) {
      mock.close();
    }
  }

  @Test
  void deployApplies() throws Exception {
    Proc.Result result =
        dryRunApply(
            null,
            "-f",
            Tools.DEPLOY.resolve("crd").toString(),
            "-f",
            Tools.DEPLOY.resolve("rbac.yaml").toString(),
            "-f",
            Tools.DEPLOY.resolve("operator.yaml").toString(),
            "-f",
            Tools.DEPLOY.resolve("examples").toString());
    assertThat(result.code()).as(result.said()).isZero();
    assertThat(result.out())
        .contains(
            "customresourcedefinition.apiextensions.k8s.io/sessionkeysets.sessionkeys.dev created (dry run)",
            "role.rbac.authorization.k8s.io/sessionkeys-operator created (dry run)",
            "deployment.apps/sessionkeys-operator created (dry run)",
            "networkpolicy.networking.k8s.io/sessionkeys-operator created (dry run)",
            "poddisruptionbudget.policy/sessionkeys-operator created (dry run)",
            "sessionkeyset.sessionkeys.dev/insights created (dry run)");
  }

  @Test
  void theChartsOutputApplies() throws Exception {
    Proc.Result rendered =
        Proc.run(
            work,
            Tools.helm().toString(),
            "template",
            "sk",
            Tools.CHART.toString(),
            "-n",
            "sessionkeys-system",
            "--set",
            "metrics.serviceMonitor.enabled=true");
    assertThat(rendered.code()).as(rendered.said()).isZero();
    Proc.Result result = dryRunApply(rendered.out(), "-f", "-");
    assertThat(result.code()).as(result.said()).isZero();
    assertThat(result.out())
        .contains("servicemonitor.monitoring.coreos.com/sk-sessionkeys-operator created (dry run)");
  }

  @Test
  void whatInitWritesApplies() throws Exception {
    Proc.Result init = Proc.sessionkeys(work, null, "init");
    assertThat(init.code()).as(init.said()).isZero();
    Proc.Result result = dryRunApply(null, "-n", "fairwinds-insights", "-f", "secrets.yaml");
    assertThat(result.code()).as(result.said()).isZero();
    assertThat(result.out()).isEqualTo("secret/fwinsights-secrets created (dry run)\n");
  }

  @Test
  void aSecretMadeByKubectlIsCheckedFromAFileAndFromStdin() throws Exception {
    // Good keys: generate prints KEY=value lines, kubectl turns them into a Secret.
    Proc.Result keys = Proc.sessionkeys(work, null, "generate");
    assertThat(keys.code()).as(keys.said()).isZero();
    Files.writeString(work.resolve("keys.env"), keys.out());
    Proc.Result good =
        kubectl(
            null,
            "create",
            "secret",
            "generic",
            "fwinsights-secrets",
            "-n",
            "fairwinds-insights",
            "--from-env-file=keys.env",
            "--dry-run=client",
            "-o",
            "yaml");
    assertThat(good.code()).as(good.said()).isZero();
    // A weak one: a key far too short.
    Proc.Result weak =
        kubectl(
            null,
            "create",
            "secret",
            "generic",
            "fwinsights-secrets",
            "--from-literal=COOKIE_HASH_KEY=short",
            "--dry-run=client",
            "-o",
            "yaml");
    assertThat(weak.code()).as(weak.said()).isZero();

    Files.writeString(work.resolve("good.yaml"), good.out());
    Files.writeString(work.resolve("weak.yaml"), weak.out());
    assertThat(Proc.sessionkeys(work, null, "check", "good.yaml").code()).isZero();
    Proc.Result weakChecked = Proc.sessionkeys(work, null, "check", "weak.yaml");
    assertThat(weakChecked.code()).as(weakChecked.said()).isEqualTo(1);
    assertThat(weakChecked.out()).contains("COOKIE_HASH_KEY");

    // `kubectl create secret … -o yaml | sessionkeys check -`: stdin support comes with the CLI
    // rework (branch cli-arch); until it is merged this part is skipped, visibly.
    Proc.Result fromPipe = Proc.sessionkeys(work, good.out(), "check", "-");
    boolean stdin = !fromPipe.err().contains("-: no such file");
    if (!stdin) {
      System.err.println("SKIPPED: `sessionkeys check -` (stdin) is not in this build yet");
    }
    assumeTrue(stdin, "check - not supported yet");
    assertThat(fromPipe.code()).as(fromPipe.said()).isZero();
    Proc.Result weakFromPipe = Proc.sessionkeys(work, weak.out(), "check", "-");
    assertThat(weakFromPipe.code()).as(weakFromPipe.said()).isEqualTo(1);
    assertThat(weakFromPipe.out()).contains("COOKIE_HASH_KEY");
  }

  /** kubectl apply --dry-run=client --validate=false (see the class comment for why). */
  private Proc.Result dryRunApply(String stdin, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("apply", "--dry-run=client", "--validate=false"));
    all.addAll(List.of(args));
    return kubectl(stdin, all.toArray(String[]::new));
  }

  private Proc.Result kubectl(String stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Tools.kubectl().toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.addAll(List.of(args));
    return Proc.run(work, stdin, Map.of("HOME", work.toString()), command);
  }
}
