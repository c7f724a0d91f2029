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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The one writer of files that hold keys (secrets, backups, adopt output, decrypted output, age
 * identities), so that nothing is lost and nothing leaks: the content goes to a temp file in the
 * same directory, created with mode 0600 (never briefly world-readable) and opened without
 * following links, forced to disk, then renamed over the target in one step. A crash leaves either
 * the old file or the new one, never half of either; a failure removes the temp file. A symbolic
 * link at the target is refused rather than followed (a link planted there could send the keys
 * anywhere the writer may write). {@link #exposure} is the Git guard for what was written.
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
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, LinkOption.NOFOLLOW_LINKS);
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
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, LinkOption.NOFOLLOW_LINKS);
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
    refuseLink(file);
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
    refuseLink(target);
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

  private static void refuseLink(Path target) throws UnusableTargetException {
    if (Files.isSymbolicLink(target)) {
      throw new UnusableTargetException(
          target
              + " is a symbolic link; key files are never written through links: remove the"
              + " link or give the real path");
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
    boolean written = false;
    try {
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      // Only once the channel closed without error: a failed close leaves no temp file either.
      written = true;
    } finally {
      // Whatever stopped the write (an I/O error, a full disk, an Error), no temp file is left.
      if (!written) {
        Files.deleteIfExists(temp);
      }
    }
    return temp;
  }

  /**
   * The Git guard for a key file written in plain text, as {@code init}, {@code decrypt}, {@code
   * adopt}, {@code apply} backups and {@code rotate -f} apply it: a warning when {@code file} is
   * inside a Git work tree and is tracked, or is not ignored (one {@code git add .} from a commit).
   * Empty when it is ignored, outside any work tree, or when git is missing or slow.
   */
  public static Optional<String> exposure(Path file) {
    Path absolute = file.toAbsolutePath();
    Path dir = directoryOf(absolute);
    String name = String.valueOf(absolute.getFileName());
    // check-ignore: 0 ignored, 1 not ignored (tracked files are never "ignored"), 128 no work tree.
    if (git(dir, "check-ignore", "-q", "--", name) != 1) {
      return Optional.empty();
    }
    if (git(dir, "ls-files", "--error-unmatch", "--", name) == 0) {
      return Optional.of(
          file
              + " is tracked by git: its keys will be committed (or already are). Remove it from"
              + " the index (git rm --cached), add it to .gitignore, and commit only the encrypted"
              + " (SOPS + age) file");
    }
    return Optional.of(
        file
            + " is inside a git work tree and not ignored: its keys are one `git add` away from a"
            + " commit. Add it to .gitignore, or encrypt it (SOPS + age) before committing");
  }

  /** The exit code of {@code git -C dir args...}, or -1 when git cannot be run in time. */
  private static int git(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    try {
      Process git =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!git.waitFor(5, TimeUnit.SECONDS)) {
        git.destroyForcibly();
        return -1;
      }
      return git.exitValue();
    } catch (IOException e) {
      return -1; // no git: nothing to warn about
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
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
