package dev.sessionkeys.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --age RECIPIENT} and {@code --encrypt}, shared by the commands that write a key file
 * ({@code init}, {@code adopt}): with either, the file is {@code secrets.enc.yaml}, a SOPS file
 * encrypted in memory, so the plain keys never touch disk.
 */
final class EncryptionOptions {

  @Option(
      names = "--age",
      paramLabel = "RECIPIENT",
      description =
          "Write secrets.enc.yaml instead of secrets.yaml: a SOPS file encrypted in memory for this"
              + " age recipient (age1...; repeatable), encrypted_regex ^(data|stringData)$.")
  List<String> ages = new ArrayList<>();

  @Option(
      names = "--encrypt",
      description =
          "As --age, with the recipients (and the rule) of the nearest .sops.yaml creation rule"
              + " matching secrets.enc.yaml, in the --out folder or above.")
  boolean encrypt;

  /** Whether the key file is to be encrypted. */
  boolean enabled() {
    return encrypt || !ages.isEmpty();
  }

  /**
   * The encryption for {@code target}, checked (recipients resolved) before anything is written.
   */
  SecretOutput.Sealer sealer(Path target) {
    return EncryptedFiles.sealer(ages, target);
  }
}
