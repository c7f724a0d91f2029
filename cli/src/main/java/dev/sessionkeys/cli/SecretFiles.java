package dev.sessionkeys.cli;

import dev.sessionkeys.core.validate.SecretDocument;
import dev.sessionkeys.manifest.SecretManifests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads Secret manifests that may be SOPS-encrypted: an encrypted file is decrypted in memory only
 * and read as the plaintext it holds. Plain files take the manifest module's path unchanged and
 * load no encryption code (a cheap look for a top-level {@code sops} key decides), so {@code check
 * secrets.yaml} starts as fast as before.
 */
final class SecretFiles {

  /** Above this the manifest reader refuses the file anyway; leave the message to it. */
  private static final long MAX_BYTES = 1024 * 1024;

  private SecretFiles() {}

  /**
   * Every Secret in {@code file}, decrypted first if it is a SOPS file ({@code identity}: the -i
   * FILE, or null).
   */
  static List<SecretDocument> readAll(Path file, Path identity) {
    byte[] bytes = readIfSmall(file);
    if (bytes == null) {
      return SecretManifests.readAll(file);
    }
    return SecretManifests.parse(file.toString(), plaintextOf(file, bytes, identity));
  }

  /** The one Secret in {@code file}, decrypted first if it is a SOPS file. */
  static SecretDocument readOne(Path file, Path identity) {
    byte[] bytes = readIfSmall(file);
    if (bytes == null) {
      return SecretManifests.readOne(file);
    }
    return SecretManifests.parseOne(file.toString(), plaintextOf(file, bytes, identity));
  }

  private static byte[] plaintextOf(Path file, byte[] bytes, Path identity) {
    return looksEncrypted(bytes) ? EncryptedFiles.decrypt(file, bytes, identity) : bytes;
  }

  /**
   * Whether the text has a top-level {@code sops} key (YAML: a line starting {@code sops:}; JSON: a
   * {@code "sops"} key). Only a hint: the SOPS reader decides, and refuses a file whose {@code
   * sops} block is not what sops writes.
   */
  static boolean looksEncrypted(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    return text.startsWith("sops:") || text.contains("\nsops:") || text.contains("\"sops\"");
  }

  /**
   * The bytes of a readable regular file of at most 1 MiB; null to let the manifest reader report
   * the problem.
   */
  private static byte[] readIfSmall(Path file) {
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
        return null;
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      return null;
    }
  }
}
