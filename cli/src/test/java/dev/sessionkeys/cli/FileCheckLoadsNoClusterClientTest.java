package dev.sessionkeys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.manifest.ManifestWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check FILE} must start as fast as before the cluster options existed: no Kubernetes client class loaded. */
class FileCheckLoadsNoClusterClientTest {

  @TempDir Path dir;

  @Test
  void checkingAFileLoadsNoFabric8OrKubeClass() throws Exception {
    Path file = dir.resolve("secrets.yaml");
    Files.write(file, ManifestWriter.secret("fwinsights-secrets", "fairwinds-insights",
        KeyGenerator.secure().generate(Profile.FAIRWINDS_INSIGHTS)));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "-Xshare:off", "-Xlog:class+load=info",
        "-cp", System.getProperty("java.class.path"), "dev.sessionkeys.cli.Main", "check", file.toString())
        .redirectErrorStream(true)
        .start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String log = new String(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(log).isZero();
    assertThat(log).contains("dev.sessionkeys.cli.CheckCommand");
    assertThat(log).doesNotContain("io.fabric8").doesNotContain("dev.sessionkeys.kube.")
        .doesNotContain("dev.sessionkeys.cli.LiveCheckRunner");
  }
}
