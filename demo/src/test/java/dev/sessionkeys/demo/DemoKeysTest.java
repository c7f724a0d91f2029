package dev.sessionkeys.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.sops.AgeIdentity;
import dev.sessionkeys.sops.AgeKeys;
import dev.sessionkeys.sops.EncryptOptions;
import dev.sessionkeys.sops.Sops;
import dev.sessionkeys.sops.SopsFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo reads secrets.yaml through the sops module's SecretSource: plain or encrypted. */
class DemoKeysTest {

  @TempDir Path dir;

  @Test
  void readsThePlainManifestSessionkeysInitWrites() throws Exception {
    Map<String, String> keys = TestKeys.rotateSessionKeys(TestKeys.fresh());
    DemoKeys loaded =
        DemoKeys.load(TestKeys.writeSecret(dir.resolve("secrets.yaml"), keys), Map.of());
    assertThat(loaded.source()).endsWith("secrets.yaml");
    assertThat(loaded.keys().secretName()).isEqualTo("fwinsights-secrets");
  }

  @Test
  void readsASopsEncryptedManifestWithTheIdentityTheEnvironmentNames() throws Exception {
    Map<String, String> keys = TestKeys.fresh();
    Path plain = TestKeys.writeSecret(dir.resolve("plain.yaml"), keys);
    AgeIdentity identity = AgeKeys.generate();
    String encrypted =
        Sops.encrypt(
            Files.readString(plain),
            "secrets.enc.yaml",
            SopsFormat.YAML,
            EncryptOptions.kubernetesSecret(List.of(identity.recipient())));
    Path file = Files.writeString(dir.resolve("secrets.enc.yaml"), encrypted);
    Path keyFile =
        Files.writeString(dir.resolve("keys.txt"), AgeKeys.keyFileText(identity, Instant.EPOCH));
    DemoKeys loaded =
        DemoKeys.load(
            file, Map.of("SOPS_AGE_KEY_FILE", keyFile.toString(), "HOME", dir.toString()));
    assertThat(loaded.keys().secretName()).isEqualTo("fwinsights-secrets");
    // Without an identity it says so, as an input error.
    assertThatThrownBy(() -> DemoKeys.load(file, Map.of("HOME", dir.toString())))
        .isInstanceOfSatisfying(
            DemoException.class, e -> assertThat(e.kind()).isEqualTo(DemoException.Kind.INPUT))
        .hasMessageContaining("no age identity");
  }

  @Test
  void stringDataWinsAndBadBase64NamesTheKeyButNotTheValue() throws Exception {
    Map<String, String> keys = TestKeys.fresh();
    StringBuilder yaml = new StringBuilder("kind: Secret\nmetadata:\n  name: k\ndata:\n");
    keys.forEach(
        (k, v) ->
            yaml.append("  ")
                .append(k)
                .append(": ")
                .append(Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)))
                .append('\n'));
    yaml.append("stringData:\n  COOKIE_HASH_KEY: ").append("z".repeat(64)).append('\n');
    Path file = Files.writeString(dir.resolve("s.yaml"), yaml);
    assertThat(DemoKeys.load(file, Map.of()).keys().secretName()).isEqualTo("k");

    Path bad =
        Files.writeString(
            dir.resolve("bad.yaml"), "kind: Secret\ndata:\n  COOKIE_HASH_KEY: abc*\n");
    assertThatThrownBy(() -> DemoKeys.load(bad, Map.of()))
        .isInstanceOfSatisfying(
            DemoException.class, e -> assertThat(e.kind()).isEqualTo(DemoException.Kind.INPUT))
        .hasMessageContaining("bad.yaml:3: data.COOKIE_HASH_KEY is not valid base64")
        .hasMessageNotContaining("abc*");
  }

  @Test
  void aMissingFileOrAnotherKindIsAOneLineInputError() throws Exception {
    assertThatThrownBy(() -> DemoKeys.load(dir.resolve("none.yaml"), Map.of()))
        .isInstanceOfSatisfying(
            DemoException.class, e -> assertThat(e.kind()).isEqualTo(DemoException.Kind.INPUT))
        .hasMessageContaining("none.yaml")
        .hasMessageContaining("no such file");
    Path config = Files.writeString(dir.resolve("c.yaml"), "kind: ConfigMap\ndata:\n  A: b\n");
    assertThatThrownBy(() -> DemoKeys.load(config, Map.of()))
        .isInstanceOf(DemoException.class)
        .hasMessageContaining("ConfigMap")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
