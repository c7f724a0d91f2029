package dev.sessionkeys.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureFilesTest {

  @TempDir Path dir;

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  private long entries() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }

  @Test
  void writesWithOwnerOnlyModeAndNoTempFileLeft() throws IOException {
    Path file = dir.resolve("secrets.yaml");
    SecureFiles.writeAtomically(file, "one".getBytes(StandardCharsets.UTF_8));
    assertThat(file).hasContent("one");
    assertThat(mode(file)).isEqualTo("rw-------");
    assertThat(entries()).isEqualTo(1);
  }

  @Test
  void replacingAWorldReadableFileLeavesAnOwnerOnlyFile() throws IOException {
    Path file = dir.resolve("secrets.yaml");
    Files.writeString(file, "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    SecureFiles.writeAtomically(file, "new".getBytes(StandardCharsets.UTF_8));
    assertThat(file).hasContent("new");
    assertThat(mode(file)).isEqualTo("rw-------");
    assertThat(entries()).isEqualTo(1);
  }

  @Test
  void writeIfAbsentNeverReplaces() throws IOException {
    Path file = dir.resolve("secrets.yaml");
    assertThat(SecureFiles.writeIfAbsent(file, "first".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(SecureFiles.writeIfAbsent(file, "second".getBytes(StandardCharsets.UTF_8)))
        .isFalse();
    assertThat(file).hasContent("first");
    assertThat(mode(file)).isEqualTo("rw-------");
    assertThat(entries()).isEqualTo(1);
  }

  @Test
  void backupsAreTimestampedOwnerOnlyAndNeverReplaced() throws IOException {
    Path file = dir.resolve("secrets.yaml");
    Files.writeString(file, "keys v1");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    Clock clock = Clock.fixed(Instant.parse("2026-11-26T19:30:05Z"), ZoneOffset.UTC);
    Path first = SecureFiles.backup(file, clock);
    assertThat(first.getFileName()).hasToString("secrets.yaml.bak-20261126T193005Z");
    assertThat(first).hasContent("keys v1");
    assertThat(mode(first)).isEqualTo("rw-------");
    Files.writeString(file, "keys v2");
    Path second = SecureFiles.backup(file, clock);
    assertThat(second.getFileName()).hasToString("secrets.yaml.bak-20261126T193005Z-1");
    assertThat(second).hasContent("keys v2");
    assertThat(first).hasContent("keys v1");
  }

  @Test
  void unusableTargetsAreRefusedBeforeWriting() throws IOException {
    assertThatThrownBy(() -> SecureFiles.writeAtomically(dir, new byte[1]))
        .isInstanceOf(SecureFiles.UnusableTargetException.class)
        .hasMessageContaining("is a directory");
    Path notAFolder = dir.resolve("file");
    Files.writeString(notAFolder, "x");
    assertThatThrownBy(
            () -> SecureFiles.writeAtomically(notAFolder.resolve("secrets.yaml"), new byte[1]))
        .isInstanceOf(SecureFiles.UnusableTargetException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(
            () -> SecureFiles.writeAtomically(dir.resolve("missing/secrets.yaml"), new byte[1]))
        .isInstanceOf(SecureFiles.UnusableTargetException.class);
  }

  @Test
  void aReadOnlyFolderIsRefused() throws IOException {
    Assumptions.assumeFalse(
        "root".equals(System.getProperty("user.name")),
        "running as root, which may write anywhere: read-only folder check skipped");
    Path readOnly = Files.createDirectory(dir.resolve("ro"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
    try {
      assertThatThrownBy(
              () -> SecureFiles.writeAtomically(readOnly.resolve("secrets.yaml"), new byte[1]))
          .isInstanceOf(SecureFiles.UnusableTargetException.class)
          .hasMessageContaining("not writable");
    } finally {
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void aSymbolicLinkAtTheTargetIsRefusedNotFollowed() throws IOException {
    Path elsewhere = Files.writeString(dir.resolve("elsewhere.txt"), "untouched");
    Path link = Files.createSymbolicLink(dir.resolve("secrets.yaml"), elsewhere);
    byte[] keys = "keys".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> SecureFiles.writeAtomically(link, keys))
        .isInstanceOf(SecureFiles.UnusableTargetException.class)
        .hasMessage(
            link
                + " is a symbolic link; key files are never written through links: remove the"
                + " link or give the real path");
    assertThatThrownBy(() -> SecureFiles.writeIfAbsent(link, keys))
        .isInstanceOf(SecureFiles.UnusableTargetException.class);
    assertThatThrownBy(() -> SecureFiles.backup(link))
        .isInstanceOf(SecureFiles.UnusableTargetException.class);
    // A dangling link too: writing "through" it would create the file it points to.
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling.yaml"), dir.resolve("nowhere"));
    assertThatThrownBy(() -> SecureFiles.writeIfAbsent(dangling, keys))
        .isInstanceOf(SecureFiles.UnusableTargetException.class);
    assertThat(elsewhere).hasContent("untouched");
    assertThat(dir.resolve("nowhere")).doesNotExist();
    assertThat(entries()).isEqualTo(3); // elsewhere.txt and the two links: no temp file left
  }

  private static void git(Path dir, String... args) throws Exception {
    java.util.List<String> command =
        new java.util.ArrayList<>(java.util.List.of("git", "-C", dir.toString()));
    command.addAll(java.util.List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).as(String.join(" ", args)).isZero();
  }

  @Test
  void theGitGuardWarnsForKeyFilesThatCouldBeCommitted() throws Exception {
    Path outside = Files.writeString(dir.resolve("outside.yaml"), "k");
    assertThat(SecureFiles.exposure(outside)).isEmpty();
    Path repo = Files.createDirectories(dir.resolve("repo"));
    try {
      git(repo, "init", "-q");
    } catch (IOException e) {
      Assumptions.abort("git is not installed");
    }
    Path secrets = Files.writeString(repo.resolve("secrets.yaml"), "k");
    assertThat(SecureFiles.exposure(secrets))
        .hasValue(
            secrets
                + " is inside a git work tree and not ignored: its keys are one `git add` away"
                + " from a commit. Add it to .gitignore, or encrypt it (SOPS + age) before"
                + " committing");
    Files.writeString(repo.resolve(".gitignore"), "secrets.yaml\n");
    assertThat(SecureFiles.exposure(secrets)).isEmpty();
    // A backup beside it is not covered by that pattern.
    Path backup = Files.writeString(repo.resolve("secrets.yaml.bak-20260101T000000Z"), "k");
    assertThat(SecureFiles.exposure(backup)).get().asString().contains("not ignored");
    // Tracked files are never "ignored", whatever .gitignore says.
    git(repo, "add", "-f", "secrets.yaml");
    assertThat(SecureFiles.exposure(secrets))
        .get()
        .asString()
        .startsWith(secrets + " is tracked by git: its keys will be committed");
  }
}
