package dev.sessionkeys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {

  @TempDir Path dir;

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  private List<String> files() throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private Cli.Result init(String... extra) {
    String[] args = new String[extra.length + 3];
    args[0] = "init";
    args[1] = "--out";
    args[2] = dir.toString();
    System.arraycopy(extra, 0, args, 3, extra.length);
    return Cli.run(args);
  }

  @Test
  void writesASecretAndValuesThatPassTheCheck() throws IOException {
    Cli.Result result = init();
    assertThat(result.code()).as(result.all()).isZero();
    Path secrets = dir.resolve("secrets.yaml");
    Path values = dir.resolve("values.yaml");
    assertThat(files()).containsExactly("secrets.yaml", "values.yaml");
    assertThat(mode(secrets)).isEqualTo("rw-------");
    assertThat(Files.readString(secrets))
        .contains("namespace: fairwinds-insights")
        .contains("type: Opaque");
    assertThat(Files.readString(values))
        .contains("autogenerateKeys: false")
        .contains("secretName: fwinsights-secrets");
    assertThat(result.out())
        .contains("kubectl apply -f " + secrets + " -n fairwinds-insights")
        .contains("options.autogenerateKeys=false")
        .contains("sha256:");
    CheckCommandTest.assertNoValueShown(secrets, result.all());

    Cli.Result check = Cli.run("check", secrets.toString(), "--values", values.toString());
    assertThat(check.code()).as(check.all()).isZero();
    assertThat(check.out()).contains("0 errors, 0 warnings, 0 info");
  }

  @Test
  void honoursNameNamespaceAndProfile() throws IOException {
    Path profile =
        Files.writeString(
            Files.createTempFile(dir.getParent(), "profile", ".yaml"),
            """
        name: my-app
        secretName: my-app-secrets
        namespace: my-app
        keys:
          - {name: API_KEY, length: 40, rotation: grace}
        """);
    try {
      Cli.Result result =
          init("--secret-name", "keys", "--namespace", "apps", "--profile", profile.toString());
      assertThat(result.code()).as(result.all()).isZero();
      String secret = Files.readString(dir.resolve("secrets.yaml"));
      assertThat(secret).contains("name: keys").contains("namespace: apps").contains("API_KEY: ");
      assertThat(result.out()).contains("-n apps");
      assertThat(
              Cli.run(
                      "check",
                      dir.resolve("secrets.yaml").toString(),
                      "--profile",
                      profile.toString())
                  .code())
          .isZero();
    } finally {
      Files.delete(profile);
    }
  }

  @Test
  void neverOverwritesAnExistingSecretsFileWithoutForce() throws IOException {
    assertThat(init().code()).isZero();
    Path secrets = dir.resolve("secrets.yaml");
    String before = Files.readString(secrets);
    Cli.Result again = init();
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("already exists").contains("--force").hasLineCount(1);
    assertThat(secrets).hasContent(before);
    assertThat(files()).containsExactly("secrets.yaml", "values.yaml");
  }

  @Test
  void forceKeepsTheOldFileAsAnOwnerOnlyBackupFirst() throws IOException {
    assertThat(init().code()).isZero();
    Path secrets = dir.resolve("secrets.yaml");
    String before = Files.readString(secrets);
    Cli.Result forced = init("--force");
    assertThat(forced.code()).as(forced.all()).isZero();
    assertThat(Files.readString(secrets)).isNotEqualTo(before);
    List<String> backups = files().stream().filter(f -> f.startsWith("secrets.yaml.bak-")).toList();
    assertThat(backups)
        .singleElement()
        .satisfies(name -> assertThat(name).matches("secrets.yaml.bak-\\d{8}T\\d{6}Z"));
    Path backup = dir.resolve(backups.get(0));
    assertThat(backup).hasContent(before);
    assertThat(mode(backup)).isEqualTo("rw-------");
    assertThat(forced.out()).contains("kept the previous secrets.yaml as " + backup);
    CheckCommandTest.assertNoValueShown(backup, forced.all());
    CheckCommandTest.assertNoValueShown(secrets, forced.all());
  }

  @Test
  void anExistingValuesFileIsNeverRewritten() throws IOException {
    Path values = dir.resolve("values.yaml");
    String mine = "# my settings\nimage:\n  tag: 1.2.3\noptions:\n  host: insights.example.com\n";
    Files.writeString(values, mine);
    Cli.Result result = init();
    assertThat(result.code()).as(result.all()).isZero();
    assertThat(values).hasContent(mine);
    Path extra = dir.resolve("values-sessionkeys.yaml");
    assertThat(Files.readString(extra)).contains("autogenerateKeys: false");
    assertThat(result.out()).contains("-f " + values + " -f " + extra).contains("is unchanged");
  }

  @Test
  void anAgreeingValuesFileIsReportedNotDuplicated() throws IOException {
    Path values = dir.resolve("values.yaml");
    String mine =
        "options:\n  autogenerateKeys: false\n  secretName: fwinsights-secrets\n  host: x\n";
    Files.writeString(values, mine);
    Cli.Result result = init();
    assertThat(result.code()).isZero();
    assertThat(values).hasContent(mine);
    assertThat(files()).containsExactly("secrets.yaml", "values.yaml");
    assertThat(result.out()).contains("already sets options.autogenerateKeys: false");
  }

  @Test
  void aBrokenValuesFileIsAnInputErrorAndNothingIsWritten() throws IOException {
    Files.writeString(dir.resolve("values.yaml"), "options:\n  a: 1\n  a: 2\n");
    Cli.Result result = init();
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("values.yaml:3: duplicate key 'a'");
    assertThat(files()).containsExactly("values.yaml");
  }

  @Test
  void unusableOutputsAreInputErrorsAndNothingIsWritten() throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    Cli.Result outIsFile = Cli.run("init", "--out", file.toString());
    assertThat(outIsFile.code()).isEqualTo(2);
    assertThat(outIsFile.err()).contains("is a file, not a folder");

    Cli.Result underFile = Cli.run("init", "--out", file.resolve("sub").toString());
    assertThat(underFile.code()).isEqualTo(2);

    Files.createDirectory(dir.resolve("secrets.yaml"));
    Cli.Result secretsIsDir = init();
    assertThat(secretsIsDir.code()).isEqualTo(2);
    assertThat(secretsIsDir.err()).contains("secrets.yaml is a directory");
    assertThat(files()).containsExactly("a-file", "secrets.yaml");
  }

  @Test
  void aFolderThatRefusesNewFilesIsAnInputErrorEvenForRoot() {
    Path proc = Path.of("/proc");
    Assumptions.assumeTrue(Files.isDirectory(proc), "no /proc on this system: check skipped");
    Cli.Result result = Cli.run("init", "--out", proc.toString());
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).startsWith("sessionkeys: ").contains("/proc").hasLineCount(1);
    assertThat(proc.resolve("secrets.yaml")).doesNotExist();
  }

  @Test
  void aReadOnlyOutputFolderIsAnInputError() throws IOException {
    Assumptions.assumeFalse(
        "root".equals(System.getProperty("user.name")),
        "running as root, which may write anywhere: read-only folder check skipped");
    Path readOnly = Files.createDirectory(dir.resolve("ro"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
    try {
      Cli.Result result = Cli.run("init", "--out", readOnly.toString());
      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err()).contains("not writable");
    } finally {
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void aProfileWithABadLengthIsAnInputErrorAndNothingIsWritten() throws IOException {
    for (String length : List.of("0", "100000")) {
      Path profile =
          Files.writeString(
              dir.getParent().resolve("bad-profile-" + length + ".yaml"),
              "name: x\nsecretName: x\nnamespace: x\nkeys:\n  - name: K\n    length: "
                  + length
                  + "\n    rotation: grace\n");
      try {
        Cli.Result result = init("--profile", profile.toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err())
            .contains(profile + ":6: length " + length + " of K is out of range")
            .hasLineCount(1);
        assertThat(files()).isEmpty();
      } finally {
        Files.delete(profile);
      }
    }
  }

  @Test
  void badNamesAreUsageErrors() throws IOException {
    assertThat(init("--secret-name", "UPPER").code()).isEqualTo(2);
    assertThat(init("--namespace", "a.b").code()).isEqualTo(2);
    assertThat(files()).isEmpty();
  }

  private static void git(Path dir, String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 3];
    command[0] = "git";
    command[1] = "-C";
    command[2] = dir.toString();
    System.arraycopy(args, 0, command, 3, args.length);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
  }

  @Test
  void warnsWhenSecretsWouldBeCommittableInAGitWorkTree() throws Exception {
    try {
      git(dir, "init", "-q");
    } catch (IOException e) {
      Assumptions.abort("git is not installed: work-tree warning check skipped");
    }
    Cli.Result unignored = init();
    assertThat(unignored.code()).isZero();
    assertThat(unignored.err()).contains("warning:").contains("not ignored");

    // Ignoring secrets.yaml alone leaves the backup --force makes (the old keys) committable.
    Files.writeString(dir.resolve(".gitignore"), "secrets.yaml\n");
    Cli.Result backupExposed = init("--force");
    assertThat(backupExposed.code()).isZero();
    assertThat(backupExposed.err().strip())
        .hasLineCount(1)
        .contains("secrets.yaml.bak-")
        .contains("not ignored");

    Files.writeString(dir.resolve(".gitignore"), "secrets.yaml*\n");
    Cli.Result ignored = init("--force");
    assertThat(ignored.code()).isZero();
    assertThat(ignored.err()).doesNotContain("warning");
  }

  @Test
  void noWarningOutsideAGitWorkTree() {
    Cli.Result result = init();
    assertThat(result.code()).isZero();
    assertThat(result.err()).isEmpty();
  }
}
