package dev.sessionkeys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * {@code check} over what users have: real {@code helm template} and {@code kubectl get -o yaml}
 * output (made with the real binaries; see {@code real-world/README.md}).
 */
class RealWorldInputTest {

  @TempDir Path dir;

  private Path corpus(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/real-world/" + name)) {
      Path file = dir.resolve(name.replace('/', '-'));
      Files.write(file, in.readAllBytes());
      return file;
    }
  }

  @Test
  void helmTemplateOutputChecksTheKeySecretAndCountsTheRest() throws Exception {
    Cli.Result result = Cli.run("check", corpus("helm-template.yaml").toString());
    assertThat(result.code()).as(result.all()).isZero();
    assertThat(result.out())
        .contains("Secret fwinsights-secrets")
        .contains("skipped 5 objects that are not a key Secret:")
        .contains("ConfigMap insights-config (line 36)")
        .contains("Service insights-api (line 44)")
        .contains("Deployment insights-api (line 56)")
        .contains("Secret insights-postgres (line 18), none of the profile's keys")
        .contains("Secret insights-registry (line 27), none of the profile's keys")
        .contains("1 Secret checked: 0 errors, 0 warnings");
  }

  @Test
  void kubectlGetListChecksTheKeySecretAndSkipsTlsAndHelmReleases() throws Exception {
    Cli.Result result =
        Cli.run("check", corpus("kubectl-get-secrets-list.yaml").toString(), "-o", "json");
    assertThat(result.code()).as(result.all()).isZero();
    assertThat(result.out())
        .contains("\"name\":\"fwinsights-secrets\",\"namespace\":\"fairwinds-insights\"")
        .contains("Secret insights-tls (line 23), none of the profile's keys")
        .contains("Secret sh.helm.release.v1.insights.v1 (line 35), none of the profile's keys")
        .contains("\"ok\":true");
  }

  @Test
  void secretNamePicksOneAndAnUnknownNameIsAnInputError() throws Exception {
    Path list = corpus("kubectl-get-secrets-list.yaml");
    Cli.Result tls = Cli.run("check", list.toString(), "--secret-name", "insights-tls");
    // The TLS Secret holds none of the keys: picked by name, it is checked, and fails.
    assertThat(tls.code()).as(tls.all()).isEqualTo(1);
    assertThat(tls.out()).contains("Secret fairwinds-insights/insights-tls").contains("missing");
    Cli.Result none = Cli.run("check", list.toString(), "--secret-name", "nope");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err())
        .startsWith("sessionkeys: no Secret named 'nope' in")
        .contains("found: fwinsights-secrets");
  }

  @Test
  @ResourceLock(Resources.SYSTEM_PROPERTIES)
  void standardInputIsReadWithADash() throws Exception {
    byte[] bytes = Files.readAllBytes(corpus("helm-template.yaml"));
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream(bytes));
      Cli.Result result = Cli.run("check", "-");
      assertThat(result.code()).as(result.all()).isZero();
      assertThat(result.out()).contains("-:3  Secret fwinsights-secrets").contains("skipped 5");
    } finally {
      System.setIn(stdin);
    }
  }

  @Test
  void valuesOverlayLaterFilesWinAndStrictFailsOnWarnings() throws Exception {
    Path template = corpus("helm-template.yaml");
    Path chartValues = corpus("chart/values.yaml");
    // The chart's own values generate keys: an error.
    assertThat(Cli.run("check", template.toString(), "--values", chartValues.toString()).code())
        .isEqualTo(1);
    Path ours =
        Files.writeString(
            dir.resolve("values-sessionkeys.yaml"),
            "options:\n  autogenerateKeys: false\n  secretName: fwinsights-secrets\n");
    Cli.Result overlaid =
        Cli.run(
            "check",
            template.toString(),
            "--values",
            chartValues.toString(),
            "--values",
            ours.toString());
    assertThat(overlaid.code()).as(overlaid.all()).isZero();
    // In the other order the chart's setting wins again, as with helm -f.
    assertThat(
            Cli.run(
                    "check",
                    template.toString(),
                    "--values",
                    ours.toString(),
                    "--values",
                    chartValues.toString())
                .code())
        .isEqualTo(1);
    Path unset =
        Files.writeString(
            dir.resolve("unset.yaml"), "options:\n  secretName: fwinsights-secrets\n");
    assertThat(Cli.run("check", template.toString(), "--values", unset.toString()).code()).isZero();
    Cli.Result strict =
        Cli.run("check", template.toString(), "--values", unset.toString(), "--strict");
    assertThat(strict.code()).as(strict.all()).isEqualTo(1);
    assertThat(strict.out()).contains("autogenerate-keys-unset");
  }

  @Test
  void inputWithNoKeySecretIsAnInputErrorThatSaysWhy() throws Exception {
    Path others =
        Files.writeString(
            dir.resolve("others.yaml"),
            "kind: Secret\nmetadata:\n  name: a\ndata:\n  X: eA==\n---\nkind: Secret\nmetadata:\n"
                + "  name: b\nstringData:\n  Y: y\n");
    Cli.Result result = Cli.run("check", others.toString());
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err())
        .contains("none of its 2 Secrets holds a key of profile fairwinds-insights")
        .contains("--secret-name");
    Path onlyConfig =
        Files.writeString(dir.resolve("cm.yaml"), "kind: ConfigMap\nmetadata:\n  name: c\n");
    Cli.Result config = Cli.run("check", onlyConfig.toString());
    assertThat(config.code()).isEqualTo(2);
    assertThat(config.err()).contains("ConfigMap, not a Secret");
  }
}
