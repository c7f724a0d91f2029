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
}
