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
}
