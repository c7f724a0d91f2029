package dev.sessionkeys.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretManifestTest {

  private static final String HASH = "a".repeat(64);

  @TempDir Path dir;

  @Test
  void readsTheManifestSessionkeysInitWrites() throws Exception {
    Map<String, String> keys = TestKeys.rotateSessionKeys(TestKeys.fresh());
    SecretManifest m = SecretManifest.read(TestKeys.writeSecret(dir.resolve("secrets.yaml"), keys));
    assertThat(m.secretName()).isEqualTo("fwinsights-secrets");
    assertThat(m.values()).isEqualTo(keys);
  }

  @Test
  void readsTheDocumentedLayoutWithDataFirstAndFourSpaces() {
    String yaml =
        "apiVersion: v1\ndata:\n    COOKIE_HASH_KEY: "
            + b64(HASH)
            + "\n    COOKIE_BLOCK_KEY: "
            + b64("b".repeat(32))
            + "\nkind: Secret\nmetadata:\n    name: my-keys\n    labels:\n      app: x\n"
            + "type: Opaque\n";
    SecretManifest m = SecretManifest.parse("secrets.yaml", yaml);
    assertThat(m.secretName()).isEqualTo("my-keys");
    assertThat(m.values())
        .containsOnly(
            Map.entry("COOKIE_HASH_KEY", HASH), Map.entry("COOKIE_BLOCK_KEY", "b".repeat(32)));
  }

  @Test
  void takesQuotesCommentsCrlfAStartMarkerAndStringDataWhichWins() {
    String yaml =
        "---\r\n# keys\r\nkind: \"Secret\"\r\nmetadata:\r\n  name: 'k'\r\ndata:\r\n"
            + "  'COOKIE_HASH_KEY': \""
            + b64(HASH)
            + "\"  # current\r\n"
            + "  SESSION_AUTH_KEY: "
            + b64("x".repeat(64))
            + "\r\n"
            + "stringData:\r\n  SESSION_AUTH_KEY: 'it''s plain' # wins\r\n  OTHER: \"a\\\"b\"\r\n";
    SecretManifest m = SecretManifest.parse("s.yaml", yaml);
    assertThat(m.values())
        .containsOnly(
            Map.entry("COOKIE_HASH_KEY", HASH),
            Map.entry("SESSION_AUTH_KEY", "it's plain"),
            Map.entry("OTHER", "a\"b"));
  }

  @Test
  void keepsDecodedBytesExactly() {
    byte[] raw = {(byte) 0xff, 0, (byte) 0x80, 'A'};
    SecretManifest m =
        SecretManifest.parse(
            "s.yaml",
            "kind: Secret\ndata:\n  K: " + Base64.getEncoder().encodeToString(raw) + "\n");
    assertThat(m.values().get("K").getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(raw);
  }

  @Test
  void refusesWhatItCannotReadSafelyNamingFileLineAndKeyButNoValue() {
    String secret = b64(HASH);
    Map<String, String> cases =
        Map.ofEntries(
            Map.entry(
                "kind: Secret\ndata:\n  COOKIE_HASH_KEY: not*base64\n",
                "s.yaml line 3: data.COOKIE_HASH_KEY is not base64"),
            Map.entry(
                "kind: ConfigMap\ndata:\n  A: b\n",
                "s.yaml line 1: the manifest is a ConfigMap, not a Secret"),
            Map.entry("data:\n  A: " + secret + "\n", "s.yaml: no `kind: Secret`"),
            Map.entry("kind: Secret\ntype: Opaque\n", "s.yaml: the Secret has no `data`"),
            Map.entry(
                "kind: Secret\ndata: {A: " + secret + "}\n",
                "s.yaml line 2: `data` is written inline"),
            Map.entry(
                "kind: Secret\ndata:\n  A: |\n    " + secret + "\n",
                "s.yaml line 3: data.A is a multi-line block"),
            Map.entry(
                "kind: Secret\ndata:\n  A: " + secret + "\n  A: " + secret + "\n",
                "s.yaml line 4: data.A appears twice"),
            Map.entry(
                "kind: Secret\ndata:\n  A: " + secret + "\n---\nkind: Secret\n",
                "s.yaml line 4: a second YAML document"),
            Map.entry(
                "kind: Secret\ndata:\n\tA: " + secret + "\n", "s.yaml line 3: indented with a tab"),
            Map.entry("kind: Secret\ndata:\n  A:\n", "s.yaml line 3: data.A has no value"),
            Map.entry(
                "kind: Secret\ndata:\n  A: '" + secret + "\n",
                "s.yaml line 3: data.A has an unterminated quoted"),
            Map.entry(
                "kind: Secret\ndata:\n  A: " + secret + "\n    " + secret + "\n",
                "s.yaml line 4: a value of `data` continues on another line"),
            Map.entry(
                "kind: Secret\ndata:\n  A: ENC[AES256_GCM,data:xyz,type:str]\nsops:\n  version: 3.9.0\n",
                "s.yaml line 3: data.A is encrypted with SOPS"),
            Map.entry(
                "kind: Secret\nstringData:\n  A: x\nsops:\n  mac: y\n",
                "s.yaml line 4: the file is encrypted with SOPS"),
            Map.entry("kind: Secret\nkind: Secret\n", "s.yaml line 2: `kind` appears twice"));
    cases.forEach(
        (yaml, expected) ->
            assertThatThrownBy(() -> SecretManifest.parse("s.yaml", yaml))
                .as(expected)
                .isInstanceOfSatisfying(
                    DemoException.class,
                    e -> {
                      assertThat(e.kind()).isEqualTo(DemoException.Kind.INPUT);
                      assertThat(e.getMessage())
                          .startsWith(expected)
                          .doesNotContain(secret)
                          .doesNotContain("\n");
                    }));
  }

  @Test
  void aMissingOrNonUtf8FileIsAClearInputError() throws Exception {
    assertThatThrownBy(() -> SecretManifest.read(dir.resolve("none.yaml")))
        .isInstanceOfSatisfying(
            DemoException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(DemoException.Kind.INPUT);
              assertThat(e.getMessage()).contains("none.yaml: no such file", "sessionkeys init");
            });
    Path binary = Files.write(dir.resolve("bin.yaml"), new byte[] {(byte) 0xc3, 0x28, 'k'});
    assertThatThrownBy(() -> SecretManifest.read(binary))
        .isInstanceOfSatisfying(
            DemoException.class, e -> assertThat(e.getMessage()).contains("not UTF-8"));
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
  }
}
