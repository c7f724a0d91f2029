package dev.sessionkeys.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .sops.yaml found upward from the output file; first matching creation rule wins. */
class SopsConfigTest {

  @TempDir Path dir;

  private final AgeRecipient r1 = AgeKeys.generate().recipient();
  private final AgeRecipient r2 = AgeKeys.generate().recipient();
  private final AgeRecipient r3 = AgeKeys.generate().recipient();

  @Test
  void findsTheNearestConfigUpwardAndTheFirstMatchingRule() throws Exception {
    Files.writeString(
        dir.resolve(".sops.yaml"),
        """
                creation_rules:
                  # production secrets
                  - path_regex: prod/.*\\.enc\\.yaml$
                    age: %s, %s
                    encrypted_regex: ^(data|stringData)$
                  - age: >-
                      %s
                """
            .formatted(r1, r2, r3));
    Path nested = dir.resolve("prod/eu/secrets.enc.yaml");
    Files.createDirectories(nested.getParent());

    SopsConfig.CreationRule prod = SopsConfig.find(nested).orElseThrow();
    assertThat(prod.configFile()).isEqualTo(dir.resolve(".sops.yaml"));
    assertThat(prod.recipients()).containsExactly(r1, r2);
    assertThat(prod.rule()).isEqualTo(EncryptionRule.kubernetesSecret());

    SopsConfig.CreationRule other =
        SopsConfig.find(dir.resolve("dev/secrets.enc.yaml")).orElseThrow();
    assertThat(other.recipients()).containsExactly(r3);
    assertThat(other.rule()).isEqualTo(EncryptionRule.defaults());
  }

  @Test
  void noConfigMeansNoRule() {
    Path file = dir.resolve("a/b/secrets.enc.yaml");
    for (Path p = dir; p != null; p = p.getParent()) {
      org.junit.jupiter.api.Assumptions.assumeFalse(
          Files.exists(p.resolve(".sops.yaml")),
          "a .sops.yaml above the temp dir (" + p + ") makes this check meaningless here");
    }
    assertThat(SopsConfig.find(file)).isEmpty();
  }

  @Test
  void aConfigWithoutAMatchingRuleIsAnErrorLikeSops() throws Exception {
    Files.writeString(
        dir.resolve(".sops.yaml"),
        "creation_rules:\n  - path_regex: ^prod/\n    age: " + r1 + "\n");
    assertThatThrownBy(() -> SopsConfig.find(dir.resolve("dev.enc.yaml")))
        .isInstanceOfSatisfying(
            SopsException.class,
            e ->
                assertThat(e.getMessage())
                    .contains(".sops.yaml has no creation rule matching 'dev.enc.yaml'")
                    .contains("--age"));
  }

