package dev.sessionkeys.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code sops:} block on fixed inputs: what is read, what is refused and why, what is written.
 */
class SopsMetadataTest {

  private static final String AGE =
      "    age:\n        - recipient: age1one\n          enc: ENC-ONE\n";
  private static final String REST =
      "    lastmodified: \"2026-01-02T03:04:05Z\"\n    mac: MAC\n    version: 3.9.4\n";

  private static SopsMetadata parse(String block) {
    SopsNode.Mapping root = SopsFormat.YAML.parse("sops:\n" + block, "f.yaml");
    return SopsMetadata.parse(root.get("sops").orElseThrow(), "f.yaml");
  }

  private static void refused(String block, SopsException.Reason reason, String message) {
    assertThatThrownBy(() -> parse(block))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.getMessage()).isEqualTo(message);
            });
  }

  private static void notSops(String block, String why) {
    refused(
        block,
        SopsException.Reason.NOT_A_SOPS_FILE,
        "f.yaml is not a SOPS file sessionkeys can read: " + why);
  }

  @Test
  void readsAMinimalBlock() {
    SopsMetadata m =
        parse(
            "    age:\n        - recipient: age1one\n          enc: ENC-ONE\n        # a comment\n"
                + "        - enc: ENC-TWO\n"
                + REST);
    assertThat(m.age())
        .containsExactly(
            new SopsMetadata.AgeEntry("age1one", "ENC-ONE"),
            new SopsMetadata.AgeEntry("", "ENC-TWO"));
    assertThat(m.lastModified()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(m.mac()).isEqualTo("MAC");
    assertThat(m.rule()).isEqualTo(EncryptionRule.defaults());
    assertThat(m.macOnlyEncrypted()).isFalse();
    assertThat(m.version()).isEqualTo("3.9.4");
  }

  @Test
  void aTrailingCommentInTheAgeListIsNotAnEntry() {
    SopsMetadata m =
        parse(
            "    age:\n        - recipient: age1one\n          enc: ENC-ONE\n        # trailing\n"
                + REST);
    assertThat(m.age()).containsExactly(new SopsMetadata.AgeEntry("age1one", "ENC-ONE"));
  }

  @Test
  void macAadNeedsACheckedTime() {
    SopsMetadata unchecked =
        new SopsMetadata(List.of(), "yesterday", "", EncryptionRule.defaults(), false, "3.9.4");
    assertThatThrownBy(unchecked::macAad)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("checked in parse");
  }

  @Test
  void aMissingOrNullMacReadsAsEmpty() {
    String noMac = REST.replace("    mac: MAC\n", "");
    assertThat(parse(AGE + noMac).mac()).isEmpty();
    assertThat(parse(AGE + noMac + "    mac: null\n").mac()).isEmpty();
  }

  @Test
  void versionsAreSemverOfSops3() {
    assertThat(parse(AGE + REST.replace("3.9.4", "v3.0.0-rc.1+b")).version())
        .isEqualTo("v3.0.0-rc.1+b");
    String notAVersion =
        "' is not a version 'X.Y.Z'; the sops CLI refuses such files (set it to a quoted release"
            + " such as \"3.9.4\", or re-encrypt)";
    refused(
        AGE + REST.replace("3.9.4", "\"03.1.0\""),
        SopsException.Reason.UNSUPPORTED_VERSION,
        "f.yaml: sops.version '03.1.0" + notAVersion);
    refused(
        AGE + REST.replace("    version: 3.9.4\n", ""),
        SopsException.Reason.UNSUPPORTED_VERSION,
        "f.yaml: sops.version '" + notAVersion);
    refused(
        AGE + REST.replace("3.9.4", "v4.0.0"),
        SopsException.Reason.UNSUPPORTED_VERSION,
        "f.yaml: sops.version v4.0.0 is not a sops 3 file, the only format sessionkeys reads");
  }

  @Test
  void keyGroupsAreRefused() {
    String why =
        "it uses sops key groups (Shamir), which sessionkeys does not read; decrypt it with sops";
    notSops(AGE + REST + "    shamir_threshold: 2\n", why);
    notSops(AGE + REST + "    key_groups: []\n", why);
  }

  @Test
  void lastModifiedMustBeAnRfc3339Time() {
    String noTime = REST.replace("    lastmodified: \"2026-01-02T03:04:05Z\"\n", "");
    notSops(AGE + noTime, "sops.lastmodified is missing");
    notSops(AGE + noTime + "    lastmodified: ~\n", "sops.lastmodified is missing");
    notSops(
        AGE + noTime + "    lastmodified: yesterday\n",
        "sops.lastmodified 'yesterday' is not an RFC 3339 time");
    notSops(
        AGE + noTime + "    lastmodified: 5\n", "sops.lastmodified must be a string (quote it)");
  }

  @Test
  void theMacAadIsLastModifiedAsGoReformatsIt() {
    assertThat(lastModified("2026-01-02T03:04:05Z").macAad()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(lastModified("2026-01-02T03:04:05.123+00:00").macAad())
        .isEqualTo("2026-01-02T03:04:05Z");
    assertThat(lastModified("2026-01-02T03:04:05-00:00").macAad())
        .isEqualTo("2026-01-02T03:04:05Z");
    assertThat(lastModified("2026-01-02T03:04:05.5+01:00").macAad())
        .isEqualTo("2026-01-02T03:04:05+01:00");
  }

  private static SopsMetadata lastModified(String value) {
    return parse(AGE + REST.replace("2026-01-02T03:04:05Z", value));
  }

  @Test
  void readsEachEncryptionRuleAndRefusesTwo() {
    for (EncryptionRule.Kind kind : EncryptionRule.Kind.values()) {
      assertThat(parse(AGE + REST + "    " + kind.metadataKey() + ": x\n").rule())
          .isEqualTo(new EncryptionRule(kind, "x"));
    }
    assertThat(parse(AGE + REST + "    encrypted_regex: \"\"\n").rule())
        .isEqualTo(EncryptionRule.defaults());
    notSops(
        AGE + REST + "    encrypted_regex: a\n    unencrypted_suffix: b\n",
        "it sets more than one of encrypted_suffix, unencrypted_suffix, encrypted_regex,"
            + " unencrypted_regex; sops allows only one");
  }

  @Test
  void commentRulesAreRefusedUnlessEmpty() {
    for (String rule : List.of("encrypted_comment_regex", "unencrypted_comment_regex")) {
      notSops(
          AGE + REST + "    " + rule + ": x\n",
          "it uses sops." + rule + ", which sessionkeys does not support; decrypt it with sops");
      assertThat(parse(AGE + REST + "    " + rule + ": \"\"\n").rule())
          .isEqualTo(EncryptionRule.defaults());
    }
  }

  @Test
  void macOnlyEncryptedIsABoolean() {
    assertThat(parse(AGE + REST + "    mac_only_encrypted: true\n").macOnlyEncrypted()).isTrue();
    assertThat(parse(AGE + REST + "    mac_only_encrypted: false\n").macOnlyEncrypted()).isFalse();
    assertThat(parse(AGE + REST + "    mac_only_encrypted: null\n").macOnlyEncrypted()).isFalse();
    notSops(
        AGE + REST + "    mac_only_encrypted: \"true\"\n",
        "sops.mac_only_encrypted must be true or false");
    notSops(
        AGE + REST + "    mac_only_encrypted: {}\n",
        "sops.mac_only_encrypted must be true or false");
  }

  @Test
  void theAgeListIsRequired() {
    String list = "sops.age must be a list of {recipient, enc}";
    notSops("    age: x\n" + REST, list);
    notSops("    age:\n        - x\n" + REST, list);
    notSops("    age:\n        - recipient: age1one\n" + REST, "an entry of sops.age has no 'enc'");
    String none = "sops lists no keys at all; the data key cannot be recovered";
    notSops(REST, none);
    notSops("    age: ~\n" + REST, none);
    notSops("    age: []\n" + REST, none);
    notSops("    age: []\n    pgp: []\n    kms: x\n" + REST, none);
    String others =
        "it has no age recipient (only pgp/kms/vault keys), and sessionkeys reads age only; add an"
            + " age recipient with 'sops updatekeys'";
    notSops("    pgp:\n        - fp: ABC\n" + REST, others);
    notSops("    hc_vault:\n        - x\n" + REST, others);
    notSops("    recipient: x\n" + REST, none); // not a key type
  }

  @Test
  void theBlockMustBeAMapping() {
    assertThatThrownBy(() -> SopsMetadata.parse(SopsNode.Scalar.of("x"), "f.yaml"))
        .hasMessage(
            "f.yaml is not a SOPS file sessionkeys can read: its top-level 'sops' entry is not a"
                + " mapping");
  }

  @Test
  void writesKeysInSopsOrderWithTheRuleWhereItSorts() {
    for (EncryptionRule.Kind kind : EncryptionRule.Kind.values()) {
      for (boolean macOnly : new boolean[] {false, true}) {
        SopsMetadata m =
            new SopsMetadata(
                List.of(new SopsMetadata.AgeEntry("age1one", "ENC")),
                "2026-01-02T03:04:05Z",
                "MAC",
                new EncryptionRule(kind, "x"),
                macOnly,
                "3.9.4");
        List<String> keys = m.toNode().entries().stream().map(SopsNode.Entry::key).toList();
        List<String> expected = new java.util.ArrayList<>(List.of("age"));
        boolean encryptedKind =
            kind == EncryptionRule.Kind.ENCRYPTED_REGEX
                || kind == EncryptionRule.Kind.ENCRYPTED_SUFFIX;
        if (encryptedKind) {
          expected.add(kind.metadataKey());
        }
        expected.addAll(List.of("lastmodified", "mac"));
        if (macOnly) {
          expected.add("mac_only_encrypted");
        }
        if (!encryptedKind) {
          expected.add(kind.metadataKey());
        }
        expected.add("version");
        assertThat(keys).as("%s %s", kind, macOnly).isEqualTo(expected);
        // And it reads back to the same metadata.
        assertThat(SopsMetadata.parse(m.toNode(), "again")).isEqualTo(m);
      }
    }
  }
}
