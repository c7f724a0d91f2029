package dev.sessionkeys.sops;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The reference age tool (Debian's /usr/bin/age): tests skip visibly without it, and fail when
 * CI=true.
 */
final class AgeCli {

  static final Path AGE = Path.of("/usr/bin/age");

  private AgeCli() {}

  static void require() {
    if (Files.isExecutable(AGE)) {
      return;
    }
    String why =
        AGE
            + " is not installed (apt-get install age); the interop test against the real age is skipped";
    if ("true".equals(System.getenv("CI"))) {
      fail(why + ", but CI=true requires it");
    }
    Assumptions.abort(why);
  }

  /**
   * Runs age with {@code args}, feeding {@code stdin}; returns stdout, failing the test on a
   * non-zero exit.
   */
  static byte[] run(byte[] stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(AGE.toString());
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
    try (var in = process.getOutputStream()) {
      in.write(stdin);
    }
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("age did not finish within 30 s");
    }
    if (process.exitValue() != 0) {
      fail("age " + String.join(" ", args) + " failed: " + new String(err));
    }
    return out;
  }
}
