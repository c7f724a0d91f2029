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
 * A run of the common commands inside a throw-away folder, for the launcher to record which classes start-up needs
 * (an AppCDS archive). Writes nothing outside its temp folder and prints nothing.
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
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> {
          try {
            Files.deleteIfExists(p);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
  }

  private static void run(String... args) {
    StringWriter sink = new StringWriter();
    Main.run(args, new PrintWriter(sink), new PrintWriter(sink));
  }
}
