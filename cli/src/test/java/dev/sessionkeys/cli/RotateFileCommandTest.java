package dev.sessionkeys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.SecretValue;
import dev.sessionkeys.core.validate.SecretDocument;
import dev.sessionkeys.manifest.ManifestWriter;
import dev.sessionkeys.manifest.SecretManifests;
import dev.sessionkeys.sops.AgeIdentity;
import dev.sessionkeys.sops.AgeKeys;
import dev.sessionkeys.sops.EncryptOptions;
import dev.sessionkeys.sops.Sops;
import dev.sessionkeys.sops.SopsFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rotate -f}: each phase on a plain manifest and on a SOPS file, for GitOps. */
class RotateFileCommandTest {

  static final Profile PROFILE = Profile.FAIRWINDS_INSIGHTS;

  @TempDir Path dir;
  Map<String, String> env;
  KeySet original;

  @BeforeEach
  void setUp() throws Exception {
    Path home = Files.createDirectories(dir.resolve("home"));
    env = Map.of("HOME", home.toString());
    original = KeyGenerator.secure().generate(PROFILE);
  }

  private Cli.Result run(String... args) {
    return Cli.runWith(env, args);
  }

  private static Map<String, SecretValue> values(SecretDocument document) {
    return FileRotation.state(document).values();
  }

