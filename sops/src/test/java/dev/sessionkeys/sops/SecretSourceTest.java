package dev.sessionkeys.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.core.validate.SecretDocument;
import dev.sessionkeys.manifest.ManifestException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One reader for plain and SOPS-encrypted Secrets, from files and standard input. */
class SecretSourceTest {

  private static final String SECRET =
      "apiVersion: v1\nkind: Secret\nmetadata:\n  name: keys\n  namespace: ns\ntype: Opaque\n"
          + "data:\n  COOKIE_HASH_KEY: YWJj\nstringData:\n  COOKIE_BLOCK_KEY: plain\n";

  @TempDir Path dir;

  private AgeIdentity identity;
  private Path keyFile;

  @BeforeEach
  void keys() throws Exception {
    identity = AgeKeys.generate();
    keyFile =
        Files.writeString(dir.resolve("keys.txt"), AgeKeys.keyFileText(identity, Instant.EPOCH));
  }

  private String encrypted(String plaintext, String name) {
    return Sops.encrypt(
        plaintext,
        name,
        SopsFormat.forName(name),
        EncryptOptions.kubernetesSecret(List.of(identity.recipient())));
  }

  private SecretSource withKey() {
    return new SecretSource(keyFile, Map.of("HOME", dir.toString()));
  }

  @Test
  void aPlainFileIsReadAsTheManifestItIs() throws Exception {
    Path file = Files.writeString(dir.resolve("secrets.yaml"), SECRET);
    SecretSource.Input input = new SecretSource(null, Map.of()).read(file);
    assertThat(input.source()).isEqualTo(file.toString());
    assertThat(input.encrypted()).isFalse();
    assertThat(input.skipped()).isEmpty();
    assertThat(input.secrets()).singleElement().satisfies(this::isTheSecret);
    assertThat(new SecretSource(null, Map.of()).readOne(file)).satisfies(this::isTheSecret);
  }

  private void isTheSecret(SecretDocument secret) {
    assertThat(secret.name()).isEqualTo("keys");
    assertThat(secret.namespace()).isEqualTo("ns");
    assertThat(secret.effectiveValues())
        .containsExactly(
            Map.entry("COOKIE_HASH_KEY", "abc"), Map.entry("COOKIE_BLOCK_KEY", "plain"));
  }

  @Test
  void anEncryptedYamlFileIsDecryptedInMemory() throws Exception {
    Path file =
        Files.writeString(dir.resolve("secrets.enc.yaml"), encrypted(SECRET, "secrets.enc.yaml"));
    SecretSource.Input input = withKey().read(file);
    assertThat(input.encrypted()).isTrue();
    assertThat(input.secrets()).singleElement().satisfies(this::isTheSecret);
    assertThat(withKey().readOne(file)).satisfies(this::isTheSecret);
  }

  @Test
  void anEncryptedJsonFileIsReadByItsName() throws Exception {
    String json =
        "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"keys\",\"namespace\":\"ns\"},"
            + "\"data\":{\"COOKIE_HASH_KEY\":\"YWJj\"},\"stringData\":{\"COOKIE_BLOCK_KEY\":\"plain\"}}";
    String text = encrypted(json, "secrets.enc.json");
    Path file = Files.writeString(dir.resolve("secrets.enc.json"), text);
    assertThat(withKey().read(file).secrets()).singleElement().satisfies(this::isTheSecret);
    // Standard input has no name: it is read as YAML, which reads a JSON SOPS file too.
    assertThat(withKey().read(SecretSource.STDIN, text.getBytes(StandardCharsets.UTF_8)).secrets())
        .singleElement()
        .satisfies(this::isTheSecret);
    assertThat(
            withKey()
                .read(SecretSource.STDIN, ("  \n" + text).getBytes(StandardCharsets.UTF_8))
                .encrypted())
        .isTrue();
  }

