package dev.sessionkeys.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A run of the common commands inside a throw-away folder, for the launcher to record which classes
 * start-up needs (an AppCDS archive). Writes nothing outside its temp folder and prints nothing.
 */
final class Training {

  private Training() {}

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("sessionkeys-training");
    try {
      String out = dir.toString();
      String secrets = dir.resolve("secrets.yaml").toString();
      String values = dir.resolve("values.yaml").toString();
      run("--help");
      run("--version");
      run("generate");
      run("generate", "-o", "yaml");
      run("generate", "-o", "json");
      run("init", "--out", out);
      run("check", secrets);
      run("check", secrets, "--values", values, "-o", "json");
      run("check", values);
      run("check", "--help");
      run("init", "--out", out, "--force");
      run("init", "--bad-option");
      trainEncrypted(dir);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files
            .sorted(Comparator.reverseOrder())
            .forEach(
                p -> {
                  try {
                    Files.deleteIfExists(p);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
      }
    }
  }

  /**
   * The SOPS path (age-keygen, init --age, check, decrypt, encrypt), with a key made for the run
   * and deleted after.
   */
  private static void trainEncrypted(Path dir) throws IOException {
    Path key = dir.resolve("age.txt");
    run("age-keygen", "-o", key.toString());
    if (!Files.isRegularFile(key)) {
      return;
    }
    String recipient =
        Files.readAllLines(key).stream()
            .filter(l -> l.startsWith("# public key: "))
            .map(l -> l.substring("# public key: ".length()))
            .findFirst()
            .orElse(null);
    if (recipient == null) {
      return;
    }
    Path enc = dir.resolve("enc");
    String encrypted = enc.resolve(InitCommand.ENCRYPTED_SECRETS_FILE).toString();
    run("init", "--out", enc.toString(), "--age", recipient);
    run("check", encrypted, "-i", key.toString());
    run("decrypt", encrypted, "-i", key.toString(), "-o", enc.resolve("plain.yaml").toString());
    run(
        "encrypt",
        enc.resolve("plain.yaml").toString(),
        "--age",
        recipient,
        "-o",
        enc.resolve("again.enc.yaml").toString());
  }

  private static void run(String... args) {
    StringWriter sink = new StringWriter();
    Main.run(args, new PrintWriter(sink), new PrintWriter(sink));
  }
}
