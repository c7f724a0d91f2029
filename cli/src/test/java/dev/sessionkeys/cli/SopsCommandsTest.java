package dev.sessionkeys.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sessionkeys.core.validate.SecretDocument;
import dev.sessionkeys.manifest.SecretManifests;
import dev.sessionkeys.sops.SopsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * encrypt, decrypt, age-keygen, and init/check of SOPS files, in-process with an injected
 * environment.
 */
class SopsCommandsTest {

  private static final Path AGE = Path.of("/usr/bin/age");

  @TempDir Path dir;
  Path home;

  /** An environment with an empty HOME: no identity anywhere unless a test adds one. */
  Map<String, String> bare;

  @BeforeEach
  void emptyHome() throws IOException {
    home = Files.createDirectories(dir.resolve("home"));
    bare = Map.of("HOME", home.toString());
  }

  private Cli.Result run(Map<String, String> env, String... args) {
    return Cli.runWith(env, args);
  }

  /** A key file made by age-keygen -o; returns its public key. */
  private String keygen(Path keyFile) {
    Cli.Result result = run(bare, "age-keygen", "-o", keyFile.toString());
    assertThat(result.code()).as(result.all()).isZero();
    Matcher matcher = Pattern.compile("Public key: (age1[a-z0-9]+)").matcher(result.out());
    assertThat(matcher.find()).as(result.out()).isTrue();
    return matcher.group(1);
  }

