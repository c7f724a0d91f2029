package dev.sessionkeys.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files anyone can commit, read in bounded time and memory: the shared parse limits in both stores,
 * the linear ENC[] scanner, linear-time regexes from files, and {@code .sops.yaml} rules that would
 * silently drop a key type.
 */
class HostileInputTest {

  /**
   * Catches a hang, not a slow run: the unbounded readers took minutes to hours; on a shared,
   * loaded machine a correct run can still take a few seconds.
   */
  private static final Duration BOUND = Duration.ofSeconds(10);

  @TempDir Path dir;

  private static void refusedWith(Runnable read, String fragment) {
    assertTimeoutPreemptively(
        BOUND,
        () ->
            assertThatThrownBy(read::run)
                .isInstanceOfSatisfying(
                    SopsException.class,
                    e -> assertThat(e.reason()).isEqualTo(SopsException.Reason.INVALID_INPUT))
                .hasMessageStartingWith("t.")
                .hasMessageContaining(fragment)
                .hasMessageNotContaining("\n"));
  }

  // ------------------------------------------------------------------------------------ YAML store

  @Test
  void yamlAliasBombIsRefusedByTheAliasLimit() {
    StringBuilder bomb = new StringBuilder("a: &a [lol, lol, lol]\n");
    String previous = "a";
    for (char c = 'b'; c <= 'q'; c++) {
      bomb.append(c)
          .append(": &")
          .append(c)
          .append(" [*" + previous + ", *" + previous + ", *")
          .append(previous)
          .append("]\n");
      previous = String.valueOf(c);
    }
    refusedWith(() -> SopsFormat.YAML.parse(bomb + "sops: {}\n", "t.yaml"), "(the alias limit)");
  }

  private static String doublings(int levels) {
    StringBuilder text = new StringBuilder("a0: &a0 [" + "x, ".repeat(199) + "x]\n");
    for (int i = 1; i <= levels; i++) {
      text.append("a" + i + ": &a" + i + " [*a" + (i - 1) + ", *a" + (i - 1) + "]\n");
    }
    return text.toString();
  }

  @Test
  void aliasExpansionWithinTheAliasLimitIsBoundedByTheNodeLimit() {
    // 18 aliases, 9 doublings of 200 scalars: over 100,000 nodes once expanded, past 50,000.
    refusedWith(() -> SopsFormat.YAML.parse(doublings(9), "t.yaml"), "(the node limit)");
    // 5 doublings (about 12,800 nodes) are fine.
    assertThat(SopsFormat.YAML.parse(doublings(5), "t.yaml").items()).hasSize(6);
  }

  @Test
  void deepYamlIsADepthErrorNotAStackOverflow() {
    refusedWith(
        () -> SopsFormat.YAML.parse("a: " + "[".repeat(100_000) + "]".repeat(100_000), "t.yaml"),
        "is nested more than 64 levels deep (the nesting limit)");
    // The root mapping is level 1: 63 more levels are accepted, 64 are not.
    assertThat(SopsFormat.YAML.parse("a: " + "[".repeat(63) + "]".repeat(63), "t.yaml").items())
        .hasSize(1);
    refusedWith(
        () -> SopsFormat.YAML.parse("a: " + "[".repeat(64) + "]".repeat(64), "t.yaml"),
        "(the nesting limit)");
  }

  @Test
  void aliasesCannotStackDepthBeyondTheLimit() {
    // Each level nests the previous anchor once more: the composed tree is shallow, the expanded
    // one is deep.
    StringBuilder text = new StringBuilder("a0: &a0 " + "[".repeat(40) + "]".repeat(40) + "\n");
    text.append("a1: &a1 " + "[".repeat(40) + "*a0" + "]".repeat(40) + "\n");
    refusedWith(() -> SopsFormat.YAML.parse(text.toString(), "t.yaml"), "(the nesting limit)");
  }

  @Test
  void oversizedTextIsRefusedBeforeParsing() {
    String big = "a: " + "x".repeat(1024 * 1024);
    refusedWith(
        () -> SopsFormat.YAML.parse(big, "t.yaml"), "is larger than 1 MiB (the input size limit)");
    refusedWith(
        () -> SopsFormat.JSON.parse("{\"a\": \"" + big + "\"}", "t.json"),
        "(the input size limit)");
  }

  @Test
  void aLongScalarIsReadInOnePass() {
    String value = "x".repeat(1000 * 1000);
    assertTimeoutPreemptively(
        BOUND,
        () ->
            assertThat(SopsNode.toJava(SopsFormat.YAML.parse("a: " + value + "\n", "t.yaml")))
                .isEqualTo(java.util.Map.of("a", value)));
  }

  // ------------------------------------------------------------------------------------ JSON store

