package dev.sessionkeys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.validate.SecretDocument;
import dev.sessionkeys.core.validate.SecretValidator;
import dev.sessionkeys.manifest.SecretManifests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {

  @TempDir Path dir;

  @Test
  void printsEnvLinesByDefault() {
    Cli.Result result = Cli.run("generate");
    assertThat(result.code()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out().lines())
        .hasSize(5)
        .allMatch(line -> line.matches("[A-Z0-9_]+=[A-Za-z0-9]+"));
    assertThat(result.out())
        .containsPattern("(?m)^COOKIE_HASH_KEY=[A-Za-z0-9]{64}$")
        .containsPattern("(?m)^AES_BASE64_CYPHER_KEY=[A-Za-z0-9]{32}$");
  }

  @Test
  void everyRunIsFresh() {
    assertThat(Cli.run("generate").out()).isNotEqualTo(Cli.run("generate").out());
  }

  @Test
  void yamlIsASecretThatPassesTheCheck() throws Exception {
    Cli.Result result = Cli.run("generate", "-o", "yaml", "--secret-name", "keys", "-n", "apps");
    assertThat(result.code()).isZero();
    SecretDocument secret =
        SecretManifests.parseOne("stdout", result.out().getBytes(StandardCharsets.UTF_8));
    assertThat(secret.name()).isEqualTo("keys");
    assertThat(secret.namespace()).isEqualTo("apps");
    assertThat(SecretValidator.validate(Profile.FAIRWINDS_INSIGHTS, secret).findings()).isEmpty();
  }

  @Test
  void jsonHoldsEveryKey() {
    Cli.Result result = Cli.run("generate", "-o", "json");
    assertThat(result.code()).isZero();
    Matcher matcher = Pattern.compile("\"([A-Z0-9_]+)\":\"([A-Za-z0-9]+)\"").matcher(result.out());
    int keys = 0;
    while (matcher.find()) {
      keys++;
      int expected = Profile.FAIRWINDS_INSIGHTS.key(matcher.group(1)).orElseThrow().length();
      assertThat(matcher.group(2)).hasSize(expected);
    }
    assertThat(keys).isEqualTo(5);
  }

  @Test
  void aCustomProfileDecidesTheKeys() throws Exception {
    Path profile = dir.resolve("profile.yaml");
    Files.writeString(
        profile,
        """
        name: my-app
        secretName: my-app-secrets
        namespace: my-app
        keys:
          - {name: API_KEY, length: 40, rotation: grace}
          - {name: DATA_KEY, length: 24, rotation: reencrypt, alphabet: hex}
        """);
    // DATA_KEY: 24 hex characters are 96 bits, under the 128 a profile key needs.
    Cli.Result weak = Cli.run("generate", "--profile", profile.toString());
    assertThat(weak.code()).isEqualTo(2);
    assertThat(weak.out()).isEmpty();
    assertThat(weak.err())
        .hasLineCount(1)
        .contains(
            profile
                + ":6: key DATA_KEY holds only 96 bits of entropy (24 characters of an alphabet"
                + " of 16); keys need at least 128: make it 32 characters or more, or pass"
                + " --allow-weak");
    Cli.Result result = Cli.run("generate", "--profile", profile.toString(), "--allow-weak");
    assertThat(result.code()).isZero();
    assertThat(result.out())
        .containsPattern("(?m)^API_KEY=[A-Za-z0-9]{40}$")
        .containsPattern("(?m)^DATA_KEY=[0-9a-f]{24}$");
  }

  @Test
  void badOptionsAreUsageErrors() {
    Cli.Result badFormat = Cli.run("generate", "-o", "xml");
    assertThat(badFormat.code()).isEqualTo(2);
    assertThat(badFormat.out()).isEmpty();
    assertThat(badFormat.err()).contains("xml").contains("--help");
    Cli.Result badName = Cli.run("generate", "-o", "yaml", "--secret-name", "Not_Valid");
    assertThat(badName.code()).isEqualTo(2);
    assertThat(badName.out()).isEmpty();
    assertThat(badName.err())
        .startsWith("sessionkeys: --secret-name 'Not_Valid' is not a valid Kubernetes name");
    Cli.Result noProfile = Cli.run("generate", "--profile", dir.resolve("missing.yaml").toString());
    assertThat(noProfile.code()).isEqualTo(2);
    assertThat(noProfile.out()).isEmpty();
  }
}
