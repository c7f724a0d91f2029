package dev.sessionkeys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckCommandTest {

  @TempDir Path dir;

  private Path fixture(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name)) {
      assertThat(in).as(name).isNotNull();
      Path file = dir.resolve(name);
      Files.write(file, in.readAllBytes());
      return file;
    }
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  /** Every value under data in a file, decoded: none may appear in check's output. */
  static void assertNoValueShown(Path secretFile, String output) throws IOException {
    Matcher matcher =
        Pattern.compile("(?m)^\\s+[A-Z0-9_]+:\\s+\"?([A-Za-z0-9+/=]{16,})\"?\\s*$")
            .matcher(Files.readString(secretFile));
    int values = 0;
    while (matcher.find()) {
      values++;
      String base64 = matcher.group(1);
      String plain = new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8).strip();
      assertThat(output).doesNotContain(base64).doesNotContain(plain);
    }
    assertThat(values).as("values found in %s", secretFile).isPositive();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "seed-recipe.yaml",
        "kubectl-from-literal.yaml",
        "kubectl-from-env-file.yaml",
        "helm-randalphanum.yaml"
      })
  void acceptsSecretsMadeTheThreeWaysUsersMakeThem(String name) throws IOException {
    Path file = fixture(name);
    Cli.Result result = Cli.run("check", file.toString());
    assertThat(result.code()).as(result.all()).isZero();
    assertThat(result.out())
        .contains("Secret ")
        .contains("fwinsights-secrets")
        .contains("sha256:")
        .contains("1 Secret checked: 0 errors, 0 warnings, 0 info");
    assertNoValueShown(file, result.all());
  }

  @Test
  void theDocumentationsExampleIsCompromisedExitOne() throws IOException {
    Path file = fixture("seed-page-example.yaml");
    Cli.Result result = Cli.run("check", file.toString());
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.out()).contains("compromised").contains("5 errors");
    assertNoValueShown(file, result.all());
  }

  @Test
  void jsonReportIsOneDocumentWithStableCodes() throws IOException {
    Path file = fixture("kubectl-from-echo-files.yaml");
    Cli.Result result = Cli.run("check", file.toString(), "-o", "json");
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.out().strip())
        .startsWith("{\"ok\":false,\"errors\":5,")
        .endsWith("}")
        .contains("\"code\":\"trailing-newline\"")
        .contains("\"fingerprint\":\"sha256:");
    assertThat(result.out().lines()).hasSize(1);
    assertThat(result.err()).isEmpty();
    assertNoValueShown(file, result.all());
  }

  @Test
  void severalFilesAndMultiDocumentFilesAreAllChecked() throws IOException {
    String a = Files.readString(fixture("seed-recipe.yaml"));
    String b = Files.readString(fixture("kubectl-from-literal.yaml"));
    Path multi = write("multi.yaml", a + "---\n" + b);
    Cli.Result result =
        Cli.run("check", multi.toString(), fixture("helm-randalphanum.yaml").toString());
    assertThat(result.code()).isZero();
    assertThat(result.out()).contains("3 Secrets checked: 0 errors");
  }

  @Test
  void valuesAreCrossChecked() throws IOException {
    Path secret = fixture("kubectl-from-literal.yaml");
    Path agreeing =
        write(
            "values.yaml",
            "options:\n  autogenerateKeys: false\n  secretName: fwinsights-secrets\n");
    assertThat(Cli.run("check", secret.toString(), "--values", agreeing.toString()).code())
        .isZero();

    Path autogenerate =
        write("auto.yaml", "options:\n  autogenerateKeys: true\n  secretName: other\n");
    Cli.Result result = Cli.run("check", secret.toString(), "--values", autogenerate.toString());
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.out())
        .contains("autogenerate-keys-on")
        .contains("secret-name-mismatch")
        .contains("(line 2)")
        .contains("(line 3)");
  }

  @Test
  void badInputIsExitTwoWithOneLineNamingFileAndLine() throws IOException {
    record Case(String name, String content, String expected) {}
    for (Case c :
        new Case[] {
          new Case("notyaml.yaml", "kind: Secret\ndata: [\n", "notyaml.yaml:3: is not valid YAML"),
          new Case("empty.yaml", "", "empty.yaml: is empty"),
          new Case(
              "dup.yaml",
              "kind: Secret\ndata:\n  A: dg==\n  A: dg==\n",
              "dup.yaml:4: duplicate key 'A'"),
          new Case(
              "cm.yaml",
              "kind: ConfigMap\ndata: {a: b}\n",
              "cm.yaml:1: this document is a ConfigMap"),
          new Case(
              "nodata.yaml",
              "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n",
              "nodata.yaml:1: Secret s has no data")
        }) {
      Path file = write(c.name(), c.content());
      Cli.Result result = Cli.run("check", file.toString());
      assertThat(result.code()).as(c.name()).isEqualTo(2);
      assertThat(result.out()).as(c.name()).isEmpty();
      assertThat(result.err())
          .as(c.name())
          .startsWith("sessionkeys: " + file.getParent() + "/" + c.expected())
          .doesNotContain("\tat ")
          .hasLineCount(1);
    }
  }

  @Test
  void nonUtf8AndHugeFilesAreExitTwo() throws IOException {
    Path latin1 = dir.resolve("latin1.yaml");
    Files.write(
        latin1, "kind: Secret\ndata:\n  K: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    Cli.Result result = Cli.run("check", latin1.toString());
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("latin1.yaml:3: holds bytes that are not UTF-8");

    Path huge = dir.resolve("huge.yaml");
    Files.write(huge, new byte[2 * 1024 * 1024]);
    Cli.Result big = Cli.run("check", huge.toString());
    assertThat(big.code()).isEqualTo(2);
    assertThat(big.err()).contains("larger than 1 MiB");
  }

  @Test
  void anInputErrorInAnyFileMeansNoPartialReport() throws IOException {
    Cli.Result result =
        Cli.run(
            "check",
            fixture("seed-recipe.yaml").toString(),
            dir.resolve("missing.yaml").toString());
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("missing.yaml: no such file");
  }

  @Test
  void noFileIsAUsageError() {
    Cli.Result result = Cli.run("check");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("give at least one Secret manifest");
  }
}