  @Test
  void deepJsonIsADepthErrorNotAStackOverflow() {
    refusedWith(
        () ->
            SopsFormat.JSON.parse(
                "{\"a\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}", "t.json"),
        "is nested more than 64 levels deep (the nesting limit)");
    refusedWith(
        () -> SopsFormat.JSON.parse("{\"a\": " + "{\"b\": ".repeat(100_000), "t.json"),
        "(the nesting limit)");
    // Root object plus 63 arrays: accepted; one more is refused. Closing brackets leave a level.
    assertThat(
            SopsFormat.JSON
                .parse("{\"a\": " + "[".repeat(63) + "]".repeat(63) + "}", "t.json")
                .items())
        .hasSize(1);
    refusedWith(
        () -> SopsFormat.JSON.parse("{\"a\": " + "[".repeat(64) + "]".repeat(64) + "}", "t.json"),
        "(the nesting limit)");
    String siblings = "[[]]".repeat(1000);
    assertThat(
            SopsFormat.JSON
                .parse(
                    "{\"a\": [" + String.join(",", siblings.split("(?<=\\]\\])")) + "]}", "t.json")
                .items())
        .hasSize(1);
  }

  @Test
  void jsonWithTooManyValuesIsRefused() {
    StringBuilder json = new StringBuilder("{\"a\": [");
    for (int i = 0; i < 60_000; i++) {
      json.append(i == 0 ? "" : ",").append(i % 2 == 0 ? "1" : "\"s\"");
    }
    refusedWith(() -> SopsFormat.JSON.parse(json + "]}", "t.json"), "(the node limit)");
    assertThat(SopsFormat.JSON.parse("{\"a\": [1, \"s\", true, null, {}]}", "t.json").items())
        .hasSize(1);
  }

  // ------------------------------------------------------------------------------------ ENC[]
  // scanner

  private static final Pattern SOPS_ENC =
      Pattern.compile("^ENC\\[AES256_GCM,data:(.*),iv:(.*),tag:(.*),type:(.*)\\]$", Pattern.DOTALL);

  @Test
  void encScannerSplitsAsSopsGreedyRegexDoes() {
    Random random = new Random(13);
    String[] pieces = {",iv:", ",tag:", ",type:", "]", "A", ",", ":", "\n", "ENC[AES256_GCM,data:"};
    for (int n = 0; n < 20_000; n++) {
      StringBuilder text = new StringBuilder(random.nextBoolean() ? "ENC[AES256_GCM,data:" : "");
      int length = random.nextInt(9);
      for (int i = 0; i < length; i++) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      if (random.nextBoolean()) {
        text.append(']');
      }
      Matcher m = SOPS_ENC.matcher(text);
      String[] fields = ValueCipher.fields(text.toString());
      if (m.matches()) {
        assertThat(fields)
            .as(text.toString())
            .containsExactly(m.group(1), m.group(2), m.group(3), m.group(4));
      } else {
        assertThat(fields).as(text.toString()).isNull();
      }
    }
  }

  @Test
  void encScannerEdgeCases() {
    assertThat(ValueCipher.fields("ENC[AES256_GCM,data:,iv:,tag:,type:]"))
        .containsExactly("", "", "", "");
    assertThat(ValueCipher.fields("ENC[AES256_GCM,data:d,iv:i,tag:t,type:str]"))
        .containsExactly("d", "i", "t", "str");
    assertThat(ValueCipher.fields("ENC[AES256_GCM,data:d,iv:i,tag:t,type:str")).isNull();
    assertThat(ValueCipher.fields("ENC[AES256_GCM,data:d,iv:i,type:str]")).isNull();
    assertThat(ValueCipher.fields("ENC[AES256_GCM,data:d,tag:t,type:str]")).isNull();
    assertThat(ValueCipher.fields("ENC[AES256_GCM,data:d,iv:i,tag:t]")).isNull();
    assertThat(ValueCipher.fields("ENC[AES256_GCM,data,iv:i,tag:t,type:str]")).isNull();
    assertThat(ValueCipher.fields("ENC[AES256_GCM,data:,type:,tag:,iv:]")).isNull();
    assertThat(ValueCipher.fields("ENC[AES256_GCM,data:,iv:,tag:,type:]")).isNotNull();
    assertThat(ValueCipher.fields("x")).isNull();
  }

  @Test
  void craftedEncValuesParseInLinearTime() {
    String evil = "ENC[AES256_GCM,data:" + ",iv:,tag:,type:".repeat(50_000) + "x";
    assertTimeoutPreemptively(BOUND, () -> assertThat(ValueCipher.parse(evil)).isEmpty());
  }

  // ------------------------------------------------------------------------------------ regexes
  // from files

  @Test
  void encryptedRegexFromAFileRunsInLinearTime() {
    EncryptionRule rule = new EncryptionRule(EncryptionRule.Kind.ENCRYPTED_REGEX, "((a+)+)+$");
    String key = "a".repeat(5_000) + "!";
    assertTimeoutPreemptively(BOUND, () -> assertThat(rule.encrypts(List.of(key))).isFalse());
    assertThat(rule.encrypts(List.of("aaa"))).isTrue();
    EncryptionRule unencrypted =
        new EncryptionRule(EncryptionRule.Kind.UNENCRYPTED_REGEX, "(x+x+)+y");
    assertTimeoutPreemptively(
        BOUND, () -> assertThat(unencrypted.encrypts(List.of("x".repeat(5_000)))).isTrue());
  }

