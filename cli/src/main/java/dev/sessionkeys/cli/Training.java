package dev.sessionkeys.cli;

import dev.sessionkeys.manifest.SecureFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run of the file commands that scripts and CI call over and over ({@code generate} and {@code
 * check}, in their plain forms), inside a throw-away folder, for the launcher to record which
 * classes their start-up needs (an AppCDS archive). Writes nothing outside its temp folder and
 * prints nothing.
 *
 * <p>Only these commands, on purpose: the archive is mapped and relocated at every start, so each
 * class in it costs every run a little. Trained on all commands (init, the SOPS path, help), the
 * archive was twice the size and {@code generate} some 5 ms slower; the other commands still start
 * from the jar as usual.
 */
final class Training {

  private Training() {}

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("sessionkeys-training");
    Path secrets = dir.resolve("secrets.yaml");
    Path values = dir.resolve("values.yaml");
    Path weak = dir.resolve("weak.yaml");
    try {
      run("generate");
      run("generate", "-o", "json");
      // Through the one key-file writer (0600, no links followed), although these keys are thrown
      // away at the end.
      SecureFiles.writeIfAbsent(
          secrets, run("generate", "-o", "yaml").getBytes(StandardCharsets.UTF_8));
      SecureFiles.writeIfAbsent(
          values,
          "options:\n  autogenerateKeys: false\n  secretName: fwinsights-secrets\n"
              .getBytes(StandardCharsets.UTF_8));
      // A Secret with findings, so that the report's error path is recorded too.
      SecureFiles.writeIfAbsent(
          weak,
          ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: fwinsights-secrets\n"
                  + "stringData:\n  COOKIE_HASH_KEY: aaaa\n")
              .getBytes(StandardCharsets.UTF_8));
      run("check", secrets.toString());
      run("check", secrets.toString(), "--values", values.toString(), "-o", "json");
      run("check", weak.toString());
    } finally {
      Files.deleteIfExists(weak);
      Files.deleteIfExists(values);
      Files.deleteIfExists(secrets);
      Files.deleteIfExists(dir);
    }
  }

  private static String run(String... args) {
    StringWriter sink = new StringWriter();
    Main.run(args, new PrintWriter(sink), new PrintWriter(new StringWriter()));
    return sink.toString();
  }
}
