package dev.sessionkeys.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.validate.Finding;
import dev.sessionkeys.core.validate.FindingCode;
import dev.sessionkeys.core.validate.SecretDocument;
import dev.sessionkeys.core.validate.SecretValidator;
import dev.sessionkeys.core.validate.ValidationReport;
import dev.sessionkeys.manifest.ManifestException.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretManifestsTest {

  @TempDir Path dir;

  static byte[] fixture(String name) {
    try (InputStream in = SecretManifestsTest.class.getResourceAsStream("/fixtures/" + name)) {
      assertThat(in).as("fixture %s", name).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private Path write(String name, String text) throws IOException {
    return write(name, text.getBytes(StandardCharsets.UTF_8));
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  /** Every Secret in {@code file}, read as the commands read files. */
  private static List<SecretDocument> readAll(Path file) {
    return SecretManifests.parse(file.toString(), SecretManifests.bytesOf(file));
  }

  /** The one Secret in {@code file}, read as the commands read files. */
  private static SecretDocument readOne(Path file) {
    return SecretManifests.parseOne(file.toString(), SecretManifests.bytesOf(file));
  }

  private static ManifestException.Problem problemOf(Runnable action) {
    try {
      action.run();
    } catch (ManifestException e) {
      return e.problem();
    }
    throw new AssertionError("no ManifestException");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "seed-recipe.yaml",
        "kubectl-from-literal.yaml",
        "kubectl-from-env-file.yaml",
        "helm-randalphanum.yaml"
      })
  void secretsMadeTheWaysUsersMakeThemPassTheCheck(String fixture) throws IOException {
    SecretDocument secret = readOne(write(fixture, fixture(fixture)));
    assertThat(secret.name()).isEqualTo("fwinsights-secrets");
    ValidationReport report = SecretValidator.validate(Profile.FAIRWINDS_INSIGHTS, secret);
    assertThat(report.findings()).isEmpty();
    assertThat(report.values().size()).isEqualTo(5);
  }

  @Test
  void kubectlFromEchoedFilesIsReportedAsTrailingNewlines() throws IOException {
    SecretDocument secret = readOne(write("f.yaml", fixture("kubectl-from-echo-files.yaml")));
    ValidationReport report = SecretValidator.validate(Profile.FAIRWINDS_INSIGHTS, secret);
    assertThat(report.findings())
        .extracting(Finding::code)
        .containsOnly(FindingCode.TRAILING_NEWLINE)
        .hasSize(5);
  }

  @Test
  void theDocumentationsExampleIsCompromised() throws IOException {
    SecretDocument secret = readOne(write("f.yaml", fixture("seed-page-example.yaml")));
    ValidationReport report = SecretValidator.validate(Profile.FAIRWINDS_INSIGHTS, secret);
    assertThat(report.findings())
        .extracting(Finding::code)
        .containsOnly(FindingCode.COMPROMISED)
        .hasSize(5);
  }

  @Test
  void readsFieldsWithLineNumbers() throws IOException {
    SecretDocument secret = readOne(write("f.yaml", fixture("helm-randalphanum.yaml")));
    assertThat(secret.source()).endsWith("f.yaml");
    assertThat(secret.line()).isEqualTo(3);
    assertThat(secret.apiVersion()).isEqualTo("v1");
    assertThat(secret.kind()).isEqualTo("Secret");
    assertThat(secret.type()).isEqualTo("Opaque");
    assertThat(secret.namespace()).isNull();
    assertThat(secret.labels()).containsEntry("app.kubernetes.io/managed-by", "Helm");
    assertThat(secret.annotations()).containsEntry("meta.helm.sh/release-name", "insights");
    assertThat(secret.data().keySet())
        .containsExactly(
            "COOKIE_HASH_KEY",
            "COOKIE_BLOCK_KEY",
            "SESSION_AUTH_KEY",
            "SESSION_ENCRYPTION_KEY",
            "AES_BASE64_CYPHER_KEY");
    assertThat(secret.data().get("COOKIE_HASH_KEY").line()).isEqualTo(17);
    assertThat(secret.data().get("AES_BASE64_CYPHER_KEY").line()).isEqualTo(21);
  }

  @Test
  void crlfLineEndingsReadTheSame() throws IOException {
    String lf = new String(fixture("kubectl-from-literal.yaml"), StandardCharsets.UTF_8);
    SecretDocument unix = readOne(write("lf.yaml", lf));
    SecretDocument windows = readOne(write("crlf.yaml", lf.replace("\n", "\r\n")));
    assertThat(windows.data()).isEqualTo(unix.data());
    assertThat(windows.namespace()).isEqualTo("fairwinds-insights");
    assertThat(SecretValidator.validate(Profile.FAIRWINDS_INSIGHTS, windows).findings()).isEmpty();
  }

  @Test
  void multiDocumentFilesAndListsYieldEverySecretInOrder() throws IOException {
    String one = new String(fixture("seed-recipe.yaml"), StandardCharsets.UTF_8);
    String two = new String(fixture("helm-randalphanum.yaml"), StandardCharsets.UTF_8);
    Path file = write("multi.yaml", one + "---\n" + two + "---\n# trailing comment only\n");
    List<SecretDocument> secrets = readAll(file);
    assertThat(secrets).hasSize(2);
    assertThat(secrets.get(1).line()).isEqualTo(one.split("\n").length + 4);

    Path list =
        write(
            "list.yaml",
            """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: Secret
          metadata: {name: a}
          data: {K: dg==}
        - apiVersion: v1
          kind: Secret
          metadata: {name: b}
          stringData: {K: v}
        """);
    assertThat(readAll(list)).extracting(SecretDocument::name).containsExactly("a", "b");
  }

  @Test
  void severalSecretsWhereOneIsExpectedAreRefusedNamingThem() throws IOException {
    String one = new String(fixture("seed-recipe.yaml"), StandardCharsets.UTF_8);
    Path file = write("two.yaml", one + "---\n" + one);
    assertThatThrownBy(() -> readOne(file))
        .isInstanceOfSatisfying(
            ManifestException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.SEVERAL_SECRETS);
              assertThat(e.line()).isEqualTo(13);
            })
        .hasMessageContaining("two.yaml:13: holds 2 Secrets");
  }

  @Test
  void anEmptyListWhereOneSecretIsExpectedIsRefusedWithItsReason() {
    // Not an IndexOutOfBoundsException: a List with no items holds no Secret to read.
    byte[] list = "apiVersion: v1\nkind: List\nitems: []\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> SecretManifests.parseOne("list.yaml", list))
        .isInstanceOfSatisfying(
            ManifestException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NO_DATA))
        .hasMessage(
            "list.yaml:1: holds no Secret (a List without items); give a file with one Secret");
  }

  @Test
  void notYamlNamesFileAndLine() throws IOException {
    Path file = write("bad.yaml", "apiVersion: v1\nkind: Secret\ndata:\n  A: [unclosed\n  B: x\n");
    assertThatThrownBy(() -> readAll(file))
        .isInstanceOfSatisfying(
            ManifestException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_YAML))
        .hasMessageMatching(".*bad\\.yaml:\\d+: is not valid YAML: .*")
        .hasMessageNotContaining("\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\n\n", "# only a comment\n", "---\n---\n", "~\n"})
  void emptyFilesAreRefused(String text) throws IOException {
    Path file = write("empty.yaml", text);
    assertThat(problemOf(() -> readAll(file))).isEqualTo(Problem.EMPTY);
  }

  @Test
  void filesOverOneMebibyteAreRefusedBeforeParsing() throws IOException {
    byte[] big = new byte[ParseLimits.DEFAULT.maxBytes() + 1];
    java.util.Arrays.fill(big, (byte) '#');
    Path file = write("big.yaml", big);
    assertThatThrownBy(() -> readAll(file))
        .isInstanceOfSatisfying(
            ManifestException.class, e -> assertThat(e.problem()).isEqualTo(Problem.TOO_LARGE))
        .hasMessageContaining("big.yaml: is larger than 1 MiB");
    // Exactly the limit is fine as far as size goes (it is then empty: only comments).
    Path limit = write("limit.yaml", java.util.Arrays.copyOf(big, ParseLimits.DEFAULT.maxBytes()));
    assertThat(problemOf(() -> readAll(limit))).isEqualTo(Problem.EMPTY);
  }

  @Test
  void aliasBombIsRefusedQuickly() throws IOException {
    StringBuilder bomb =
        new StringBuilder(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char p = (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        bomb.append(i == 0 ? "" : ",").append('*').append(p);
      }
      bomb.append("]\n");
    }
    bomb.append("kind: Secret\ndata: {K: dg==}\n");
    Path file = write("bomb.yaml", bomb.toString());
    long start = System.nanoTime();
    assertThatThrownBy(() -> readAll(file))
        .isInstanceOfSatisfying(
            ManifestException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.TOO_MANY_ALIASES))
        .hasMessageContaining("bomb.yaml:");
    assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
  }

  @Test
  void duplicateKeysAreRefusedWithBothLines() throws IOException {
    Path file =
        write("dup.yaml", "apiVersion: v1\nkind: Secret\ndata:\n  K: dg==\n  L: dg==\n  K: dw==\n");
    assertThatThrownBy(() -> readAll(file))
        .isInstanceOfSatisfying(
            ManifestException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.DUPLICATE_KEY);
              assertThat(e.line()).isEqualTo(6);
            })
        .hasMessageContaining("dup.yaml:6: duplicate key 'K' (first on line 4)");
  }

  @Test
  void nonUtf8BytesAreRefusedWithTheirLine() throws IOException {
    byte[] bytes =
        "apiVersion: v1\nkind: Secret\ndata:\n  K: caf\u00e9\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    Path file = write("latin1.yaml", bytes);
    assertThatThrownBy(() -> readAll(file))
        .isInstanceOfSatisfying(
            ManifestException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.NOT_UTF8);
              assertThat(e.line()).isEqualTo(4);
            })
        .hasMessageContaining("latin1.yaml:4: holds bytes that are not UTF-8");
  }

  @Test
  void aByteOrderMarkIsAccepted() throws IOException {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body = fixture("seed-recipe.yaml");
    byte[] both = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, both, 0, 3);
    System.arraycopy(body, 0, both, 3, body.length);
    assertThat(readOne(write("bom.yaml", both)).name()).isEqualTo("fwinsights-secrets");
  }

  @Test
  void documentsThatAreNotSecretsAreRefused() throws IOException {
    Path configMap =
        write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: b}\n");
    assertThatThrownBy(() -> readAll(configMap))
        .isInstanceOfSatisfying(
            ManifestException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_A_SECRET))
        .hasMessageContaining("cm.yaml:1: this document is a ConfigMap, not a Secret");
    Path scalar = write("scalar.yaml", "just some text\n");
    assertThat(problemOf(() -> readAll(scalar))).isEqualTo(Problem.NOT_AN_OBJECT);
    Path list = write("seq.yaml", "- a\n- b\n");
    assertThat(problemOf(() -> readAll(list))).isEqualTo(Problem.NOT_AN_OBJECT);
  }

  @Test
  void aSecretWithoutDataIsRefused() throws IOException {
    Path none =
        write("nodata.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ntype: Opaque\n");
    assertThatThrownBy(() -> readAll(none))
        .isInstanceOfSatisfying(
            ManifestException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NO_DATA))
        .hasMessageContaining("nodata.yaml:1: Secret s has no data");
    Path empty =
        write("emptydata.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata: {}\n");
    assertThat(problemOf(() -> readAll(empty))).isEqualTo(Problem.NO_DATA);
  }

  @Test
  void aDataValueThatIsNotAStringIsRefused() throws IOException {
    Path file = write("nested.yaml", "kind: Secret\ndata:\n  K:\n    nested: map\n");
    assertThatThrownBy(() -> readAll(file))
        .isInstanceOfSatisfying(
            ManifestException.class, e -> assertThat(e.problem()).isEqualTo(Problem.BAD_FIELD))
        .hasMessageContaining("nested.yaml:4:");
  }

  @Test
  void missingFilesAndDirectoriesAreInputErrors() {
    assertThat(problemOf(() -> readAll(dir.resolve("nope.yaml")))).isEqualTo(Problem.NOT_READABLE);
    assertThat(problemOf(() -> readAll(dir))).isEqualTo(Problem.NOT_READABLE);
  }

  @Test
  void messagesNeverQuoteFileContent() throws IOException {
    // A broken line holding a key must not come back in the error (the parser's snippet would show
    // it).
    Path file = write("leak.yaml", "kind: Secret\ndata:\n  K: \"SuperSecretValue123\n");
    assertThatThrownBy(() -> readAll(file)).hasMessageNotContaining("SuperSecretValue123");
  }
}