  @Test
  void aBadRecipientInTheConfigIsNamed() throws Exception {
    Files.writeString(dir.resolve(".sops.yaml"), "creation_rules:\n  - age: age1nope\n");
    assertThatThrownBy(() -> SopsConfig.find(dir.resolve("x.yaml")))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SopsException.Reason.INVALID_KEY);
              assertThat(e.getMessage()).contains("'age1nope' is not an age X25519 recipient");
            });
  }

  @Test
  void ageMayAlsoBeAList() {
    SopsConfig.CreationRule rule =
        SopsConfig.ruleFor(
            "creation_rules:\n  - age:\n      - "
                + r1
                + "\n      - "
                + r2
                + "\n    mac_only_encrypted: true\n    unencrypted_regex: ^kind$\n",
            dir.resolve(".sops.yaml"),
            dir.resolve("f.yaml"));
    assertThat(rule.recipients()).isEqualTo(List.of(r1, r2));
    assertThat(rule.macOnlyEncrypted()).isTrue();
    assertThat(rule.rule())
        .isEqualTo(new EncryptionRule(EncryptionRule.Kind.UNENCRYPTED_REGEX, "^kind$"));
  }

  private SopsConfig.CreationRule rule(String config, String file) {
    return SopsConfig.ruleFor(config, dir.resolve(".sops.yaml"), dir.resolve(file));
  }

  private void refused(String config, String message) {
    assertThatThrownBy(() -> rule(config, "f.yaml"))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SopsException.Reason.INVALID_INPUT);
              assertThat(e.getMessage()).isEqualTo(dir.resolve(".sops.yaml") + " " + message);
            });
  }

  @Test
  void malformedConfigsAreNamedPrecisely() {
    refused("other: 1\n", "has no 'creation_rules' list");
    // A trailing comment in the list is not a rule either.
    refused(
        "creation_rules:\n  - path_regex: nomatch\n  # trailing\n",
        "has no creation rule matching 'f.yaml'; add one (with path_regex and age), or pass the"
            + " recipients with --age");
    refused("creation_rules: x\n", "'creation_rules' must be a list");
    // Comments are not rules: the second rule is index 1.
    refused(
        "creation_rules:\n  # first\n  - path_regex: nomatch\n  - x\n",
        "creation_rules[1] must be a mapping");
    refused(
        "creation_rules:\n  - age:\n      # mine\n      - 5\n",
        "creation_rules[0] 'age' must list age1... recipients");
    refused(
        "creation_rules:\n  - age: 5\n",
        "creation_rules[0] 'age' must be a comma-separated string of age1... recipients");
    refused(
        "creation_rules:\n  - encrypted_regex: a\n    unencrypted_suffix: b\n",
        "creation_rules[0] sets more than one of encrypted_suffix, unencrypted_suffix,"
            + " encrypted_regex, unencrypted_regex; keep one");
    refused(
        "creation_rules:\n  - path_regex: 5\n", "creation_rules[0] 'path_regex' must be a string");
    assertThatThrownBy(() -> rule("creation_rules:\n  - path_regex: \"(\"\n", "f.yaml"))
        .hasMessageStartingWith(
            dir.resolve(".sops.yaml")
                + " creation_rules[0] path_regex '(' is not a valid regular expression: ");
  }

  @Test
  void pathRegexesAreSearchedInThePathRelativeToTheConfig() {
    String config =
        "creation_rules:\n  - path_regex: ^sub/.*enc\n    age: %s\n  - path_regex: ~\n    age: %s\n"
            .formatted(r1, r2);
    assertThat(rule(config, "sub/a.enc.yaml").recipients()).containsExactly(r1);
    assertThat(rule(config, "x/sub/a.enc.yaml").recipients()).containsExactly(r2);
    String searched = "creation_rules:\n  - path_regex: enc\n    age: %s\n".formatted(r1);
    assertThat(rule(searched, "a/b.enc.yaml").recipients()).containsExactly(r1);
    // A file outside the config's folder is matched by its absolute path.
    Path outside = dir.getParent().resolve("elsewhere/s.yaml").toAbsolutePath().normalize();
    String absolute =
        "creation_rules:\n  - path_regex: ^%s$\n    age: %s\n"
            .formatted(java.util.regex.Pattern.quote(outside.toString()), r1);
    assertThat(SopsConfig.ruleFor(absolute, dir.resolve(".sops.yaml"), outside).recipients())
        .containsExactly(r1);
  }

  @Test
  void recipientsMacOnlyAndOptions() {
    SopsConfig.CreationRule rule =
        rule(
            "creation_rules:\n  - age: \"%s,, %s , \"\n    mac_only_encrypted: \"true\"\n"
                .formatted(r1, r2),
            "f.yaml");
    assertThat(rule.recipients()).containsExactly(r1, r2);
    assertThat(rule.macOnlyEncrypted()).isFalse();
    assertThat(rule("creation_rules:\n  - age: ~\n", "f.yaml").recipients()).isEmpty();
    assertThat(rule("creation_rules:\n  - encrypted_suffix: ~\n", "f.yaml").rule())
        .isEqualTo(EncryptionRule.defaults());
    java.time.Clock clock = java.time.Clock.systemUTC();
    EncryptOptions options =
        rule(
                "creation_rules:\n  - age: %s\n    mac_only_encrypted: true\n    encrypted_suffix: _s\n"
                    .formatted(r3),
                "f.yaml")
            .toOptions(clock);
    assertThat(options)
        .isEqualTo(
            new EncryptOptions(
                List.of(r3),
                new EncryptionRule(EncryptionRule.Kind.ENCRYPTED_SUFFIX, "_s"),
                true,
                clock));
  }
}
