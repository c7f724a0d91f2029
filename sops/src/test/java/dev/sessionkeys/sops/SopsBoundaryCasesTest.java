package dev.sessionkeys.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edges the other tests pass by: exact limits, rare comment layouts, rare config entries. */
class SopsBoundaryCasesTest {

  @TempDir Path dir;

  private static SopsNode.Mapping yaml(String text) {
    return SopsFormat.YAML.parse(text, "t.yaml");
  }

  private static SopsNode.Mapping mapping(SopsNode node) {
    return (SopsNode.Mapping) node;
  }

  @Test
  void aDeeperCommentEndsTheInnermostOpenMapping() {
    SopsNode.Mapping root = yaml("a:\n    b:\n        c: 1\n        # note\nd: 2\n");
    SopsNode.Mapping b = mapping(mapping(root.get("a").orElseThrow()).get("b").orElseThrow());
    assertThat(b.items()).last().isEqualTo(new SopsNode.Comment(" note"));
    assertThat(mapping(root.get("a").orElseThrow()).items()).hasSize(1);
    assertThat(YamlStore.write(root)).contains("\n        # note\nd: 2\n");
  }

  @Test
  void aDeeperCommentEndsTheMappingInsideASequence() {
    SopsNode.Mapping root = yaml("a:\n    - k: v\n      # note\nb: 1\n");
    SopsNode.Sequence a = (SopsNode.Sequence) root.get("a").orElseThrow();
    assertThat(a.items()).hasSize(1);
    assertThat(mapping(a.items().get(0)).items()).last().isEqualTo(new SopsNode.Comment(" note"));
  }

  @Test
  void siblingObjectsGiveTheirLevelBack() {
    String objects = "{}, ".repeat(70) + "{\"k\": [1]}, ".repeat(70) + "[]";
    SopsNode.Mapping root = SopsFormat.JSON.parse("{\"a\": [" + objects + "]}", "t.json");
    assertThat(((SopsNode.Sequence) root.get("a").orElseThrow()).items()).hasSize(141);
  }

  @Test
  void aliasExpansionOverTheNodeLimitNamesTheLine() {
    StringBuilder text = new StringBuilder("a: &a [" + "x, ".repeat(2999) + "x]\n");
    for (int i = 0; i < 18; i++) {
      text.append("b").append(i).append(": *a\n");
    }
    // The 17th copy passes the 50,000 limit while it copies the nodes of line 1.
    assertThatThrownBy(() -> yaml(text.toString()))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> assertThat(e.reason()).isEqualTo(SopsException.Reason.INVALID_INPUT))
        .hasMessageStartingWith("t.yaml:1: holds more than 50000 values");
  }

  @Test
  void emptyOrCommentOnlyEntriesForOtherKeyTypesAreNotRules() {
    AgeRecipient r1 = AgeKeys.generate().recipient();
    String config =
        "creation_rules:\n  - age: %s\n    pgp: ''\n    gcp_kms: null\n    key_groups: {}\n    kms: []\n              # none\n    shamir_threshold:\n"
            .formatted(r1);
    SopsConfig.CreationRule rule =
        SopsConfig.ruleFor(config, dir.resolve(".sops.yaml"), dir.resolve("f.yaml"));
    assertThat(rule.recipients()).containsExactly(r1);
    assertThatThrownBy(
            () ->
                SopsConfig.ruleFor(
                    "creation_rules:\n  - key_groups: {age: [x]}\n",
                    dir.resolve(".sops.yaml"),
                    dir.resolve("f.yaml")))
        .hasMessageContaining("names key_groups, which sessionkeys cannot encrypt to");
  }

  @Test
  void anEmptyDataFieldStillSplits() {
    assertThat(ValueCipher.fields("ENC[AES256_GCM,data:,iv:a,tag:b,type:str]"))
        .containsExactly("", "a", "b", "str");
    assertThat(ValueCipher.fields("ENC[AES256_GCM,data:x,tag:b,type:str]")).isNull();
  }

  @Test
  void goNumbersAtTheirEdges() {
    assertThat(GoValues.resolvePlain("-9223372036854775809")).isEqualTo(-9.223372036854776E18);
    assertThat(GoValues.resolvePlain("0")).isEqualTo(0L);
    assertThat(GoValues.resolvePlain("0x")).isEqualTo("0x");
    assertThat(GoValues.formatFloat(0.0)).isEqualTo("0");
    assertThat(GoValues.formatFloat(-0.0)).isEqualTo("-0");
    assertThat(GoValues.formatFloat(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(GoValues.formatFloat(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    assertThat(YamlStore.formatScalar(Double.POSITIVE_INFINITY)).isEqualTo(".inf");
    assertThat(YamlStore.formatScalar(Double.NEGATIVE_INFINITY)).isEqualTo("-.inf");
  }

  @Test
  void aDataKeyIsZeroedWhenClosed() {
    byte[] bytes = new byte[32];
    java.util.Arrays.fill(bytes, (byte) 7);
    try (DataKey key = new DataKey(bytes)) {
      assertThat(key.toString()).isEqualTo("DataKey[32 bytes]");
    }
    assertThat(bytes).containsOnly(0);
  }

  @Test
  void theSelfCheckRefusesOutputThatReadsBackDifferently() {
    AgeIdentity id = AgeKeys.generate();
    EncryptOptions options = EncryptOptions.kubernetesSecret(List.of(id.recipient()));
    SopsNode.Mapping plaintext = Trees.ofStrings(Map.of("a", "b"));
    String text = Sops.encrypt(plaintext, "input", SopsFormat.YAML, options);
    SopsNode.Mapping root = SopsFormat.YAML.parse(text, "t");
    SopsMetadata metadata = SopsMetadata.parse(root.get("sops").orElseThrow(), "t");
    assertThatThrownBy(
            () ->
                Sops.selfChecked(
                    text,
                    SopsFormat.YAML,
                    Trees.ofStrings(Map.of("a", "c")),
                    Sops.unwrapDataKey(metadata, List.of(id), "t")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aLowerCaseIdentityIsRefused() {
    String secret = AgeKeys.generate().secretForKeyFile().toLowerCase(Locale.ROOT);
    assertThatThrownBy(() -> AgeIdentity.parse(secret, "keys.txt line 1"))
        .isInstanceOf(SopsException.class)
        .hasMessageNotContaining(secret);
  }
}
