package dev.sessionkeys.packaging;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a program to completion, with stdin, and keeps its exit code, stdout and stderr. */
final class Proc {

  record Result(int code, String out, String err) {
    /** For assertion messages: what the program said. */
    String said() {
      return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  private Proc() {}

  static Result run(Path dir, String stdin, Map<String, String> env, List<String> command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("proc", ".out");
    Path err = Files.createTempFile("proc", ".err");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      // No kubeconfig, no cluster of the machine's user: tests name theirs.
      builder.environment().remove("KUBECONFIG");
      builder.environment().putAll(env);
      Process process = builder.start();
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(180, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(command + " ran for more than 180 s");
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  static Result run(Path dir, String... command) throws IOException, InterruptedException {
    return run(dir, null, Map.of(), List.of(command));
  }

  /** The sessionkeys CLI in a fresh JVM, from this test's class path (no launcher, no Maven). */
  static Result sessionkeys(Path dir, String stdin, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.sessionkeys.cli.Main");
    command.addAll(List.of(args));
    return run(dir, stdin, Map.of(), command);
  }
}
