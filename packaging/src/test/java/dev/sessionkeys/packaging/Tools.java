package dev.sessionkeys.packaging;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real helm and kubectl (and the repository's files). CI installs the binaries (.ci/run puts
 * them on PATH); on a machine without them the tests that need them are skipped with a message, and
 * under CI=true they fail instead, so a CI that lost its tools cannot pass silently.
 */
final class Tools {

  /** The repository's root, from Maven (sessionkeys.root), else the module's parent. */
  static final Path ROOT =
      Path.of(System.getProperty("sessionkeys.root", System.getProperty("user.dir") + "/.."))
          .toAbsolutePath()
          .normalize();

  static final Path DEPLOY = ROOT.resolve("deploy");
  static final Path CHART = DEPLOY.resolve("helm/sessionkeys-operator");

  private Tools() {}

  static Path helm() {
    return find("helm");
  }

  static Path kubectl() {
    return find("kubectl");
  }

  static boolean inCi() {
    return "true".equals(System.getenv("CI"));
  }

  /** Skips the calling test with a visible message, or fails it under CI=true. */
  static void require(boolean present, String what) {
    if (present) {
      return;
    }
    if (inCi()) {
      fail(what + " is needed and CI provides it (.ci/run)");
    }
    System.err.println("SKIPPED: " + what + " is not here (CI installs it; see .ci/run)");
    assumeTrue(false, what + " missing");
  }

  static Path find(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
          return candidate;
        }
      }
    }
    require(false, "the real `" + name + "` binary on PATH");
    return null;
  }
}