  private static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  private List<String> files() throws Exception {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void eachPhaseOnAPlainManifest() throws Exception {
    Path file = dir.resolve("secrets.yaml");
    Files.write(file, ManifestWriter.secret("fwinsights-secrets", "fairwinds-insights", original));

    Cli.Result prepared = run("rotate", "-f", file.toString(), "--keys", "all-sessions");
    assertThat(prepared.code()).as(prepared.err()).isZero();
    assertThat(prepared.out()).contains("prepare: changed " + file, "commit and merge");
    Map<String, SecretValue> afterPrepare =
        values(SecretManifests.parseOne(file.toString(), SecretManifests.bytesOf(file)));
    assertThat(afterPrepare)
        .containsKeys("COOKIE_HASH_KEY_NEXT", "SESSION_ENCRYPTION_KEY_NEXT")
        .doesNotContainKey("AES_BASE64_CYPHER_KEY_NEXT");
    assertThat(afterPrepare.get("COOKIE_HASH_KEY"))
        .isEqualTo(original.get("COOKIE_HASH_KEY").orElseThrow());
    assertThat(
            SecretManifests.parseOne(file.toString(), SecretManifests.bytesOf(file)).annotations())
        .containsEntry("sessionkeys.dev/rotation-phase.cookie", "prepared");
    assertThat(mode(file)).isEqualTo("rw-------");
    String text = Files.readString(file);
    assertThat(text.indexOf("COOKIE_HASH_KEY_NEXT"))
        .isGreaterThan(text.indexOf("COOKIE_HASH_KEY:"));

    Cli.Result promoted = run("rotate", "-f", file.toString(), "--grace", "1h");
    assertThat(promoted.code()).as(promoted.err()).isZero();
    assertThat(promoted.out()).contains("promote: changed");
    Map<String, SecretValue> afterPromote =
        values(SecretManifests.parseOne(file.toString(), SecretManifests.bytesOf(file)));
    assertThat(afterPromote.get("COOKIE_HASH_KEY"))
        .isEqualTo(afterPrepare.get("COOKIE_HASH_KEY_NEXT"));
    assertThat(afterPromote.get("COOKIE_HASH_KEY_PREVIOUS"))
        .isEqualTo(original.get("COOKIE_HASH_KEY").orElseThrow());

    Cli.Result early = run("rotate", "-f", file.toString());
    assertThat(early.code()).isEqualTo(ExitCode.FINDINGS_OR_REFUSED);
    assertThat(early.err()).contains("refused", "stay accepted until");
    assertThat(values(SecretManifests.parseOne(file.toString(), SecretManifests.bytesOf(file))))
        .containsKey("COOKIE_HASH_KEY_PREVIOUS");

    Cli.Result retired = run("rotate", "-f", file.toString(), "--phase", "retire", "--force");
    assertThat(retired.code()).as(retired.err()).isZero();
    assertThat(values(SecretManifests.parseOne(file.toString(), SecretManifests.bytesOf(file))))
        .doesNotContainKeys("COOKIE_HASH_KEY_PREVIOUS", "SESSION_AUTH_KEY_PREVIOUS")
        .containsEntry(
            "AES_BASE64_CYPHER_KEY", original.get("AES_BASE64_CYPHER_KEY").orElseThrow());
    assertThat(files()).containsExactly("home", "secrets.yaml");
  }

  @Test
  void aDryRunLeavesTheFileAsItWas() throws Exception {
    Path file = dir.resolve("secrets.yaml");
    byte[] bytes = ManifestWriter.secret("fwinsights-secrets", "fairwinds-insights", original);
    Files.write(file, bytes);
    Cli.Result dry =
        run("rotate", "-f", file.toString(), "--keys", "cookie", "--dry-run", "-o", "json");
    assertThat(dry.code()).as(dry.err()).isZero();
    assertThat(dry.out())
        .contains("\"encrypted\":false", "\"phase\":\"prepare\"", "\"written\":false");
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    assertThat(
            run("rotate", "-f", file.toString(), "--keys", "cookie", "--restart", "deploy/a")
                .code())
        .isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertThat(run("rotate", "-f", dir.resolve("none.yaml").toString(), "--keys", "cookie").code())
        .isEqualTo(ExitCode.USAGE_OR_INPUT);
  }

  @Test
  void aDataValueTheApiServerWouldRefuseIsAnInputErrorNotOtherBytes() throws Exception {
    Path file = dir.resolve("secrets.yaml");
    String text =
        new String(
            ManifestWriter.secret("fwinsights-secrets", "fairwinds-insights", original),
            StandardCharsets.UTF_8);
    String hash = encode(original.get("COOKIE_HASH_KEY").orElseThrow());
    // A lenient (MIME) decoder skips '-' and reads other bytes; the API server refuses the value.
    String broken = text.replace(hash, hash.substring(0, 4) + "-" + hash.substring(5));
    Files.writeString(file, broken);
    Cli.Result result = run("rotate", "-f", file.toString(), "--keys", "cookie");
    assertThat(result.code()).as(result.err()).isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertThat(result.err()).contains("data.COOKIE_HASH_KEY is not valid base64");
    assertThat(Files.readString(file)).isEqualTo(broken);
  }

  @Test
  void eachPhaseOnASopsFileKeepsItsUnencryptedPartsAndWritesNoPlaintext() throws Exception {
    Path keyFile = dir.resolve("keys.txt");
    AgeIdentity identity =
        AgeKeys.generateToFile(keyFile, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    Path file = dir.resolve("secrets.enc.yaml");
    String plain =
        new String(
            ManifestWriter.secret("fwinsights-secrets", "fairwinds-insights", original),
            StandardCharsets.UTF_8);
    String encrypted =
        Sops.encrypt(
            plain,
            file.toString(),
            SopsFormat.YAML,
            EncryptOptions.kubernetesSecret(List.of(identity.recipient())));
    Files.writeString(file, encrypted);

    String before = encrypted;
    Map<String, SecretValue> previousValues = null;
    for (String phase : List.of("prepare", "promote", "retire")) {
      Cli.Result result =
          run(
              "rotate",
              "-f",
              file.toString(),
              "-i",
              keyFile.toString(),
              "--keys",
              "all-sessions",
              "--phase",
              phase,
              "--grace",
              "0s");
      assertThat(result.code()).as(phase + ": " + result.err()).isZero();
      String after = Files.readString(file);
      assertThat(unencrypted(after)).as(phase).isEqualTo(unencrypted(before));
      assertThat(block(after, "    age:")).isEqualTo(block(encrypted, "    age:"));
      for (SecretValue value : original.values().values()) {
        assertThat(after).doesNotContain(value.reveal()).doesNotContain(encode(value));
      }
      assertThat(mode(file)).isEqualTo("rw-------");
      SecretDocument opened =
          SecretManifests.parseOne(
              file.toString(),
              Sops.decrypt(after, file.toString(), () -> List.of(identity))
                  .toText()
                  .getBytes(StandardCharsets.UTF_8));
      Map<String, SecretValue> values = values(opened);
      switch (phase) {
        case "prepare" -> assertThat(values).containsKey("SESSION_AUTH_KEY_NEXT");
        case "promote" ->
            assertThat(values.get("SESSION_AUTH_KEY"))
                .isEqualTo(previousValues.get("SESSION_AUTH_KEY_NEXT"));
        default ->
            assertThat(values)
                .doesNotContainKeys("SESSION_AUTH_KEY_PREVIOUS", "SESSION_AUTH_KEY_NEXT")
                .containsEntry(
                    "AES_BASE64_CYPHER_KEY", original.get("AES_BASE64_CYPHER_KEY").orElseThrow());
      }
      // The unchanged data key keeps its very ciphertext.
      assertThat(line(after, "AES_BASE64_CYPHER_KEY:"))
          .isEqualTo(line(encrypted, "AES_BASE64_CYPHER_KEY:"));
      previousValues = values;
      before = after;
    }
    assertThat(files()).containsExactly("home", "keys.txt", "secrets.enc.yaml");
  }

  /** Lines without encrypted values, lastmodified, or the rotation's own annotations. */
  private static List<String> unencrypted(String text) {
    return text.lines()
        .filter(l -> !l.contains("ENC[AES256_GCM"))
        .filter(l -> !l.strip().startsWith("lastmodified:"))
        .filter(l -> !l.contains("sessionkeys.dev/"))
        .filter(l -> !l.strip().equals("annotations:"))
        .toList();
  }

  private static String encode(SecretValue value) {
    return java.util.Base64.getEncoder().encodeToString(value.revealBytes());
  }

  private static String line(String text, String start) {
    return text.lines().filter(l -> l.strip().startsWith(start)).findFirst().orElseThrow();
  }

  private static String block(String text, String start) {
    int from = text.indexOf(start);
    return text.substring(from, text.indexOf("lastmodified:", from));
  }
}
