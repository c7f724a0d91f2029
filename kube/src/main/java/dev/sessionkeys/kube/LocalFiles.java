package dev.sessionkeys.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes files that hold keys: owner-only (0600), via a temporary file renamed into place, so none is ever partial. */
final class LocalFiles {

  private LocalFiles() {}

  /**
   * Writes {@code text} to {@code file} atomically with mode 0600.
   *
   * @param overwrite whether an existing file may be replaced; when false and it exists, fails
   */
  static void write0600(Path file, String text, boolean overwrite) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
      if (!overwrite && Files.exists(file)) {
        throw new FileAlreadyExistsException(file.toString(), null, "refusing to overwrite it");
      }
      Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
          channel.force(true);
        }
        try {
          Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
