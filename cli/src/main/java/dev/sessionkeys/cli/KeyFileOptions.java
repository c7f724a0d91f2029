package dev.sessionkeys.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where and how the commands that write a key file ({@code init}, {@code adopt}) write it: {@code
 * --out DIR}, and {@code --age RECIPIENT} or {@code --encrypt}, with either of which the file is
 * {@code secrets.enc.yaml}, a SOPS file encrypted in memory, so the plain keys never touch disk.
 */
final class KeyFileOptions {

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = ".",
      description =
          "Folder for secrets.yaml (or secrets.enc.yaml) and the Helm values. Default: the current"
              + " folder.")
  Path out;

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
   * Encrypts a key file's content in memory before it is written ({@link EncryptedFiles#sealer}).
   * Holds only JDK types, so that commands which may encrypt load no encryption code when they do
   * not.
   *
   * @param from where the recipients came from ({@code --age} or a {@code .sops.yaml} path)
   * @param recipients how many age recipients can decrypt
   * @param seal plaintext bytes to the encrypted file's bytes
   */
  record Sealer(String from, int recipients, java.util.function.UnaryOperator<byte[]> seal) {}
}
