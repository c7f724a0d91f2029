package dev.sessionkeys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `sessionkeys demo` as a user runs it after `sessionkeys init`, and its one-line errors with their
 * exit codes.
 */
class DemoCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void servesWithTheKeysOfAnEncryptedSecretDecryptedInMemory() throws Exception {
    Path keyFile = dir.resolve("age.txt");
    StringWriter keygen = new StringWriter();
    assertThat(
            Main.run(
                new String[] {"age-keygen", "-o", keyFile.toString()},
                new PrintWriter(keygen),
                new PrintWriter(err)))
        .isZero();
    String recipient = keygen.toString().replaceAll("(?s).*Public key: (age1[a-z0-9]+).*", "$1");
    assertThat(
            Main.run(
                new String[] {"init", "--out", dir.toString(), "--age", recipient},
                new PrintWriter(out),
                new PrintWriter(err)))
        .as(err.toString())
        .isZero();

    AtomicReference<HttpResponse<String>> page = new AtomicReference<>();
    CommandLine cmd =
        new CommandLine(
            new DemoCommand(
                server ->
                    page.set(
                        HttpClient.newHttpClient()
                            .send(
                                HttpRequest.newBuilder(server.uri()).build(),
                                HttpResponse.BodyHandlers.ofString()))));
    StringWriter demoOut = new StringWriter();
    PrintWriter errWriter = new PrintWriter(err);
    cmd.setOut(new PrintWriter(demoOut));
    cmd.setErr(errWriter);
    cmd.setExecutionExceptionHandler((e, c, p) -> Failures.report(e, "demo", errWriter, false));
    int code =
        cmd.execute(
            "--secret",
            dir.resolve("secrets.enc.yaml").toString(),
            "-i",
            keyFile.toString(),
            "--port",
            "0");

    assertThat(code).as(err.toString()).isZero();
    assertThat(page.get().statusCode()).isEqualTo(200);
    // The fingerprints init printed are the ones the demo serves with.
    String fingerprint =
        out.toString().replaceAll("(?s).*SESSION_AUTH_KEY\\s+sha256:([0-9a-f]{8}).*", "$1");
    assertThat(demoOut.toString())
        .contains("secrets.enc.yaml")
        .contains("SESSION_AUTH_KEY sha256:" + fingerprint);
    assertThat(dir.resolve("secrets.yaml")).doesNotExist();
  }

  @Test
  void servesTheSignInPageWithTheKeysInitWrote() throws Exception {
    assertThat(
            Main.run(
                new String[] {"init", "--out", dir.toString()},
                new PrintWriter(out),
                new PrintWriter(err)))
        .isZero();

    AtomicReference<HttpResponse<String>> page = new AtomicReference<>();
    CommandLine cmd =
        new CommandLine(
            new DemoCommand(
                server ->
                    page.set(
                        HttpClient.newHttpClient()
                            .send(
                                HttpRequest.newBuilder(server.uri()).build(),
                                HttpResponse.BodyHandlers.ofString()))));
    PrintWriter errWriter = new PrintWriter(err);
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(errWriter);
    cmd.setExecutionExceptionHandler((e, c, p) -> Failures.report(e, "demo", errWriter, false));
    int code = cmd.execute("--secret", dir.resolve("secrets.yaml").toString(), "--port", "0");

    assertThat(code).as(err.toString()).isZero();
    assertThat(page.get().statusCode()).isEqualTo(200);
    assertThat(page.get().body()).contains("<form id=\"sign-in\"");
    assertThat(out.toString())
        .contains(
            "sessionkeys demo: http://127.0.0.1:",
            "SESSION_AUTH_KEY sha256:",
            "ALLOW_HTTP_COOKIES=true",
            "stop with Ctrl-C");
  }

  @Test
  void missingKeysAreAnInputErrorOnOneLine() {
    int code =
        Main.run(
            new String[] {"demo", "--port", "0", "--secret", dir.resolve("nope.yaml").toString()},
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    assertThat(code).isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertThat(err.toString())
        .startsWith("sessionkeys: ")
        .contains("nope.yaml: no such file")
        .hasLineCount(1);
  }

  @Test
  void aBadPortIsAUsageError() {
    int code =
        Main.run(
            new String[] {"demo", "--port", "70000"},
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    assertThat(code).isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertThat(err.toString()).contains("--port 70000");
  }

  @Test
  void aTakenPortIsAnIoFailure() throws Exception {
    assertThat(
            Main.run(
                new String[] {"init", "--out", dir.toString()},
                new PrintWriter(out),
                new PrintWriter(err)))
        .isZero();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int code =
          Main.run(
              new String[] {
                "demo",
                "--port",
                String.valueOf(taken.getLocalPort()),
                "--secret",
                dir.resolve("secrets.yaml").toString()
              },
              new PrintWriter(out, true),
              new PrintWriter(err, true));
      assertThat(code).isEqualTo(ExitCode.CLUSTER_OR_IO);
      assertThat(err.toString())
          .contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .hasLineCount(1);
    }
  }
}
