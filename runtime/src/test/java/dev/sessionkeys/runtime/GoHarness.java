package dev.sessionkeys.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Go interop harness (src/test/go/interop) built in GOPATH mode against Debian's gorilla
 * packages and run as one process serving JSON lines. Without Go the interop tests skip with a
 * message, except under CI=true where they fail.
 */
final class GoHarness implements AutoCloseable {

  static final Path SOURCE = Path.of("src/test/go/interop");
  static final Path GOCODE = Path.of("/usr/share/gocode/src/github.com/gorilla");
  static final Path WORK = Path.of("target/go");

  private static GoHarness shared;
  private static boolean skipReported;

  private final Process process;
  private final Writer in;
  private final BufferedReader out;

  private GoHarness(Process process) {
    this.process = process;
    this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /**
   * The shared harness, built once per JVM; skips (or fails under CI=true) when Go or gorilla are
   * missing.
   */
  static synchronized GoHarness get() {
    if (shared == null) {
      String missing = missingPrerequisite();
      if (missing != null) {
        String message =
            "Go interop tests need "
                + missing
                + " (apt-get install golang-go golang-github-gorilla-securecookie-dev golang-github-gorilla-sessions-dev)";
        if ("true".equals(System.getenv("CI"))) {
          throw new AssertionError("CI=true: " + message);
        }
        if (!skipReported) {
          System.err.println("SKIPPED: " + message);
          skipReported = true;
        }
        Assumptions.assumeTrue(false, message);
      }
      try {
        Path binary = build();
        Process p =
            new ProcessBuilder(binary.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        shared = new GoHarness(p);
        Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
      } catch (IOException | InterruptedException e) {
        throw new AssertionError("could not build or start the Go harness: " + e, e);
      }
    }
    return shared;
  }

  static String missingPrerequisite() {
    if (findGo() == null) {
      return "the go tool on PATH";
    }
    if (!Files.isDirectory(GOCODE.resolve("securecookie"))
        || !Files.isDirectory(GOCODE.resolve("sessions"))) {
      return "the gorilla sources in " + GOCODE;
    }
    return null;
  }

  /**
   * The go tool: system property {@code sessionkeys.go} (a path, or "none" to act as if Go were
   * absent), else PATH.
   */
  static String findGo() {
    String configured = System.getProperty("sessionkeys.go", "");
    if (!configured.isEmpty()) {
      return configured.equals("none") || !Files.isExecutable(Path.of(configured))
          ? null
          : configured;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, "go"))) {
        return Path.of(dir, "go").toString();
      }
    }
    return null;
  }

  /** Builds the harness binary into target/go and returns it. */
  static Path build() throws IOException, InterruptedException {
    Path work = WORK.toAbsolutePath();
    Files.createDirectories(work);
    Path binary = work.resolve("interop");
    run(work, List.of(findGo(), "build", "-o", binary.toString(), "."));
    return binary;
  }

  /**
   * Runs a go command in the harness source directory with GOPATH mode and caches under target/go.
   */
  static String run(Path work, List<String> command) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(SOURCE.toAbsolutePath().toFile())
            .redirectErrorStream(true);
    pb.environment().put("GO111MODULE", "off");
    pb.environment().put("GOPATH", work.resolve("gopath") + ":/usr/share/gocode");
    pb.environment().put("GOCACHE", work.resolve("cache").toString());
    pb.environment().put("GOFLAGS", "");
    pb.environment().put("GOENV", "off");
    pb.environment().put("GOPROXY", "off");
    pb.environment().put("GOTOOLCHAIN", "local");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed:\n" + output);
    }
    return output;
  }

  /** Sends one JSON request line and returns the answer line. */
  synchronized String call(String jsonRequest) {
    try {
      in.write(jsonRequest);
      in.write('\n');
      in.flush();
      String line = out.readLine();
      if (line == null) {
        throw new AssertionError("the Go harness exited");
      }
      return line;
    } catch (IOException e) {
      throw new AssertionError("the Go harness failed: " + e, e);
    }
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException ignored) {
      // the process is going away anyway
    }
    process.destroy();
  }
}