  private Map<String, String> withKeyFile(Path keyFile) {
    return Map.of("HOME", home.toString(), "SOPS_AGE_KEY_FILE", keyFile.toString());
  }

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  private static List<String> files(Path folder) throws IOException {
    try (Stream<Path> list = Files.list(folder)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static Map<String, String> texts(SecretDocument secret) {
    Map<String, String> texts = new java.util.LinkedHashMap<>();
    secret.data().forEach((k, v) -> texts.put(k, v.text()));
    return texts;
  }

  private static void assertOneLineError(Cli.Result result) {
    assertThat(result.err().strip().lines().count()).as(result.err()).isEqualTo(1);
    assertThat(result.err())
        .startsWith("sessionkeys: ")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  // ------------------------------------------------------------------------------------------------ age-keygen

  @Test
  void ageKeygenWritesTheSopsDefaultKeyFile0600AndNeverOverwritesIt() throws IOException {
    Cli.Result first = run(bare, "age-keygen");
    assertThat(first.code()).as(first.all()).isZero();
    Path keys = home.resolve(".config/sops/age/keys.txt");
    assertThat(mode(keys)).isEqualTo("rw-------");
    String text = Files.readString(keys);
    assertThat(text).contains("# public key: age1").contains("AGE-SECRET-KEY-1");
    assertThat(first.out()).contains("Public key: age1").contains(keys.toString());
    assertThat(first.all()).doesNotContain("AGE-SECRET-KEY");

    Cli.Result second = run(bare, "age-keygen");
    assertThat(second.code()).isEqualTo(ExitCode.FINDINGS_OR_REFUSED);
    assertOneLineError(second);
    assertThat(second.err()).contains("already exists");
    assertThat(Files.readString(keys)).isEqualTo(text);
    assertThat(second.all()).doesNotContain("AGE-SECRET-KEY");
  }

  @Test
  void ageKeygenPrintsTheSecretOnlyWhenAskedWithDashO() throws IOException {
    Cli.Result result = run(bare, "age-keygen", "-o", "-");
    assertThat(result.code()).as(result.all()).isZero();
    assertThat(result.out()).contains("AGE-SECRET-KEY-1");
    assertThat(result.err()).contains("Public key: age1");
    assertThat(files(home)).isEmpty();
  }

  // ------------------------------------------------------------------------------------------------ init --age

  @Test
  void initWithAgeWritesOnlyAnEncryptedSecretThatChecksAndDecrypts() throws IOException {
    Path keyFile = dir.resolve("key.txt");
    String recipient = keygen(keyFile);
    Path out = dir.resolve("deploy");

    Cli.Result init = run(bare, "init", "--out", out.toString(), "--age", recipient);
    assertThat(init.code()).as(init.all()).isZero();
    assertThat(files(out)).containsExactly("secrets.enc.yaml", "values.yaml");
    Path encrypted = out.resolve("secrets.enc.yaml");
    assertThat(mode(encrypted)).isEqualTo("rw-------");
    String text = Files.readString(encrypted);
    // Metadata readable, values not; the rule and recipient recorded as sops records them.
    assertThat(text)
        .contains("kind: Secret")
        .contains("name: fwinsights-secrets")
        .contains("namespace: fairwinds-insights")
        .contains("COOKIE_HASH_KEY: ENC[AES256_GCM,data:")
        .contains("encrypted_regex: ^(data|stringData)$")
        .contains("recipient: " + recipient);
    assertThat(init.out()).contains("sessionkeys apply -f " + encrypted);

    Cli.Result check =
        run(
            withKeyFile(keyFile),
            "check",
            encrypted.toString(),
            "--values",
            out.resolve("values.yaml").toString());
    assertThat(check.code()).as(check.all()).isZero();
    assertThat(check.out()).contains("0 errors, 0 warnings, 0 info");

    Path plain = dir.resolve("plain.yaml");
    Cli.Result decrypt =
        run(
            bare,
            "decrypt",
            encrypted.toString(),
            "-i",
            keyFile.toString(),
            "-o",
            plain.toString());
    assertThat(decrypt.code()).as(decrypt.all()).isZero();
    assertThat(mode(plain)).isEqualTo("rw-------");
    SecretDocument secret =
        SecretManifests.parseOne(plain.toString(), SecretManifests.bytesOf(plain));
    assertThat(secret.data()).hasSize(5);
    // No value in anything printed without being asked for.
    CheckCommandTest.assertNoValueShown(plain, init.all() + check.all() + decrypt.all());
    assertThat(text).doesNotContain(secret.data().get("COOKIE_HASH_KEY").text());

    Cli.Result toStdout = run(withKeyFile(keyFile), "decrypt", encrypted.toString(), "-o", "-");
    assertThat(toStdout.code()).as(toStdout.all()).isZero();
    assertThat(toStdout.out()).contains(secret.data().get("COOKIE_HASH_KEY").text());
  }

  @Test
  void initWithAgeNeverReplacesAnEncryptedSecretWithoutForceAndThenKeepsABackup()
      throws IOException {
    String recipient = keygen(dir.resolve("key.txt"));
    Path out = dir.resolve("deploy");
    assertThat(run(bare, "init", "--out", out.toString(), "--age", recipient).code()).isZero();
    Path encrypted = out.resolve("secrets.enc.yaml");
    String before = Files.readString(encrypted);

    Cli.Result again = run(bare, "init", "--out", out.toString(), "--age", recipient);
    assertThat(again.code()).isEqualTo(ExitCode.FINDINGS_OR_REFUSED);
    assertOneLineError(again);
    assertThat(Files.readString(encrypted)).isEqualTo(before);

    Cli.Result forced = run(bare, "init", "--out", out.toString(), "--age", recipient, "--force");
    assertThat(forced.code()).as(forced.all()).isZero();
    assertThat(Files.readString(encrypted)).isNotEqualTo(before);
    List<String> backups =
        files(out).stream().filter(n -> n.startsWith("secrets.enc.yaml.bak-")).toList();
    assertThat(backups).hasSize(1);
    assertThat(Files.readString(out.resolve(backups.get(0)))).isEqualTo(before);
    assertThat(mode(out.resolve(backups.get(0)))).isEqualTo("rw-------");
  }

  @Test
  void initEncryptTakesRecipientsAndRuleFromTheNearestSopsYaml() throws IOException {
    Path keyFile = dir.resolve("key.txt");
    String recipient = keygen(keyFile);
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Files.writeString(
        repo.resolve(".sops.yaml"),
        """
        creation_rules:
          - path_regex: other/.*
            age: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
          - path_regex: deploy/.*\\.enc\\.yaml$
            encrypted_regex: ^(data|stringData)$
            age: >-
              %s
        """
            .formatted(recipient));
    Path out = repo.resolve("deploy");
    Cli.Result init = run(bare, "init", "--out", out.toString(), "--encrypt");
    assertThat(init.code()).as(init.all()).isZero();
    assertThat(init.out()).contains(repo.resolve(".sops.yaml").toString());
    assertThat(Files.readString(out.resolve("secrets.enc.yaml")))
        .contains("recipient: " + recipient)
        .doesNotContain("age1ql3z7");
    assertThat(
            run(withKeyFile(keyFile), "check", out.resolve("secrets.enc.yaml").toString()).code())
        .isZero();
  }

  @Test
  void initEncryptWithoutRecipientsOrWithABadOneWritesNothing() throws IOException {
    Path out = dir.resolve("deploy");
    Cli.Result noConfig = run(bare, "init", "--out", out.toString(), "--encrypt");
    assertThat(noConfig.code()).isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertOneLineError(noConfig);
    assertThat(noConfig.err()).contains("--age").contains(".sops.yaml");
    assertThat(out).doesNotExist();

    Cli.Result bad = run(bare, "init", "--out", out.toString(), "--age", "age1notakey");
    assertThat(bad.code()).isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertOneLineError(bad);
    assertThat(bad.err()).contains("age1notakey").contains("not an age X25519 recipient");
    assertThat(out).doesNotExist();
  }

  // ------------------------------------------------------------------------------------------------ encrypt

  @Test
  void encryptWritesNextToTheInputAndDecryptGivesTheSameSecretBack() throws IOException {
    Path keyFile = dir.resolve("key.txt");
    String recipient = keygen(keyFile);
    Path out = dir.resolve("deploy");
    assertThat(Cli.run("init", "--out", out.toString()).code()).isZero();
    Path plain = out.resolve("secrets.yaml");

    Cli.Result encrypt = run(bare, "encrypt", plain.toString(), "--age", recipient);
    assertThat(encrypt.code()).as(encrypt.all()).isZero();
    Path encrypted = out.resolve("secrets.enc.yaml");
    assertThat(mode(encrypted)).isEqualTo("rw-------");
    assertThat(Files.readString(encrypted)).contains("encrypted_regex: ^(data|stringData)$");
    CheckCommandTest.assertNoValueShown(plain, encrypt.all());

    // The default output of decrypt (secrets.yaml) exists: refused, unchanged.
    String plainBefore = Files.readString(plain);
    Cli.Result refused = run(withKeyFile(keyFile), "decrypt", encrypted.toString());
    assertThat(refused.code()).isEqualTo(ExitCode.FINDINGS_OR_REFUSED);
    assertOneLineError(refused);
    assertThat(Files.readString(plain)).isEqualTo(plainBefore);

    Path again = dir.resolve("again.yaml");
    Cli.Result decrypt =
        run(withKeyFile(keyFile), "decrypt", encrypted.toString(), "-o", again.toString());
    assertThat(decrypt.code()).as(decrypt.all()).isZero();
    assertThat(texts(SecretManifests.parseOne(again.toString(), SecretManifests.bytesOf(again))))
        .isEqualTo(
            texts(SecretManifests.parseOne(plain.toString(), SecretManifests.bytesOf(plain))))
        .hasSize(5);

    // Encrypting again over an existing output is refused too.
    Cli.Result twice = run(bare, "encrypt", plain.toString(), "--age", recipient);
    assertThat(twice.code()).isEqualTo(ExitCode.FINDINGS_OR_REFUSED);
  }

  @Test
  void encryptTakesRecipientsFromSopsYamlAndRefusesWithoutAny() throws IOException {
    String recipient = keygen(dir.resolve("key.txt"));
    Path repo = Files.createDirectories(dir.resolve("repo"));
    assertThat(Cli.run("init", "--out", repo.toString()).code()).isZero();

    Cli.Result none = run(bare, "encrypt", repo.resolve("secrets.yaml").toString());
    assertThat(none.code()).isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertOneLineError(none);
    assertThat(repo.resolve("secrets.enc.yaml")).doesNotExist();

    Files.writeString(
        repo.resolve(".sops.yaml"),
        "creation_rules:\n  - encrypted_regex: ^(data|stringData)$\n"
            + "    age: "
            + recipient
            + "\n");
    Cli.Result encrypt = run(bare, "encrypt", repo.resolve("secrets.yaml").toString());
    assertThat(encrypt.code()).as(encrypt.all()).isZero();
    assertThat(Files.readString(repo.resolve("secrets.enc.yaml")))
        .contains("recipient: " + recipient);
  }

  @Test
  void encryptToStdoutWritesNoFileAndTheOutputOpensWithAnInlineKey() throws IOException {
    Path keyFile = dir.resolve("key.txt");
    String recipient = keygen(keyFile);
    assertThat(Cli.run("init", "--out", dir.toString()).code()).isZero();
    Path plain = dir.resolve("secrets.yaml");

    Cli.Result encrypt = run(bare, "encrypt", plain.toString(), "--age", recipient, "-o", "-");
    assertThat(encrypt.code()).as(encrypt.all()).isZero();
    assertThat(encrypt.out()).contains("sops:").contains("ENC[AES256_GCM,data:");
    assertThat(dir.resolve("secrets.enc.yaml")).doesNotExist();
    CheckCommandTest.assertNoValueShown(plain, encrypt.all());

    // SOPS_AGE_KEY holds the key text itself, as sops reads it.
    Path copy = Files.writeString(dir.resolve("copy.enc.yaml"), encrypt.out());
    String secretLine =
        Files.readAllLines(keyFile).stream()
            .filter(l -> l.startsWith("AGE-SECRET-KEY-1"))
            .findFirst()
            .orElseThrow();
    Cli.Result check =
        run(Map.of("HOME", home.toString(), "SOPS_AGE_KEY", secretLine), "check", copy.toString());
    assertThat(check.code()).as(check.all()).isZero();
    assertThat(check.all()).doesNotContain(secretLine);
  }

  @Test
  void decryptWithForceKeepsTheReplacedFileAsABackup() throws IOException {
    Path keyFile = dir.resolve("key.txt");
    String recipient = keygen(keyFile);
    assertThat(run(bare, "init", "--out", dir.toString(), "--age", recipient).code()).isZero();
    Path target = Files.writeString(dir.resolve("secrets.yaml"), "old: content\n");

    Cli.Result decrypt =
        run(withKeyFile(keyFile), "decrypt", dir.resolve("secrets.enc.yaml").toString(), "--force");
    assertThat(decrypt.code()).as(decrypt.all()).isZero();
    assertThat(Files.readString(target)).contains("kind: Secret");
    List<String> backups =
        files(dir).stream().filter(n -> n.startsWith("secrets.yaml.bak-")).toList();
    assertThat(backups).hasSize(1);
    assertThat(Files.readString(dir.resolve(backups.get(0)))).isEqualTo("old: content\n");
    assertThat(decrypt.out()).contains("kept the previous");
  }

  // ------------------------------------------------------------------------------------------------ failures

  /** An encrypted Secret, its key file, and a folder to decrypt into. */
  private record Fixture(Path encrypted, Path keyFile, Path outDir) {}

  private Fixture encryptedSecret() throws IOException {
    Path keyFile = dir.resolve("key.txt");
    String recipient = keygen(keyFile);
    Path out = dir.resolve("deploy");
    assertThat(run(bare, "init", "--out", out.toString(), "--age", recipient).code()).isZero();
    return new Fixture(
        out.resolve("secrets.enc.yaml"), keyFile, Files.createDirectories(dir.resolve("plain")));
  }

  /**
   * decrypt and check both fail with {@code code}, one line naming {@code expected}, nothing
   * written or shown.
   */
  private void assertRefused(
      Fixture fixture, Map<String, String> env, int code, String expected, String... extra)
      throws IOException {
    Path target = fixture.outDir().resolve("secrets.yaml");
    List<String> args =
        new ArrayList<>(
            List.of("decrypt", fixture.encrypted().toString(), "-o", target.toString()));
    args.addAll(List.of(extra));
    Cli.Result decrypt = run(env, args.toArray(String[]::new));
    assertThat(decrypt.code()).as(decrypt.all()).isEqualTo(code);
    assertOneLineError(decrypt);
    assertThat(decrypt.err()).contains(expected);
    assertThat(decrypt.out()).isEmpty();
    assertThat(files(fixture.outDir())).isEmpty();

    List<String> checkArgs = new ArrayList<>(List.of("check", fixture.encrypted().toString()));
    checkArgs.addAll(List.of(extra));
    Cli.Result check = run(env, checkArgs.toArray(String[]::new));
    assertThat(check.code()).as(check.all()).isEqualTo(code);
    assertOneLineError(check);
    assertThat(check.out()).isEmpty();
  }

  @Test
  void aTamperedValueIsRefused() throws IOException {
    Fixture fixture = encryptedSecret();
    String text = Files.readString(fixture.encrypted());
    Matcher value = Pattern.compile("COOKIE_BLOCK_KEY: ENC\\[AES256_GCM,data:(.)").matcher(text);
    assertThat(value.find()).isTrue();
    char changed = value.group(1).equals("A") ? 'B' : 'A';
    Files.writeString(
        fixture.encrypted(),
        text.substring(0, value.start(1)) + changed + text.substring(value.end(1)));
    assertRefused(
        fixture,
        withKeyFile(fixture.keyFile()),
        ExitCode.FINDINGS_OR_REFUSED,
        "data.COOKIE_BLOCK_KEY");
  }

  @Test
  void aTamperedMacIsRefused() throws IOException {
    Fixture fixture = encryptedSecret();
    String text = Files.readString(fixture.encrypted());
    Matcher mac = Pattern.compile("mac: ENC\\[AES256_GCM,data:(.)").matcher(text);
    assertThat(mac.find()).isTrue();
    char changed = mac.group(1).equals("A") ? 'B' : 'A';
    Files.writeString(
        fixture.encrypted(),
        text.substring(0, mac.start(1)) + changed + text.substring(mac.end(1)));
    assertRefused(
        fixture, withKeyFile(fixture.keyFile()), ExitCode.FINDINGS_OR_REFUSED, "sops.mac");
  }

  @Test
  void aValueMovedToAnotherKeyIsRefused() throws IOException {
    Fixture fixture = encryptedSecret();
    String text = Files.readString(fixture.encrypted());
    // Swap the two 32-character keys' ciphertexts: each decrypts, but not under its own path.
    Matcher block = Pattern.compile("COOKIE_BLOCK_KEY: (ENC\\[[^\\]]+\\])").matcher(text);
    Matcher session = Pattern.compile("SESSION_ENCRYPTION_KEY: (ENC\\[[^\\]]+\\])").matcher(text);
    assertThat(block.find() && session.find()).isTrue();
    String swapped =
        text.replace(block.group(0), "COOKIE_BLOCK_KEY: " + session.group(1))
            .replace(session.group(0), "SESSION_ENCRYPTION_KEY: " + block.group(1));
    Files.writeString(fixture.encrypted(), swapped);
    assertRefused(
        fixture, withKeyFile(fixture.keyFile()), ExitCode.FINDINGS_OR_REFUSED, "does not decrypt");
  }

  @Test
  void aWrongIdentityIsRefused() throws IOException {
    Fixture fixture = encryptedSecret();
    Path other = dir.resolve("other.txt");
    keygen(other);
    assertRefused(
        fixture,
        bare,
        ExitCode.FINDINGS_OR_REFUSED,
        "none of your age identities",
        "-i",
        other.toString());
  }

  @Test
  void aMissingIdentityIsAnInputError() throws IOException {
    Fixture fixture = encryptedSecret();
    assertRefused(fixture, bare, ExitCode.USAGE_OR_INPUT, "no age identity found");
  }

  @Test
  void aTruncatedArmorIsRefused() throws IOException {
    Fixture fixture = encryptedSecret();
    String text = Files.readString(fixture.encrypted());
    Files.writeString(
        fixture.encrypted(), text.replaceFirst("\\n\\s*-----END AGE ENCRYPTED FILE-----", ""));
    assertRefused(fixture, withKeyFile(fixture.keyFile()), ExitCode.FINDINGS_OR_REFUSED, "damaged");
  }

  @Test
  void aPlainFileIsNotAnEncryptedOne() throws IOException {
    assertThat(Cli.run("init", "--out", dir.toString()).code()).isZero();
    Cli.Result decrypt =
        run(
            bare,
            "decrypt",
            dir.resolve("secrets.yaml").toString(),
            "-o",
            dir.resolve("out.yaml").toString());
    assertThat(decrypt.code()).isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertOneLineError(decrypt);
    assertThat(decrypt.err()).contains("not a SOPS-encrypted file");
    assertThat(dir.resolve("out.yaml")).doesNotExist();
  }

  @ParameterizedTest
  @EnumSource(SopsException.Reason.class)
  void everyFailureReasonHasAnExitCode(SopsException.Reason reason) {
    int code = Failures.classify(new SopsException(reason, "x"), "decrypt").exitCode();
    int expected =
        switch (reason) {
          case INVALID_INPUT, NOT_A_SOPS_FILE, UNSUPPORTED_VERSION, INVALID_KEY, MISSING_IDENTITY ->
              ExitCode.USAGE_OR_INPUT;
          case WRONG_IDENTITY, CORRUPT_AGE_FILE, TAMPERED_VALUE, TAMPERED_MAC ->
              ExitCode.FINDINGS_OR_REFUSED;
          case IO -> ExitCode.CLUSTER_OR_IO;
        };
    assertThat(code).isEqualTo(expected);
  }

  // ------------------------------------------------------------------------------------------------ interop

  @Test
  void theRealAgeToolOpensTheDataKeyOfInitAgeOutput() throws Exception {
    if (!Files.isExecutable(AGE)) {
      String why =
          AGE
              + " is not installed (apt-get install age); the interop test against the real age is skipped";
      if ("true".equals(System.getenv("CI"))) {
        fail(why + ", but CI=true requires it");
      }
      Assumptions.abort(why);
    }
    Fixture fixture = encryptedSecret();
    String text = Files.readString(fixture.encrypted());
    Matcher armor =
        Pattern.compile(
                "-----BEGIN AGE ENCRYPTED FILE-----[\\s\\S]*?-----END AGE ENCRYPTED FILE-----")
            .matcher(text);
    assertThat(armor.find()).isTrue();
    String enc =
        armor.group().lines().map(String::strip).reduce((a, b) -> a + "\n" + b).orElseThrow()
            + "\n";
    Process age =
        new ProcessBuilder(AGE.toString(), "-d", "-i", fixture.keyFile().toString()).start();
    try (var in = age.getOutputStream()) {
      in.write(enc.getBytes(StandardCharsets.US_ASCII));
    }
    byte[] dataKey = age.getInputStream().readAllBytes();
    String err = new String(age.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(age.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(age.exitValue()).as(err).isZero();
    assertThat(dataKey).hasSize(32);
  }
}
