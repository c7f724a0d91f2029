package dev.sessionkeys.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow clients cannot stall the demo: a client that sends part of a request and waits (slow loris)
 * holds one worker for at most the read timeout and is then dropped, while other requests are
 * answered. The module's tests run with a read timeout of 2 s (see the pom) instead of 10 s.
 */
class SlowClientTest {

  @TempDir Path dir;
  private DemoServer demo;
  private final List<Socket> sockets = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() throws IOException {
    Path secrets = TestKeys.writeSecret(dir.resolve("secrets.yaml"), TestKeys.fresh());
    demo = TestKeys.startDemo(secrets, 0, line -> {});
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    demo.close();
  }

  /** The read timeout in force in this JVM (the JDK server reads it once). */
  static long readTimeoutSeconds() {
    return Long.getLong(DemoServer.READ_TIMEOUT_PROPERTY, DemoServer.DEFAULT_READ_TIMEOUT_SECONDS);
  }

  /** Opens a connection and sends {@code partial}, a request that is not finished. */
  private Socket slowClient(String partial) throws IOException {
    Socket s = new Socket();
    sockets.add(s);
    s.connect(new InetSocketAddress("127.0.0.1", demo.port()), 5000);
    s.setSoTimeout((int) (readTimeoutSeconds() + 10) * 1000);
    OutputStream out = s.getOutputStream();
    out.write(partial.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return s;
  }

  private int get(String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(demo.uri() + path.substring(1)))
            .timeout(Duration.ofSeconds(readTimeoutSeconds() + 10))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** Waits until the server closes the connection; returns how long that took. */
  private static Duration awaitDrop(Socket s, long startNanos) throws IOException {
    InputStream in = s.getInputStream();
    try {
      // The server sends nothing to a request it never finished reading: the end of the stream
      // (or a reset) is the drop.
      while (in.read() >= 0) {
        // a response would mean the partial request was answered: not the case, see below
      }
    } catch (SocketException reset) {
      // closed by the server with unread data: also a drop
    }
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  @Test
  void aSlowLorisClientDoesNotBlockOthersAndIsDroppedAfterTheReadTimeout() throws Exception {
    long started = System.nanoTime();
    Socket loris = slowClient("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Waiting: ");
    // Others are answered while it waits.
    for (int i = 0; i < 20; i++) {
      long t0 = System.nanoTime();
      assertThat(get("/")).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .as("request %d was answered without waiting for the slow client", i)
          .isLessThan(Duration.ofSeconds(readTimeoutSeconds()));
    }
    Duration dropped = awaitDrop(loris, started);
    assertThat(dropped)
        .as("dropped after the read timeout of %d s", readTimeoutSeconds())
        .isGreaterThanOrEqualTo(Duration.ofSeconds(readTimeoutSeconds() - 1))
        .isLessThan(Duration.ofSeconds(readTimeoutSeconds() + 4));
  }

  @Test
  void aClientThatSendsTheHeadersButNotTheWholeBodyIsDroppedToo() throws Exception {
    long started = System.nanoTime();
    Socket slow =
        slowClient(
            "POST /signin HTTP/1.1\r\nHost: 127.0.0.1:"
                + demo.port()
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n"
                + "name=Ada");
    assertThat(get("/")).isEqualTo(200);
    Duration dropped = awaitDrop(slow, started);
    assertThat(dropped).isLessThan(Duration.ofSeconds(readTimeoutSeconds() + 4));
  }

  @Test
  void slowClientsOnEveryWorkerHoldTheServerForTheReadTimeoutAtMost() throws Exception {
    long started = System.nanoTime();
    for (int i = 0; i < DemoServer.WORKER_THREADS; i++) {
      slowClient("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Waiting: ");
    }
    // Every worker may now be waiting for a slow client: this request is answered once they are
    // dropped, not never (with no read timeout it would wait forever).
    assertThat(get("/")).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isLessThan(Duration.ofSeconds(readTimeoutSeconds() + 5));
  }
}
