package dev.sessionkeys.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * What we write, checked against the spec by an independent path, and every way a file can go
 * wrong.
 */
class SopsRoundTripTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-02T03:04:05.789Z"), ZoneOffset.UTC);
  private static final String COOKIE_HASH_KEY =
      "k3yV4lu3Sh0uldN3v3rLeakIntoAMessage0123456789abcdefghijklmnopqrst";

  @TempDir Path dir;

  private Path keyFile;
  private AgeIdentity identity;

  @BeforeEach
  void generateKey() {
    keyFile = dir.resolve("keys.txt");
    identity = AgeKeys.generateToFile(keyFile, CLOCK);
  }

  private static String secretYaml() {
    return """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: fwinsights-secrets
                  namespace: fairwinds-insights
                type: Opaque
                data:
                  COOKIE_HASH_KEY: %s
                  COOKIE_BLOCK_KEY: QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=
                """
        .formatted(COOKIE_HASH_KEY);
  }

  private String encryptSecret(boolean macOnly) {
    EncryptOptions options =
        new EncryptOptions(
            List.of(identity.recipient()), EncryptionRule.kubernetesSecret(), macOnly, CLOCK);
    return Sops.encrypt(secretYaml(), "secrets.yaml", SopsFormat.YAML, options);
  }

  private SopsDocument decrypt(String text) {
    return Sops.decrypt(text, "secrets.enc.yaml", () -> List.of(identity));
  }

  // ------------------------------------------------------------------------------------------------ the format

  @Test
  void writesTheShapeSopsWrites() {
    String text = encryptSecret(false);

    assertThat(text)
        .startsWith(
            """
                apiVersion: v1
                kind: Secret
                metadata:
                    name: fwinsights-secrets
                    namespace: fairwinds-insights
                type: Opaque
                data:
                    COOKIE_HASH_KEY: ENC[AES256_GCM,data:""");
    assertThat(text)
        .containsPattern(
            "\n    COOKIE_BLOCK_KEY: ENC\\[AES256_GCM,data:[A-Za-z0-9+/=]+,iv:[A-Za-z0-9+/]{43}=,"
                + "tag:[A-Za-z0-9+/]{22}==,type:str]\n");
    // The sops block is last; keys alphabetical; lastmodified without fraction; version quoted.
    assertThat(text)
        .containsPattern(
            "\nsops:\n    age:\n        - recipient: "
                + identity.recipient()
                + "\n          enc: \\|\n              -----BEGIN AGE ENCRYPTED FILE-----\n");
    assertThat(text)
        .contains(
            "\n    encrypted_regex: ^(data|stringData)$\n"
                + "    lastmodified: \"2026-01-02T03:04:05Z\"\n    mac: ENC[AES256_GCM,data:");
    assertThat(text).endsWith(",type:str]\n    version: \"3.9.4\"\n");
    assertThat(text).doesNotContain(COOKIE_HASH_KEY);
  }

  @Test
  void decryptsOurOwnOutput() {
    SopsDocument document = decrypt(encryptSecret(false));

    assertThat(Trees.stringAt(document, "data", "COOKIE_HASH_KEY")).contains(COOKIE_HASH_KEY);
    assertThat(Trees.stringAt(document, "metadata", "name")).contains("fwinsights-secrets");
    assertThat(document.rule()).isEqualTo(EncryptionRule.kubernetesSecret());
    assertThat(document.recipients()).containsExactly(identity.recipient().value());
    assertThat(document.toString()).doesNotContain(COOKIE_HASH_KEY);
    assertThat(document.toText()).contains("    COOKIE_HASH_KEY: " + COOKIE_HASH_KEY + "\n");
  }

  /**
   * Checks our file by the spec alone, without our decryption code: plain YAML reading, the real
   * {@code age -d} for the data key, JCA AES-GCM with the path AAD for the values, and a SHA-512
   * over the values in order for the MAC.
   */
  @Test
  void ourOutputVerifiesByAnIndependentPathThroughTheSpec() throws Exception {
    AgeCli.require();
    for (boolean macOnly : new boolean[] {false, true}) {
      String text = encryptSecret(macOnly);
      @SuppressWarnings("unchecked")
      Map<String, Object> file =
          (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
      @SuppressWarnings("unchecked")
      Map<String, Object> sops = (Map<String, Object>) file.get("sops");
      @SuppressWarnings("unchecked")
      Map<String, Object> age = ((List<Map<String, Object>>) sops.get("age")).get(0);
      assertThat(age.get("recipient")).isEqualTo(identity.recipient().value());

      byte[] dataKey =
          AgeCli.run(
              ((String) age.get("enc")).getBytes(StandardCharsets.US_ASCII),
              "-d",
              "-i",
              keyFile.toString());
      assertThat(dataKey).hasSize(32);

      @SuppressWarnings("unchecked")
      Map<String, Object> data = (Map<String, Object>) file.get("data");
      Map<String, String> plain = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : data.entrySet()) {
        plain.put(e.getKey(), gcmOpen(dataKey, (String) e.getValue(), "data:" + e.getKey() + ":"));
      }
      assertThat(plain.get("COOKIE_HASH_KEY")).isEqualTo(COOKIE_HASH_KEY);

      MessageDigest sha = MessageDigest.getInstance("SHA-512");
      List<String> hashed = new ArrayList<>();
      if (macOnly) {
        sha.update(
            MessageDigest.getInstance("SHA-256")
                .digest("sops".getBytes(StandardCharsets.US_ASCII)));
      } else {
        hashed.addAll(
            List.of("v1", "Secret", "fwinsights-secrets", "fairwinds-insights", "Opaque"));
      }
      hashed.addAll(plain.values());
      hashed.forEach(v -> sha.update(v.getBytes(StandardCharsets.UTF_8)));
      String expectedMac = HexFormat.of().withUpperCase().formatHex(sha.digest());

      assertThat(sops.get("lastmodified")).isEqualTo("2026-01-02T03:04:05Z");
      assertThat(gcmOpen(dataKey, (String) sops.get("mac"), "2026-01-02T03:04:05Z"))
          .isEqualTo(expectedMac);
      assertThat(sops.get("version")).isEqualTo("3.9.4");
      assertThat(sops.get("encrypted_regex")).isEqualTo("^(data|stringData)$");
      assertThat(sops.get("mac_only_encrypted")).isEqualTo(macOnly ? Boolean.TRUE : null);
      assertThat(new ArrayList<>(file.keySet())).last().isEqualTo("sops");
    }
  }

  private static final Pattern ENC =
      Pattern.compile("ENC\\[AES256_GCM,data:([^,]*),iv:([^,]*),tag:([^,]*),type:str]");

  private static String gcmOpen(byte[] key, String enc, String aad) throws Exception {
    Matcher m = ENC.matcher(enc);
    assertThat(m.matches()).as("ENC format").isTrue();
    byte[] data = Base64.getDecoder().decode(m.group(1));
    byte[] iv = Base64.getDecoder().decode(m.group(2));
    byte[] tag = Base64.getDecoder().decode(m.group(3));
    assertThat(iv).hasSize(32);
    assertThat(tag).hasSize(16);
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
    gcm.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
    gcm.update(data);
    return new String(gcm.doFinal(tag), StandardCharsets.UTF_8);
  }

  @Test
  void quotesDateLikeAndOtherwiseTypedStrings() {
    String plain =
        """
                when: "2024-01-01"
                stamp: "2024-01-01T10:00:00Z"
                yes_unencrypted: "yes"
                n_unencrypted: "012"
                f_unencrypted: "1e21"
                nul_unencrypted: "null"
                real_unencrypted: 1.50
                count_unencrypted: 3
                flag_unencrypted: true
                """;
    EncryptOptions options =
        new EncryptOptions(List.of(identity.recipient()), EncryptionRule.defaults(), false, CLOCK);
    String text = Sops.encrypt(plain, "plain.yaml", SopsFormat.YAML, options);

    assertThat(text)
        .contains(
            "yes_unencrypted: \"yes\"\n",
            "n_unencrypted: \"012\"\n",
            "f_unencrypted: \"1e21\"\n",
            "nul_unencrypted: \"null\"\n",
            "real_unencrypted: 1.5\n",
            "count_unencrypted: 3\n",
            "flag_unencrypted: true\n");
    SopsDocument document = decrypt(text);
    assertThat(Trees.stringAt(document, "when")).contains("2024-01-01");
    assertThat(Trees.stringAt(document, "stamp")).contains("2024-01-01T10:00:00Z");
    assertThat(document.toText())
        .contains("when: \"2024-01-01\"\n", "stamp: \"2024-01-01T10:00:00Z\"\n");
  }

  @Test
  void refusesToEncryptAnUnquotedDate() {
    EncryptOptions options = EncryptOptions.kubernetesSecret(List.of(identity.recipient()));
    assertThatThrownBy(
            () ->
                Sops.encrypt(
                    "data:\n  created: 2024-01-01\n", "plain.yaml", SopsFormat.YAML, options))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SopsException.Reason.INVALID_INPUT);
              assertThat(e.getMessage())
                  .contains("plain.yaml line 2 (key data.created)")
                  .contains("quote it");
            });
  }

  @Test
  void refusesToEncryptTwiceOrAReservedSopsKey() {
    EncryptOptions options = EncryptOptions.kubernetesSecret(List.of(identity.recipient()));
    String once = encryptSecret(false);
    assertThatThrownBy(() -> Sops.encrypt(once, "secrets.enc.yaml", SopsFormat.YAML, options))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> assertThat(e.getMessage()).contains("already has a top-level 'sops' key"));
  }

  @Test
  void everyRecipientCanDecrypt() {
    AgeIdentity other = AgeKeys.generate();
    EncryptOptions options =
        EncryptOptions.kubernetesSecret(List.of(identity.recipient(), other.recipient()));
    String text = Sops.encrypt(secretYaml(), "secrets.yaml", SopsFormat.YAML, options);

    assertThat(
            Trees.stringAt(
                Sops.decrypt(text, "f", () -> List.of(other)), "data", "COOKIE_HASH_KEY"))
        .contains(COOKIE_HASH_KEY);
    assertThat(
            Trees.stringAt(
                Sops.decrypt(text, "f", () -> List.of(identity)), "data", "COOKIE_HASH_KEY"))
        .contains(COOKIE_HASH_KEY);
  }

  @Test
  void encryptedFilesAreWritten0600Atomically() throws Exception {
    Path out = dir.resolve("secrets.enc.yaml");
    SopsNode.Mapping secret =
        (SopsNode.Mapping)
            Trees.fromJava(Map.of("stringData", Map.of("COOKIE_HASH_KEY", COOKIE_HASH_KEY)));
    EncryptOptions options = EncryptOptions.kubernetesSecret(List.of(identity.recipient()));
    Sops.writeSecretFile(
        out,
        Sops.encrypt(secret, "input", SopsFormat.forPath(out), options)
            .getBytes(StandardCharsets.UTF_8),
        false);

    assertThat(Files.getPosixFilePermissions(out))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(
            Trees.stringAt(
                Sops.decrypt(Files.readString(out), out.toString(), () -> List.of(identity)),
                "stringData",
                "COOKIE_HASH_KEY"))
        .contains(COOKIE_HASH_KEY);
    assertThatThrownBy(
            () ->
                Sops.writeSecretFile(
                    out,
                    Sops.encrypt(secret, "input", SopsFormat.YAML, options)
                        .getBytes(StandardCharsets.UTF_8),
                    false))
        .isInstanceOf(SopsException.class)
        .hasMessageContaining("refusing to overwrite");
  }

  // ------------------------------------------------------------------------------------------------ failures

  private void assertFails(String text, SopsException.Reason reason, String message) {
    List<Path> before = listDir();
    assertThatThrownBy(() -> decrypt(text))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.getMessage())
                  .startsWith("secrets.enc.yaml")
                  .contains(message)
                  .doesNotContain(COOKIE_HASH_KEY)
                  .doesNotContain("AGE-SECRET-KEY")
                  .doesNotContain("\n");
            });
    assertThat(listDir()).isEqualTo(before);
  }

  private List<Path> listDir() {
    try (var files = Files.list(dir)) {
      return files.sorted().toList();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aTamperedValueIsNamed() {
    String text = encryptSecret(false);
    int at =
        text.indexOf("COOKIE_BLOCK_KEY: ENC[AES256_GCM,data:")
            + "COOKIE_BLOCK_KEY: ENC[AES256_GCM,data:".length();
    char c = text.charAt(at);
    String tampered = text.substring(0, at) + (c == 'A' ? 'B' : 'A') + text.substring(at + 1);

    assertFails(
        tampered,
        SopsException.Reason.TAMPERED_VALUE,
        "the value at data.COOKIE_BLOCK_KEY does not decrypt");
  }

  @Test
  void aValueMovedToAnotherKeyIsNamed() {
    String text = encryptSecret(false);
    String hash = valueOf(text, "COOKIE_HASH_KEY");
    String block = valueOf(text, "COOKIE_BLOCK_KEY");
    String swapped = text.replace(hash, "#HASH#").replace(block, hash).replace("#HASH#", block);

    assertFails(
        swapped,
        SopsException.Reason.TAMPERED_VALUE,
        "the value at data.COOKIE_HASH_KEY does not decrypt");
  }

  private static String valueOf(String text, String key) {
    Matcher m = Pattern.compile(key + ": (ENC\\[[^\\]]*])").matcher(text);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  @Test
  void aChangedUnencryptedValueBreaksTheMac() {
    String tampered = encryptSecret(false).replace("type: Opaque", "type: kubernetes.io/tls");
    assertFails(tampered, SopsException.Reason.TAMPERED_MAC, "MAC mismatch");
  }

  @Test
  void aTamperedMacIsRejected() {
    String text = encryptSecret(false);
    int at = text.indexOf("mac: ENC[AES256_GCM,data:") + "mac: ENC[AES256_GCM,data:".length();
    String tampered =
        text.substring(0, at) + (text.charAt(at) == 'A' ? 'B' : 'A') + text.substring(at + 1);
    assertFails(tampered, SopsException.Reason.TAMPERED_MAC, "sops.mac does not decrypt");

    String otherTime =
        text.replace(
            "lastmodified: \"2026-01-02T03:04:05Z\"", "lastmodified: \"2026-01-02T03:04:06Z\"");
    assertFails(otherTime, SopsException.Reason.TAMPERED_MAC, "sops.mac does not decrypt");
  }

  @Test
  void aWrongIdentityIsExplained() {
    String text = encryptSecret(false);
    AgeIdentity stranger = AgeKeys.generate();
    assertThatThrownBy(() -> Sops.decrypt(text, "secrets.enc.yaml", () -> List.of(stranger)))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SopsException.Reason.WRONG_IDENTITY);
              assertThat(e.getMessage())
                  .contains("none of your age identities [" + stranger.recipient() + "]")
                  .contains("encrypted for [" + identity.recipient() + "]")
                  .doesNotContain("AGE-SECRET");
            });
  }

  @Test
  void aMissingIdentityIsExplained() {
    Path home = dir.resolve("home");
    assertThatThrownBy(
            () ->
                Sops.decrypt(
                    encryptSecret(false),
                    "secrets.enc.yaml",
                    () ->
                        AgeKeys.findIdentities(
                            java.util.Optional.empty(), Map.of("HOME", home.toString()))))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SopsException.Reason.MISSING_IDENTITY);
              assertThat(e.getMessage())
                  .contains("no age identity found")
                  .contains("SOPS_AGE_KEY_FILE")
                  .contains(home.resolve(".config/sops/age/keys.txt").toString());
            });
    assertFailsWith(
        () -> Sops.decrypt(encryptSecret(false), "secrets.enc.yaml", List::of),
        SopsException.Reason.MISSING_IDENTITY);
  }

  private static void assertFailsWith(Runnable r, SopsException.Reason reason) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(SopsException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void aTruncatedArmorIsExplained() {
    String text = encryptSecret(false);
    // Drop the last base64 line of the armor, as a bad copy-paste would.
    String truncated =
        text.replaceFirst("\n +[A-Za-z0-9+/=]+\n( +-----END AGE ENCRYPTED FILE-----)", "\n$1");
    assertThat(truncated).isNotEqualTo(text);
    assertFails(
        truncated,
        SopsException.Reason.CORRUPT_AGE_FILE,
        "the age file (enc) for recipient " + identity.recipient() + " is damaged");

    String noEnd = text.replaceFirst("\n +-----END AGE ENCRYPTED FILE-----", "");
    assertFails(noEnd, SopsException.Reason.CORRUPT_AGE_FILE, "armor is damaged or truncated");
  }

  @Test
  void notASopsFileIsExplained() {
    assertFails(secretYaml(), SopsException.Reason.NOT_A_SOPS_FILE, "has no 'sops' metadata");
    assertFails("- a\n- b\n", SopsException.Reason.INVALID_INPUT, "must be a YAML mapping");
    assertFails("a: [\n", SopsException.Reason.INVALID_INPUT, "is not valid YAML at line");
    assertFails("sops: 3\n", SopsException.Reason.NOT_A_SOPS_FILE, "not a mapping");
    assertThat(Sops.isSopsFile(secretYaml(), SopsFormat.YAML)).isFalse();
    assertThat(Sops.isSopsFile(encryptSecret(false), SopsFormat.YAML)).isTrue();
  }

  @Test
  void anUnsupportedVersionIsExplained() {
    String text = encryptSecret(false);
    assertFails(
        text.replace("version: \"3.9.4\"", "version: 3.10"),
        SopsException.Reason.NOT_A_SOPS_FILE,
        "sops.version must be a string");
    assertFails(
        text.replace("version: \"3.9.4\"", "version: \"2.0.0\""),
        SopsException.Reason.UNSUPPORTED_VERSION,
        "not a sops 3 file");
    assertFails(
        text.replace("    version: \"3.9.4\"\n", ""),
        SopsException.Reason.UNSUPPORTED_VERSION,
        "is not a version");
    // Any valid 3.x.y is fine, newer than 3.9.4 included: sops does not refuse newer files either.
    assertThat(decrypt(text.replace("version: \"3.9.4\"", "version: 3.13.2")).version())
        .isEqualTo("3.13.2");
  }

  @Test
  void aSyntaxErrorDoesNotEchoTheInput() {
    String broken = "data:\n  COOKIE_HASH_KEY: \"" + COOKIE_HASH_KEY + "\n  x: [\n";
    assertThatThrownBy(
            () ->
                Sops.encrypt(
                    broken,
                    "secrets.yaml",
                    SopsFormat.YAML,
                    EncryptOptions.kubernetesSecret(List.of(identity.recipient()))))
        .isInstanceOfSatisfying(
            SopsException.class,
            e ->
                assertThat(e.getMessage())
                    .startsWith("secrets.yaml is not valid YAML at line")
                    .doesNotContain(COOKIE_HASH_KEY));
  }

  @Test
  void commentsAreEncryptedUnderTheirMappingsPathAndComeBack() {
    String plain =
        """
                # top
                app:
                    # about the password
                    password: hunter2 # inline
                    nested:
                        x: 1
                        # end of nested
                    y: 2
                plain_unencrypted:
                    # stays readable
                    k: v
                """;
    String text =
        Sops.encrypt(
            plain,
            "c.yaml",
            SopsFormat.YAML,
            new EncryptOptions(
                List.of(identity.recipient()), EncryptionRule.defaults(), false, CLOCK));

    assertThat(text)
        .doesNotContain("about the password")
        .doesNotContain("end of nested")
        .contains("    # stays readable\n")
        .startsWith("#ENC[AES256_GCM,")
        .containsPattern("\n    #ENC\\[AES256_GCM,[^\n]*type:comment]\n");
    assertThat(decrypt(text).toText())
        .isEqualTo(
            """
                # top
                app:
                    # about the password
                    # inline
                    password: hunter2
                    nested:
                        x: 1
                        # end of nested
                    "y": 2
                plain_unencrypted:
                    # stays readable
                    k: v
                """);
  }

  @Test
  void refusesWhatSopsRefusesWhenLoading() {
    EncryptOptions options = EncryptOptions.kubernetesSecret(List.of(identity.recipient()));
    assertThatThrownBy(
            () -> Sops.encrypt("data:\n  a: 1\n  a: 2\n", "dup.yaml", SopsFormat.YAML, options))
        .isInstanceOfSatisfying(
            SopsException.class,
            e ->
                assertThat(e.getMessage())
                    .isEqualTo("dup.yaml line 3 (key data.a): duplicate key 'a'; keep only one"));
    assertThatThrownBy(
            () -> Sops.encrypt("data:\n  1: x\n", "int-key.yaml", SopsFormat.YAML, options))
        .isInstanceOfSatisfying(
            SopsException.class,
            e ->
                assertThat(e.getMessage())
                    .contains(
                        "int-key.yaml line 2 (key data): the key '1' is not a string; quote it"));
    assertThatThrownBy(
            () -> Sops.encrypt("a: 1\n---\nb: 2\n", "multi.yaml", SopsFormat.YAML, options))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> assertThat(e.getMessage()).contains("holds several YAML documents"));
    assertThatThrownBy(() -> Sops.encrypt("a: !secret x\n", "tag.yaml", SopsFormat.YAML, options))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> assertThat(e.getMessage()).contains("the YAML tag !secret is not supported"));
  }

  @Test
  void anUnquotedLastModifiedIsReadAsSopsReadsIt() {
    String text =
        encryptSecret(false)
            .replace(
                "lastmodified: \"2026-01-02T03:04:05Z\"", "lastmodified: 2026-01-02T03:04:05Z");
    assertThat(decrypt(text).lastModified()).isEqualTo("2026-01-02T03:04:05Z");
  }
}