  @Test
  void regexSyntaxIsRe2s() {
    // Backreferences and lookarounds are not RE2 (nor Go): refused as sops would refuse them.
    assertThatThrownBy(() -> new EncryptionRule(EncryptionRule.Kind.ENCRYPTED_REGEX, "(a)\\1"))
        .isInstanceOf(SopsException.class)
        .hasMessageContaining("encrypted_regex '(a)\\1' is not a valid regular expression");
    assertThatThrownBy(() -> new EncryptionRule(EncryptionRule.Kind.ENCRYPTED_REGEX, "(?=a)"))
        .isInstanceOf(SopsException.class);
  }

  @Test
  void pathRegexFromSopsYamlRunsInLinearTime() {
    Path file = dir.resolve("a".repeat(200) + "!.yaml");
    String config = "creation_rules:\n  - path_regex: ((a+)+)+$\n    age: x\n  - age: \"\"\n";
    assertTimeoutPreemptively(
        BOUND,
        () ->
            assertThat(SopsConfig.ruleFor(config, dir.resolve(".sops.yaml"), file).recipients())
                .isEmpty());
  }

  // ------------------------------------------------------------------------------------ .sops.yaml

  @Test
  void sopsYamlIsSearchedOnlyUpToTheGitRoot() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Path nested = Files.createDirectories(repo.resolve("deploy/prod"));
    Files.writeString(dir.resolve(".sops.yaml"), "creation_rules:\n  - age: \"\"\n");
    Files.createDirectories(repo.resolve(".git"));
    assertThat(SopsConfig.locate(nested.resolve("s.enc.yaml"))).isEmpty();
    assertThat(SopsConfig.find(nested.resolve("s.enc.yaml"))).isEmpty();
    // The root's own .sops.yaml is found, from any depth below it.
    Files.writeString(repo.resolve(".sops.yaml"), "creation_rules:\n  - age: \"\"\n");
    assertThat(SopsConfig.locate(nested.resolve("s.enc.yaml")))
        .contains(repo.resolve(".sops.yaml"));
    // A worktree or submodule has a .git file, not a folder: also a root.
    Path worktree = Files.createDirectories(repo.resolve("wt"));
    Files.writeString(worktree.resolve(".git"), "gitdir: ../.git/worktrees/wt\n");
    assertThat(SopsConfig.locate(worktree.resolve("s.enc.yaml"))).isEmpty();
    // Outside any work tree the search goes on upward, as sops does.
    Path plain = Files.createDirectories(dir.resolve("plain/a"));
    assertThat(SopsConfig.locate(plain.resolve("s.enc.yaml"))).contains(dir.resolve(".sops.yaml"));
  }

  @Test
  void rulesNamingKeyTypesWeCannotWriteAreRefusedNotDropped() {
    String age = AgeKeys.generate().recipient().toString();
    Path config = dir.resolve(".sops.yaml");
    Path file = dir.resolve("s.enc.yaml");
    assertThatThrownBy(
            () ->
                SopsConfig.ruleFor(
                    "creation_rules:\n  - kms: arn:aws:kms:eu-west-1:1:key/x\n    age: "
                        + age
                        + "\n",
                    config,
                    file))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> assertThat(e.reason()).isEqualTo(SopsException.Reason.INVALID_INPUT))
        .hasMessage(
            config
                + " creation_rules[0] names kms besides age, which sessionkeys cannot encrypt to (it"
                + " writes age recipients only), so a file written from this rule would be readable"
                + " by fewer people than it says; encrypt with sops, or pass the recipients with"
                + " --age");
    assertThatThrownBy(
            () ->
                SopsConfig.ruleFor(
                    "creation_rules:\n  - key_groups:\n      - age:\n          - " + age + "\n",
                    config,
                    file))
        .hasMessageContaining("creation_rules[0] names key_groups, which sessionkeys cannot");
    assertThatThrownBy(
            () ->
                SopsConfig.ruleFor(
                    "creation_rules:\n  - pgp: ABC, DEF\n    gcp_kms: [x]\n    age: " + age + "\n",
                    config,
                    file))
        .hasMessageContaining("names pgp, gcp_kms besides age");
    // Empty entries (as sops writes them) say nothing and are fine.
    SopsConfig.CreationRule rule =
        SopsConfig.ruleFor(
            "creation_rules:\n  - kms: \"\"\n    pgp: []\n    hc_vault_transit_uri:\n    key_groups: {}\n"
                + "    age: "
                + age
                + "\n",
            config,
            file);
    assertThat(rule.recipients()).hasSize(1);
  }
}
