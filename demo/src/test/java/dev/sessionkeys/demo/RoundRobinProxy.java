package dev.sessionkeys.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A load balancer for tests: an HTTP proxy on 127.0.0.1 that sends each request to the next replica
 * in turn (round robin, request by request, whatever connection the browser reuses) and skips a
 * replica taken out of rotation, as a Service skips a pod that is not ready during a rolling
 * restart.
 */
final class RoundRobinProxy implements AutoCloseable {

  /** Headers the JDK client sets itself, or that belong to one hop. */
  private static final Set<String> HOP_HEADERS =
      Set.of(
          "host",
          "connection",
          "content-length",
          "expect",
          "upgrade",
          "keep-alive",
          "transfer-encoding",
          "te",
          "trailer",
          "proxy-connection");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final List<URI> backends;
  private final AtomicIntegerArray down;
  private final AtomicInteger next = new AtomicInteger();
  private final HttpClient client =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** The index of the replica that answered each request, in order. */
  final List<Integer> served = Collections.synchronizedList(new ArrayList<>());

  private RoundRobinProxy(List<URI> backends) throws IOException {
    this.backends = List.copyOf(backends);
    this.down = new AtomicIntegerArray(backends.size());
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::forward);
    server.setExecutor(executor);
    server.start();
  }

  static RoundRobinProxy start(List<URI> backends) throws IOException {
    return new RoundRobinProxy(backends);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Takes replica {@code i} out of rotation (before it stops). */
  void drain(int i) {
    down.set(i, 1);
  }

  /** Puts replica {@code i} back (once it serves again). */
  void restore(int i) {
    down.set(i, 0);
  }

  private int pick() {
    for (int tries = 0; tries < backends.size(); tries++) {
      int i = Math.floorMod(next.getAndIncrement(), backends.size());
      if (down.get(i) == 0) {
        return i;
      }
    }
    throw new IllegalStateException("every replica is out of rotation");
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      int i = pick();
      URI backend = backends.get(i);
      String proxyOrigin = "http://" + exchange.getRequestHeaders().getFirst("Host");
      String backendOrigin = "http://" + backend.getRawAuthority();
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(backend.resolve(exchange.getRequestURI().getRawPath()))
              .timeout(Duration.ofSeconds(10))
              .method(
                  exchange.getRequestMethod(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
        String name = h.getKey().toLowerCase(Locale.ROOT);
        if (HOP_HEADERS.contains(name)) {
          continue;
        }
        for (String v : h.getValue()) {
          // The demo checks Origin against Host; a reverse proxy presents the backend's.
          request.header(
              h.getKey(), name.equals("origin") && v.equals(proxyOrigin) ? backendOrigin : v);
        }
      }
      HttpResponse<byte[]> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      served.add(i);
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                  exchange.getResponseHeaders().put(name, values);
                }
              });
      byte[] out = response.body();
      exchange.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        exchange.getResponseBody().write(out);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
