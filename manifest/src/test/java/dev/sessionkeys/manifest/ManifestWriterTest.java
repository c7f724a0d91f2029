package dev.sessionkeys.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.SecretValue;
import dev.sessionkeys.core.validate.SecretDocument;
import dev.sessionkeys.core.validate.SecretValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestWriterTest {

  @TempDir Path dir;

  private final KeySet keys = KeyGenerator.secure().generate(Profile.FAIRWINDS_INSIGHTS);

  @Test
  void writesTheDocumentationsShapeWithANamespace() {
    String yaml =
        new String(
            ManifestWriter.secret("fwinsights-secrets", "fairwinds-insights", keys),
            StandardCharsets.UTF_8);
    assertThat(yaml)
        .startsWith(
            """
        apiVersion: v1
        kind: Secret
        metadata:
          name: fwinsights-secrets
          namespace: fairwinds-insights
        type: Opaque
        data:
          COOKIE_HASH_KEY: """);
    for (Map.Entry<String, SecretValue> entry : keys.values().entrySet()) {
      assertThat(yaml).doesNotContain(entry.getValue().reveal());
    }
  }

  @Test
  void whatItWritesReadsBackAndPassesTheCheck() {
    byte[] yaml = ManifestWriter.secret("s", "ns", keys);
    SecretDocument secret = SecretManifests.parseOne("secrets.yaml", yaml);
    assertThat(secret.namespace()).isEqualTo("ns");
    var report = SecretValidator.validate(Profile.FAIRWINDS_INSIGHTS, secret);
    assertThat(report.findings()).isEmpty();
    assertThat(report.values()).isEqualTo(keys);
  }

  @Test
  void valuesFileReadsBackAsAgreeing() {
    HelmValues values = HelmValues.parse("v.yaml", ManifestWriter.values("my-keys"));
    assertThat(values.agreesWith("my-keys")).isTrue();
  }

  @Test
  void refusesNamesKubernetesWouldRefuse() {
    assertThatThrownBy(() -> ManifestWriter.secret("Bad_Name", "ns", keys))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ManifestWriter.secret("s", "a.b", keys))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ManifestWriter.values("x y"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void kubectlReadsTheSecretAsWritten() throws IOException, InterruptedException {
    Path kubectl = Path.of("/usr/bin/kubectl");
    Assumptions.assumeTrue(
        Files.isExecutable(kubectl), "kubectl is not installed: interop check skipped");
    Path file = dir.resolve("secrets.yaml");
    Files.write(file, ManifestWriter.secret("fwinsights-secrets", "fairwinds-insights", keys));
    Path out = dir.resolve("out.yaml");
    // `label --local` decodes the file into a typed Secret (base64 included) and prints it, with no
    // cluster at all.
    Process process =
        new ProcessBuilder(
                kubectl.toString(),
                "label",
                "--local",
                "-f",
                file.toString(),
                "checked=yes",
                "-o",
                "yaml")
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    SecretDocument echoed = SecretManifests.parseOne(out.toString(), SecretManifests.bytesOf(out));
    assertThat(echoed.name()).isEqualTo("fwinsights-secrets");
    assertThat(echoed.namespace()).isEqualTo("fairwinds-insights");
    assertThat(SecretValidator.validate(Profile.FAIRWINDS_INSIGHTS, echoed).values())
        .isEqualTo(keys);
  }
}
