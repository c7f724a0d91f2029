package dev.sessionkeys.manifest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * Writes files that hold keys so that nothing is lost and nothing leaks: the content goes to a temp
 * file in the same directory, created with mode 0600 (never briefly world-readable), forced to
 * disk, then renamed over the target in one step. A crash leaves either the old file or the new
 * one, never half of either.
 */
public final class SecureFiles {

  /** Owner read and write only. */
  public static final Set<PosixFilePermission> OWNER_ONLY =
      Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private static final DateTimeFormatter BACKUP_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /**
   * A target that can never be written: a directory, or a path whose folder is missing or
   * read-only.
   */
  public static final class UnusableTargetException extends IOException {
    private static final long serialVersionUID = 1L;

    UnusableTargetException(String message) {
      super(message);
    }
  }

  private SecureFiles() {}

  /**
   * Writes {@code content} to {@code target} atomically with mode 0600, replacing any file there.
   */
  public static void writeAtomically(Path target, byte[] content) throws IOException {
    checkTarget(target);
    Path temp = writeTemp(target, content);
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    syncDirectory(target);
  }

  /**
   * Writes {@code content} to {@code target} atomically with mode 0600 only if no file is there,
   * and reports whether it did. The existence check and the write are one step (a hard link), so a
   * file that appears meanwhile is never replaced.
   */
  public static boolean writeIfAbsent(Path target, byte[] content) throws IOException {
    checkTarget(target);
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    Path temp = writeTemp(target, content);
    try {
      Files.createLink(target, temp);
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException e) {
      // No hard links on this file system: the rename is still atomic, the existence check above is
      // our best effort.
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    syncDirectory(target);
    return true;
  }

  /**
   * Copies {@code file} to {@code <name>.bak-<UTC timestamp>} beside it, mode 0600, and returns the
   * copy's path. An existing backup is never replaced: a numeric suffix is added instead.
   */
  public static Path backup(Path file) throws IOException {
    return backup(file, Clock.systemUTC());
  }

  /** As {@link #backup(Path)}, with the clock that names the backup. */
  public static Path backup(Path file, Clock clock) throws IOException {
    byte[] content = Files.readAllBytes(file);
    String base = file.getFileName() + ".bak-" + BACKUP_STAMP.format(clock.instant());
    Path backup = file.resolveSibling(base);
    for (int n = 1; !writeIfAbsent(backup, content); n++) {
      backup = file.resolveSibling(base + "-" + n);
    }
    return backup;
  }

  /**
   * Refuses targets that can never be written, with a one-line reason; says nothing about
   * permissions of the file.
   */
  public static void checkTarget(Path target) throws UnusableTargetException {
    if (Files.isDirectory(target)) {
      throw new UnusableTargetException(target + " is a directory; give a file path");
    }
    Path dir = directoryOf(target);
    if (!Files.isDirectory(dir)) {
      throw new UnusableTargetException("folder " + dir + " does not exist");
    }
    if (!Files.isWritable(dir)) {
      throw new UnusableTargetException("folder " + dir + " is not writable");
    }
  }

  private static Path directoryOf(Path target) {
    Path parent = target.toAbsolutePath().getParent();
    return parent == null ? target.toAbsolutePath().getRoot() : parent;
  }

  private static Path writeTemp(Path target, byte[] content) throws IOException {
    Path dir = directoryOf(target);
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
    FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
            : new FileAttribute<?>[0];
    Path temp;
    try {
      temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", attributes);
    } catch (AccessDeniedException e) {
      throw new UnusableTargetException("folder " + dir + " is not writable");
    } catch (FileSystemException e) {
      // The folder exists but refuses new files (a read-only mount, /proc): nothing can be written
      // there.
      throw new UnusableTargetException(
          "cannot create files in folder "
              + dir
              + (e.getReason() == null ? "" : " (" + e.getReason() + ")"));
    }
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    return temp;
  }

  /** Makes the rename itself durable. Best effort: not every platform can open a directory. */
  private static void syncDirectory(Path target) {
    try (FileChannel channel = FileChannel.open(directoryOf(target), StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      // The file itself is already on disk; only the directory entry's durability is left to the
      // OS.
    }
  }
}
