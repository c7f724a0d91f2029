package dev.sessionkeys.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as a user gets it: unpacked in a temp folder, installed with a prefix, and
 * run from PATH with no Maven and no repository anywhere on that PATH.
 */
class ReleaseArchiveIT {

  @TempDir Path work;

  @Test
  void unpacksInstallsAndRunsFromPathWithoutMaven() throws Exception {
    Path archive = Path.of(System.getProperty("sessionkeys.release"));
    assertThat(archive).exists();
    assertThat(archive.getFileName().toString()).matches("sessionkeys-.+\\.tar\\.gz");
    Proc.Result unpack = Proc.run(work, "tar", "-xzf", archive.toString());
    assertThat(unpack.code()).as(unpack.said()).isZero();
    Path release = work.resolve(archive.getFileName().toString().replace(".tar.gz", ""));
    assertThat(release.resolve("libexec/sessionkeys.jar")).exists();
    assertThat(release.resolve("pom.xml")).doesNotExist();
    assertThat(Files.getPosixFilePermissions(release.resolve("install.sh")))
        .contains(PosixFilePermission.OWNER_EXECUTE);

    // PATH: the prefix's bin, java's folder and the basic tools; no mvn, no mvnw, no clone.
    Path prefix = work.resolve("prefix");
    String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
    Path home = Files.createDirectories(work.resolve("home"));
    Map<String, String> env =
        Map.of(
            "PATH",
            prefix.resolve("bin") + ":" + javaBin + ":/usr/bin:/bin",
            "HOME",
            home.toString());
    Proc.Result install =
        Proc.run(
            work,
            null,
            env,
            List.of(release.resolve("install.sh").toString(), "--prefix", prefix.toString()));
    assertThat(install.code()).as(install.said()).isZero();
    assertThat(install.out()).contains("installed: " + prefix.resolve("bin/sessionkeys"));
    assertThat(prefix.resolve("bin/sessionkeys")).isSymbolicLink();
    // The start-up archive was recorded at install time.
    assertThat(prefix.resolve("lib/sessionkeys/libexec/cds/sessionkeys.jsa")).isNotEmptyFile();

    Path elsewhere = Files.createDirectories(work.resolve("project"));
    Proc.Result version = Proc.run(elsewhere, null, env, fromPath("--version"));
    assertThat(version.code()).as(version.said()).isZero();
    assertThat(version.out()).startsWith("sessionkeys ").doesNotContain("development build");
    assertThat(version.err()).isEmpty();
    Proc.Result generate = Proc.run(elsewhere, null, env, fromPath("generate"));
    assertThat(generate.code()).as(generate.said()).isZero();
    assertThat(generate.out()).contains("COOKIE_HASH_KEY=", "AES_BASE64_CYPHER_KEY=");
    assertThat(generate.err()).isEmpty();

    // Completion for the installed name: bash loads it and completes a subcommand.
    Path completion = prefix.resolve("share/bash-completion/completions/sessionkeys");
    Proc.Result complete =
        Proc.run(
            elsewhere,
            null,
            env,
            List.of(
                "bash",
                "-c",
                "source '"
                    + completion
                    + "' && COMP_WORDS=(sessionkeys gen) COMP_CWORD=1 COMP_LINE='sessionkeys gen'"
                    + " COMP_POINT=15 && _complete_sessionkeys && echo \"${COMPREPLY[@]}\""));
    assertThat(complete.code()).as(complete.said()).isZero();
    assertThat(complete.out().trim()).isEqualTo("generate");

    // Installing again (an upgrade) replaces the files and keeps working.
    Proc.Result again =
        Proc.run(
            work,
            null,
            env,
            List.of(
                release.resolve("install.sh").toString(),
                "--prefix",
                prefix.toString(),
                "--no-archive"));
    assertThat(again.code()).as(again.said()).isZero();
    assertThat(Proc.run(elsewhere, null, env, fromPath("--version")).code()).isZero();
  }

  /** `sessionkeys ARGS` as a shell finds it: on the PATH given to the child, not this JVM's. */
  private static List<String> fromPath(String... args) {
    List<String> command =
        new java.util.ArrayList<>(List.of("sh", "-c", "exec \"$0\" \"$@\"", "sessionkeys"));
    command.addAll(List.of(args));
    return command;
  }

  @Test
  void installRefusesAnUnknownArgumentWithUsage() throws Exception {
    Path archive = Path.of(System.getProperty("sessionkeys.release"));
    Proc.Result unpack = Proc.run(work, "tar", "-xzf", archive.toString());
    assertThat(unpack.code()).isZero();
    Path release = work.resolve(archive.getFileName().toString().replace(".tar.gz", ""));
    Proc.Result result =
        Proc.run(work, release.resolve("install.sh").toString(), "--prefx", "/tmp/x");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("unknown argument '--prefx'", "usage: install.sh");
  }
}