  @Test
  void standardInputIsReadForADash() throws Exception {
    String text = encrypted(SECRET, "secrets.enc.yaml");
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
      SecretSource.Input input = withKey().read(Path.of("-"));
      assertThat(input.source()).isEqualTo("-");
      assertThat(input.secrets()).singleElement().satisfies(this::isTheSecret);
      System.setIn(new ByteArrayInputStream(SECRET.getBytes(StandardCharsets.UTF_8)));
      assertThat(withKey().readOne(Path.of("-"))).satisfies(this::isTheSecret);
    } finally {
      System.setIn(stdin);
    }
  }

  @Test
  void otherObjectsAreSkippedAndListed() {
    String mixed =
        "kind: ConfigMap\nmetadata:\n  name: cfg\n---\n"
            + SECRET
            + "---\nkind: Secret\nmetadata:\n  name: empty\n---\nkind: Deployment\n";
    SecretSource.Input input =
        new SecretSource(null, Map.of()).read("mixed.yaml", mixed.getBytes(StandardCharsets.UTF_8));
    assertThat(input.secrets()).extracting(SecretDocument::name).containsExactly("keys");
    assertThat(input.skipped())
        .containsExactly(
            "ConfigMap cfg (line 1)",
            "Secret empty (line 16, no data)",
            "Deployment (unnamed) (line 20)");
    // Nothing usable: the reason for the first object, as a single-Secret reader gives it.
    assertThatThrownBy(
            () ->
                new SecretSource(null, Map.of())
                    .read("cm.yaml", "kind: ConfigMap\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("ConfigMap, not a Secret");
  }

  @Test
  void aFileThatMentionsSopsButIsNoSopsFileIsJudgedAsAManifest() {
    byte[] bytes = (SECRET + "# sops: not really\nsops:\n").getBytes(StandardCharsets.UTF_8);
    assertThat(SecretSource.looksEncrypted(bytes)).isTrue();
    assertThat(new SecretSource(null, Map.of()).read("s.yaml", bytes).secrets()).hasSize(1);
    assertThat(new SecretSource(null, Map.of()).readOne("s.yaml", bytes).name()).isEqualTo("keys");
  }

  @Test
  void looksEncryptedIsOnlyAHint() {
    assertThat(SecretSource.looksEncrypted("sops:\n".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(SecretSource.looksEncrypted("a: 1\nsops:\n".getBytes(StandardCharsets.UTF_8)))
        .isTrue();
    assertThat(SecretSource.looksEncrypted("{\"sops\":{}}".getBytes(StandardCharsets.UTF_8)))
        .isTrue();
    assertThat(SecretSource.looksEncrypted("a: sops:\n".getBytes(StandardCharsets.UTF_8)))
        .isFalse();
    assertThat(SecretSource.looksEncrypted(" sops:\n".getBytes(StandardCharsets.UTF_8))).isFalse();
  }

  @Test
  void withoutAnIdentityTheSopsFailureSaysSo() throws Exception {
    Path file =
        Files.writeString(dir.resolve("secrets.enc.yaml"), encrypted(SECRET, "secrets.enc.yaml"));
    SecretSource none = new SecretSource(null, Map.of("HOME", dir.resolve("home").toString()));
    assertThatThrownBy(() -> none.read(file))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> assertThat(e.reason()).isEqualTo(SopsException.Reason.MISSING_IDENTITY));
    // The identity can come from the environment, as sops finds it.
    SecretSource fromEnvironment =
        new SecretSource(
            null, Map.of("SOPS_AGE_KEY_FILE", keyFile.toString(), "HOME", dir.toString()));
    assertThat(fromEnvironment.readOne(file).name()).isEqualTo("keys");
  }

  @Test
  void aMissingFileIsAManifestErrorAndNoValueIsInToString() {
    assertThatThrownBy(() -> withKey().read(dir.resolve("none.yaml")))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("no such file");
    SecretSource source = new SecretSource(keyFile, Map.of("SOPS_AGE_KEY", "AGE-SECRET-KEY-1XYZ"));
    assertThat(source.toString()).isEqualTo("SecretSource[identity=" + keyFile + "]");
  }

  @Test
  void theInputsListsAreReadOnlyCopies() {
    List<String> skipped = new java.util.ArrayList<>(List.of("x"));
    SecretSource.Input input = new SecretSource.Input("s", List.of(), skipped, false);
    skipped.add("y");
    assertThat(input.skipped()).containsExactly("x");
  }
}
