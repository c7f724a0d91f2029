package dev.sessionkeys.cli;

import dev.sessionkeys.manifest.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a file that holds keys (plain or encrypted) the way {@code init} does: mode 0600,
 * atomically, never over an existing file unless {@code --force}, and then only after keeping the
 * old one as a timestamped backup.
 */
final class SecretOutput {

  private SecretOutput() {}

  /**
   * Encrypts a file's content in memory before it is written (see {@code EncryptedFiles.sealer}).
   * Holds only JDK types, so that commands which may encrypt load no encryption code when they do
   * not.
   *
   * @param from where the recipients came from ({@code --age} or a {@code .sops.yaml} path)
   * @param recipients how many age recipients can decrypt
   * @param seal plaintext bytes to the encrypted file's bytes
   */
  record Sealer(String from, int recipients, java.util.function.UnaryOperator<byte[]> seal) {}

  /**
   * Refuses before any work when {@code target} exists and {@code force} is off (exit 1) or is a
   * directory (exit 2).
   */
  static void requireWritable(Path target, boolean force) {
    if (Files.isDirectory(target)) {
      throw CliException.input(target + " is a directory; give a file path with -o");
    }
    if (Files.exists(target) && !force) {
      throw CliException.refused(
          target
              + " already exists and may hold live keys; nothing written. Choose another"
              + " -o FILE, or replace it with --force (the old file is kept as a backup)");
    }
  }

  /**
   * Refuses an output that is the input file itself (exit 2), then as {@link #requireWritable}:
   * encrypting or decrypting in place would lose the original if anything went wrong.
   */
  static void requireOtherThan(Path input, Path target, String verb, boolean force) {
    if (target.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize())) {
      throw CliException.input(
          "-o " + target + " is the input file; sessionkeys never " + verb + " in place");
    }
    requireWritable(target, force);
  }

  /**
   * Writes {@code content} to {@code target}.
   *
   * @return the backup of the file replaced, or null when there was none
   */
  static Path write(Path target, byte[] content, boolean force) {
    requireWritable(target, force);
    try {
      Path parent = target.toAbsolutePath().getParent();
      if (parent != null && !Files.exists(parent)) {
        Files.createDirectories(parent);
      }
      if (Files.exists(target)) {
        Path backup = SecureFiles.backup(target);
        SecureFiles.writeAtomically(target, content);
        return backup;
      }
      if (!SecureFiles.writeIfAbsent(target, content)) {
        throw CliException.refused(
            target + " appeared while writing; nothing replaced. Run the command again");
      }
      return null;
    } catch (SecureFiles.UnusableTargetException e) {
      throw CliException.input(e.getMessage());
    } catch (IOException e) {
      throw CliException.io("writing " + target + " failed: " + e.getMessage(), e);
    }
  }
}
