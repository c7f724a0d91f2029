package dev.sessionkeys.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The entry point and the small value types on fixed inputs: fresh keys and IVs, data-key checks,
 * which age failure is reported, files, and the validation of nodes, rules and recipients.
 */
class SopsEdgeCasesTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
  private static final AgeIdentity ME = AgeKeys.generate();
  private static final AgeIdentity OTHER = AgeKeys.generate();

  @TempDir Path dir;

  private static EncryptOptions options(AgeIdentity... to) {
    return new EncryptOptions(
        Arrays.stream(to).map(AgeIdentity::recipient).toList(),
        EncryptionRule.kubernetesSecret(),
        false,
        CLOCK);
  }

  private static String secret() {
    return "kind: Secret\ndata:\n    K: value\n";
  }

  private static byte[] dataKeyOf(String text, AgeIdentity identity) {
    SopsMetadata metadata =
        SopsMetadata.parse(SopsFormat.YAML.parse(text, "t").get("sops").orElseThrow(), "t");
    AgeFiles.Opened opened =
        AgeFiles.decryptArmored(metadata.age().get(0).enc(), List.of(identity));
    assertThat(opened).isInstanceOf(AgeFiles.Opened.Ok.class);
    return ((AgeFiles.Opened.Ok) opened).plaintext();
  }

  // ------------------------------------------------------------------------------------------------ Sops

  @Test
  void everyFileGetsAFreshRandomDataKey() {
    byte[] first = dataKeyOf(Sops.encrypt(secret(), "s.yaml", SopsFormat.YAML, options(ME)), ME);
    byte[] second = dataKeyOf(Sops.encrypt(secret(), "s.yaml", SopsFormat.YAML, options(ME)), ME);
    assertThat(first).hasSize(32).isNotEqualTo(new byte[32]).isNotEqualTo(second);
  }

  @Test
  void everyValueGetsAFreshRandomIv() {
    ValueCipher cipher = new ValueCipher(new byte[32], new SecureRandom());
    ValueCipher.Encrypted a = ValueCipher.parse(cipher.encrypt(new byte[] {1}, "str", "k:")).get();
    ValueCipher.Encrypted b = ValueCipher.parse(cipher.encrypt(new byte[] {1}, "str", "k:")).get();
    assertThat(a.iv()).hasSize(32).isNotEqualTo(new byte[32]).isNotEqualTo(b.iv());
    assertThat(a.data()).isNotEqualTo(b.data());
  }

  @Test
  void jsonOutputHashesAndEncryptsNumbersAsFloats() {
    SopsNode.Mapping tree = (SopsNode.Mapping) Trees.fromJava(Map.of("data", Map.of("n", 3)));
    String json = Sops.encrypt(tree, "input", SopsFormat.JSON, options(ME));
    assertThat(json).startsWith("{\n    \"data\": {\n        \"n\": \"ENC[AES256_GCM,data:");
    assertThat(json).contains(",type:float]\"");
    SopsDocument back = Sops.decrypt(json, "s.json", () -> List.of(ME));
    assertThat(back.format()).isEqualTo(SopsFormat.JSON);
    assertThat(back.toText()).isEqualTo("{\n    \"data\": {\n        \"n\": 3\n    }\n}\n");
    assertThat(SopsNode.toJava(back.tree())).isEqualTo(Map.of("data", Map.of("n", 3.0)));
    // The same plaintext as text goes through the JSON store too.
    String again = Sops.encrypt("{\"data\": {\"n\": 3}}", "p.json", SopsFormat.JSON, options(ME));
    assertThat(SopsNode.toJava(Sops.decrypt(again, "s.json", () -> List.of(ME)).tree()))
        .isEqualTo(Map.of("data", Map.of("n", 3.0)));
  }

  @Test
  void anInMemoryTreeEncryptsToYamlWithTheGivenClock() {
    SopsNode.Mapping tree = SopsFormat.YAML.parse(secret(), "t");
    Clock later = Clock.fixed(Instant.parse("2027-05-06T07:08:09.999Z"), ZoneOffset.UTC);
    String text =
        Sops.encrypt(
            tree,
            "input",
            SopsFormat.YAML,
            new EncryptOptions(
                List.of(ME.recipient()), EncryptionRule.kubernetesSecret(), false, later));
    assertThat(text).startsWith("kind: Secret\ndata:\n    K: ENC[AES256_GCM,data:");
    assertThat(text).contains("    lastmodified: \"2027-05-06T07:08:09Z\"\n");
    SopsDocument doc = Sops.decrypt(text, "s.yaml", () -> List.of(ME));
    assertThat(doc.lastModified()).isEqualTo("2027-05-06T07:08:09Z");
    assertThat(doc.toText()).isEqualTo(secret());
    assertThat(doc.macOnlyEncrypted()).isFalse();
  }

  @Test
  void isSopsFileNeedsATopLevelSopsMapping() {
    assertThat(Sops.isSopsFile("sops: 3\n", SopsFormat.YAML)).isFalse();
    assertThat(Sops.isSopsFile("sops: [\n", SopsFormat.YAML)).isFalse();
    assertThat(Sops.isSopsFile("{\"sops\": {}}", SopsFormat.JSON)).isTrue();
    assertThat(Sops.isSopsFile("{\"sops\": {}", SopsFormat.JSON)).isFalse();
  }

  /** A SOPS file whose age entries are replaced by the given ones. */
  private static String withAge(String text, String ageBlock) {
    int start = text.indexOf("    age:\n");
    int end = text.indexOf("    encrypted_regex:");
    return text.substring(0, start) + ageBlock + text.substring(end);
  }

  private static String ageEntry(String recipient, String armored) {
    StringBuilder out =
        new StringBuilder("        - recipient: " + recipient + "\n          enc: |\n");
    for (String line : armored.split("\n")) {
      out.append("              ").append(line).append('\n');
    }
    return out.toString();
  }

  private static void fails(Runnable r, SopsException.Reason reason, String message) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.getMessage()).isEqualTo(message);
            });
  }

  @Test
  void anAgeFileThatDoesNotHoldA32ByteKeyIsRefused() {
    String text = Sops.encrypt(secret(), "s.yaml", SopsFormat.YAML, options(ME));
    String me = ME.recipient().value();
    String short16 =
        withAge(
            text,
            "    age:\n" + ageEntry(me, AgeFiles.encryptArmored(new byte[16], ME.recipient())));
    fails(
        () -> Sops.decrypt(short16, "s.yaml", () -> List.of(ME)),
        SopsException.Reason.CORRUPT_AGE_FILE,
        "s.yaml: the age file for " + me + " does not hold a 32-byte sops data key");
  }

  @Test
  void aDamagedAgeFileIsReportedForOurRecipientOrWhenNoneIsNamed() {
    String text = Sops.encrypt(secret(), "s.yaml", SopsFormat.YAML, options(ME));
    String me = ME.recipient().value();
    String other = OTHER.recipient().value();
    String damaged =
        "-----BEGIN AGE ENCRYPTED FILE-----\nnot base64!\n-----END AGE ENCRYPTED FILE-----";

    // Damaged for someone else, and ours listed but damaged too: ours is named.
    String oursFirst =
        withAge(text, "    age:\n" + ageEntry(me, damaged) + ageEntry(other, damaged));
    assertThatThrownBy(() -> Sops.decrypt(oursFirst, "s.yaml", () -> List.of(ME)))
        .hasMessageStartingWith("s.yaml: the age file (enc) for recipient " + me + " is damaged: ");
    String both = withAge(text, "    age:\n" + ageEntry(other, damaged) + ageEntry(me, damaged));
    assertThatThrownBy(() -> Sops.decrypt(both, "s.yaml", () -> List.of(ME)))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SopsException.Reason.CORRUPT_AGE_FILE);
              assertThat(e.getMessage())
                  .startsWith("s.yaml: the age file (enc) for recipient " + me + " is damaged: ")
                  .endsWith("; restore the file from version control");
            });

    // Damaged only for someone else, ours not listed: we cannot open it anyway.
    String theirs = withAge(text, "    age:\n" + ageEntry(other, damaged));
    assertThatThrownBy(() -> Sops.decrypt(theirs, "s.yaml", () -> List.of(ME)))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> assertThat(e.reason()).isEqualTo(SopsException.Reason.WRONG_IDENTITY));

    // No recipient named at all: the damage is the best explanation.
    String unnamed = withAge(text, "    age:\n" + ageEntry("\"\"", damaged));
    assertThatThrownBy(() -> Sops.decrypt(unnamed, "s.yaml", () -> List.of(ME)))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> assertThat(e.reason()).isEqualTo(SopsException.Reason.CORRUPT_AGE_FILE));

    // One damaged entry for someone else, then a good one for us: it opens.
    String good =
        text.substring(text.indexOf("    age:\n") + 9, text.indexOf("    encrypted_regex:"));
    String thenGood = withAge(text, "    age:\n" + ageEntry(other, damaged) + good);
    assertThat(Trees.stringAt(Sops.decrypt(thenGood, "s.yaml", () -> List.of(ME)), "data", "K"))
        .contains("value");
  }

  @Test
  void aMissingMacIsNamed() {
    String text = Sops.encrypt(secret(), "s.yaml", SopsFormat.YAML, options(ME));
    String noMac = text.replaceFirst("    mac: ENC\\[[^\n]*\n", "");
    fails(
        () -> Sops.decrypt(noMac, "s.yaml", () -> List.of(ME)),
        SopsException.Reason.TAMPERED_MAC,
        "s.yaml: sops.mac is missing or not an ENC[...] value; restore the file from version"
            + " control, or re-encrypt it from the plaintext");
  }

  @Test
  void aReorderedFileFailsTheMac() {
    String text =
        Sops.encrypt(
            "a_unencrypted: 1\nb_unencrypted: 2\n",
            "s.yaml",
            SopsFormat.YAML,
            new EncryptOptions(List.of(ME.recipient()), EncryptionRule.defaults(), false, CLOCK));
    String swapped =
        text.replace(
            "a_unencrypted: 1\nb_unencrypted: 2\n", "b_unencrypted: 2\na_unencrypted: 1\n");
    assertThat(swapped).isNotEqualTo(text);
    assertThatThrownBy(() -> Sops.decrypt(swapped, "s.yaml", () -> List.of(ME)))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SopsException.Reason.TAMPERED_MAC);
              assertThat(e.getMessage()).startsWith("s.yaml: MAC mismatch: ");
            });
  }

  @Test
  void writesCreateFoldersAndOverwriteOnlyWhenAsked() throws Exception {
    Path file = dir.resolve("a/b/c.enc.yaml");
    Sops.writeSecretFile(file, "one".getBytes(StandardCharsets.UTF_8), false);
    assertThat(Files.readString(file)).isEqualTo("one");
    Sops.writeSecretFile(file, "two".getBytes(StandardCharsets.UTF_8), true);
    assertThat(Files.readString(file)).isEqualTo("two");
    assertThatThrownBy(
            () -> Sops.writeSecretFile(file, "three".getBytes(StandardCharsets.UTF_8), false))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SopsException.Reason.IO);
              assertThat(e.getMessage())
                  .isEqualTo(
                      file.toAbsolutePath()
                          + " already exists; refusing to overwrite it (move it away or choose"
                          + " another path)");
            });
    assertThat(Files.readString(file)).isEqualTo("two");
  }

  // ------------------------------------------------------------------------------------------------ small types

  @Test
  void documentsFindStringsByPathOnly() {
    SopsDocument doc =
        new SopsDocument(
            SopsFormat.YAML.parse("a:\n  b: x\n  n: 1\ns: top\n", "t"),
            SopsFormat.YAML,
            List.of("age1x"),
            EncryptionRule.kubernetesSecret(),
            false,
            "t",
            "3.9.4");
    assertThat(Trees.stringAt(doc, "a", "b")).contains("x");
    assertThat(Trees.stringAt(doc, "s")).contains("top");
    assertThat(Trees.stringAt(doc, "a", "n")).isEmpty();
    assertThat(Trees.stringAt(doc, "a", "zz")).isEmpty();
    assertThat(Trees.stringAt(doc, "s", "deeper")).isEmpty();
    assertThat(Trees.stringAt(doc, "a")).isEmpty();
    assertThat(doc.toString())
        .isEqualTo("SopsDocument[Mapping[a, s], recipients=[age1x], rule=encrypted_regex]")
        .doesNotContain("top");
  }

  @Test
  void formatsFollowTheFileName() {
    assertThat(SopsFormat.forName("A.JSON")).isEqualTo(SopsFormat.JSON);
    assertThat(SopsFormat.forName("a.json.yaml")).isEqualTo(SopsFormat.YAML);
    assertThat(SopsFormat.forPath(Path.of("x/s.enc.json"))).isEqualTo(SopsFormat.JSON);
    assertThat(SopsFormat.forPath(Path.of("/"))).isEqualTo(SopsFormat.YAML);
  }

  @Test
  void nodesRefuseWhatSopsCannotHold() {
    assertThatThrownBy(() -> new SopsNode.Scalar(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unsupported scalar type Integer");
    for (Object ok : new Object[] {"s", 1L, 1.0, true, null}) {
      assertThat(new SopsNode.Scalar(ok).value()).isEqualTo(ok);
    }
    assertThatThrownBy(() -> new SopsNode.Comment("a\nb")).hasMessage("a comment is one line");
    assertThatThrownBy(() -> new SopsNode.Comment("a\rb")).hasMessage("a comment is one line");
    assertThatThrownBy(() -> new SopsNode.Comment("\na")).hasMessage("a comment is one line");
    assertThatThrownBy(() -> new SopsNode.Comment("\ra")).hasMessage("a comment is one line");
    assertThat(new SopsNode.Comment("").text()).isEmpty();
    assertThatThrownBy(() -> new SopsNode.Entry("k", new SopsNode.Comment("c")))
        .hasMessage("a comment is not a value");
  }

  @Test
  void nodesNeverShowValues() {
    assertThat(SopsNode.Scalar.of("hunter2").toString())
        .isEqualTo("Scalar[str, sha256:f52fbd32b2b3b86f]");
    assertThat(new SopsNode.Scalar(5L).toString())
        .isEqualTo("Scalar[int, sha256:ef2d127de37b942b]");
    assertThat(new SopsNode.Scalar(0.5).toString()).startsWith("Scalar[float, sha256:");
    assertThat(new SopsNode.Scalar(true).toString()).startsWith("Scalar[bool, sha256:");
    assertThat(SopsNode.Scalar.ofNull().toString()).isEqualTo("Scalar[null]");
    assertThat(SopsNode.Scalar.ofNull().sopsType()).isEqualTo("null");
    assertThat(new SopsNode.Comment("hunter2").toString()).isEqualTo("Comment[7 chars]");
    assertThat(new SopsNode.Sequence(List.of(SopsNode.Scalar.of("hunter2"))).toString())
        .isEqualTo("Sequence[1 items]");
    SopsNode.Mapping m = Trees.ofStrings(new java.util.LinkedHashMap<>(Map.of("k", "hunter2")));
    assertThat(m.toString()).isEqualTo("Mapping[k]");
    assertThat(m.get("k")).contains(SopsNode.Scalar.of("hunter2"));
  }

  @Test
  void javaValuesConvertBothWays() {
    assertThat(Trees.fromJava(7)).isEqualTo(new SopsNode.Scalar(7L));
    assertThat(Trees.fromJava(7L)).isEqualTo(new SopsNode.Scalar(7L));
    assertThat(Trees.fromJava(List.of("a", 1)))
        .isEqualTo(
            new SopsNode.Sequence(List.of(SopsNode.Scalar.of("a"), new SopsNode.Scalar(1L))));
    assertThatThrownBy(() -> SopsNode.toJava(new SopsNode.Comment("c")))
        .hasMessage("a comment has no Java value");
  }

  @Test
  void rulesAreValidated() {
    assertThatThrownBy(() -> new EncryptionRule(EncryptionRule.Kind.ENCRYPTED_SUFFIX, ""))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SopsException.Reason.INVALID_INPUT);
              assertThat(e.getMessage()).isEqualTo("encrypted_suffix must not be empty");
            });
    for (EncryptionRule.Kind kind :
        List.of(EncryptionRule.Kind.ENCRYPTED_REGEX, EncryptionRule.Kind.UNENCRYPTED_REGEX)) {
      assertThatThrownBy(() -> new EncryptionRule(kind, "("))
          .isInstanceOfSatisfying(
              SopsException.class,
              e ->
                  assertThat(e.getMessage())
                      .startsWith(kind.metadataKey() + " '(' is not a valid regular expression: "));
    }
    // Suffixes are text, not patterns.
    assertThat(
            new EncryptionRule(EncryptionRule.Kind.ENCRYPTED_SUFFIX, "(").encrypts(List.of("a(")))
        .isTrue();
    assertThat(
            new EncryptionRule(EncryptionRule.Kind.UNENCRYPTED_SUFFIX, "(").encrypts(List.of("a(")))
        .isFalse();
    // Regexes are searched in every key of the path.
    EncryptionRule regex = new EncryptionRule(EncryptionRule.Kind.ENCRYPTED_REGEX, "ta");
    assertThat(regex.encrypts(List.of("x", "data"))).isTrue();
    assertThat(regex.encrypts(List.of("x", "y"))).isFalse();
    EncryptionRule notRegex = new EncryptionRule(EncryptionRule.Kind.UNENCRYPTED_REGEX, "^k");
    assertThat(notRegex.encrypts(List.of("a", "kind"))).isFalse();
    assertThat(notRegex.encrypts(List.of("a", "b"))).isTrue();
  }

  @Test
  void optionsNeedARecipient() {
    fails(
        () -> new EncryptOptions(List.of(), EncryptionRule.defaults(), false, CLOCK),
        SopsException.Reason.MISSING_IDENTITY,
        "no age recipient given: pass --age age1... or add a creation rule with 'age:' to"
            + " .sops.yaml");
  }

  @Test
  void valueCipherChecksKeysAndParsesStrictly() {
    assertThatThrownBy(() -> new ValueCipher(new byte[31], new SecureRandom()))
        .hasMessage("a sops data key is 32 bytes");
    String iv = java.util.Base64.getEncoder().encodeToString(new byte[32]);
    String tag = java.util.Base64.getEncoder().encodeToString(new byte[16]);
    assertThat(
            ValueCipher.parse("ENC[AES256_GCM,data:AA==,iv:" + iv + ",tag:" + tag + ",type:str]"))
        .hasValueSatisfying(e -> assertThat(e.toString()).isEqualTo("Encrypted[str, 1 bytes]"));
    assertThat(ValueCipher.parse("ENC[AES256_GCM,data:,iv:" + iv + ",tag:AAAA,type:str]"))
        .isEmpty();
    assertThat(ValueCipher.parse("ENC[AES256_GCM,data:,iv:,tag:" + tag + ",type:str]")).isEmpty();
    assertThat(ValueCipher.parse("ENC[AES256_GCM,data:!,iv:" + iv + ",tag:" + tag + ",type:str]"))
        .isEmpty();
    assertThat(ValueCipher.parse("ENC[AES256_GCM,data:,iv:" + iv + ",tag:" + tag + ",type:str] "))
        .isEmpty();
    assertThat(ValueCipher.fields("ENC[AES256_GCM,data:,iv:,tag:,type:]")).isNotNull();
    assertThat(ValueCipher.fields("ENC[AES256_GCM,data:,iv:,tag:]")).isNull();
  }

  @Test
  void recipientsAndIdentitiesAreValidatedWithoutEchoingSecrets() {
    String bad = "age1" + "q".repeat(80);
    assertThatThrownBy(() -> new AgeRecipient(bad))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SopsException.Reason.INVALID_KEY);
              assertThat(e.getMessage())
                  .startsWith("'" + bad.substring(0, 70) + "...' is not an age X25519 recipient");
            });
    String seventy = "age1" + "q".repeat(66);
    assertThatThrownBy(() -> new AgeRecipient(seventy))
        .hasMessageStartingWith("'" + seventy + "' is not");
    String upper =
        ME.recipient().value().toUpperCase(java.util.Locale.ROOT).replace("AGE1", "age1");
    assertThatThrownBy(() -> new AgeRecipient(upper)).isInstanceOf(SopsException.class);
    assertThat(AgeRecipient.parse("  " + ME.recipient() + " ")).isEqualTo(ME.recipient());
    assertThat(ME.recipient().toString()).isEqualTo(ME.recipient().value());

    assertThat(ME.toString()).isEqualTo("AgeIdentity[" + ME.recipient().value() + "]");
    String secret = ME.secretForKeyFile();
    // A pasted identity is refused as a recipient without echoing it, in either case.
    for (String pasted : List.of(secret, secret.toLowerCase(java.util.Locale.ROOT))) {
      assertThatThrownBy(() -> new AgeRecipient(pasted))
          .isInstanceOfSatisfying(
              SopsException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(SopsException.Reason.INVALID_KEY);
                assertThat(e.getMessage())
                    .isEqualTo(
                        "an age identity (AGE-SECRET-KEY-1...) was given where a recipient is"
                            + " expected; pass its public key instead (age-keygen -y prints it)")
                    .doesNotContain(secret.substring(16, 30))
                    .doesNotContain(secret.substring(16, 30).toLowerCase(java.util.Locale.ROOT));
              });
    }
    // age itself refuses lower-case identities.
    assertThatThrownBy(() -> AgeIdentity.parse(secret.toLowerCase(java.util.Locale.ROOT), "k"))
        .isInstanceOf(SopsException.class);
    assertThat(AgeIdentity.parse(" " + secret + " ", "x").recipient()).isEqualTo(ME.recipient());
    fails(
        () -> AgeIdentity.parse(secret.replace("AGE-SECRET-KEY-1", "AGE-SECRET-KEY-2"), "k line 1"),
        SopsException.Reason.INVALID_KEY,
        "k line 1 is not a valid age identity: expected one 'AGE-SECRET-KEY-1...' per line (run"
            + " 'sessionkeys age-keygen' to make one)");
  }

  @Test
  void anExplicitKeyFileWithoutKeysIsRefused() throws Exception {
    Path keys = dir.resolve("keys.txt");
    Files.writeString(keys, "# created: now\n\n");
    fails(
        () -> AgeKeys.findIdentities(java.util.Optional.of(keys), Map.of()),
        SopsException.Reason.MISSING_IDENTITY,
        "the identity file "
            + keys
            + " holds no 'AGE-SECRET-KEY-1...' line (create one with 'sessionkeys age-keygen')");
  }

  @Test
  void ageFilesReleaseAtMostTheLimit() {
    String exact = AgeFiles.encryptArmored(new byte[1024], ME.recipient());
    assertThat(AgeFiles.decryptArmored(exact, List.of(ME)))
        .isInstanceOfSatisfying(
            AgeFiles.Opened.Ok.class,
            ok -> {
              assertThat(ok.plaintext()).hasSize(1024);
              assertThat(ok.toString()).isEqualTo("Ok[1024 bytes]");
            });
    String over = AgeFiles.encryptArmored(new byte[1025], ME.recipient());
    assertThat(AgeFiles.decryptArmored(over, List.of(ME)))
        .isEqualTo(new AgeFiles.Opened.Corrupt("the age payload is larger than expected"));
    assertThat(AgeFiles.decryptArmored(exact, List.of(OTHER)))
        .isEqualTo(new AgeFiles.Opened.NoMatch());
    byte[] binary = "age-encryption.org/v1\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(AgeFiles.decrypt(binary, false, List.of(ME), 32))
        .isInstanceOf(AgeFiles.Opened.Corrupt.class);
  }
}
