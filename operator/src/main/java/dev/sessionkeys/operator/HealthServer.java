package dev.sessionkeys.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code /livez} (alias {@code /healthz}), {@code /readyz} and {@code /metrics} on the JDK's own
 * HTTP server: the probes a Deployment needs and a Prometheus scrape target, without a web
 * framework. The probes must be reachable by the kubelet on the pod's address; {@code /metrics} can
 * instead be served on its own address (e.g. 127.0.0.1 only), and is then absent from the probe
 * port.
 */
final class HealthServer implements AutoCloseable {

  private final HttpServer server;
  private final HttpServer metricsServer;

  /**
   * @param metricsAddress {@code host:port} for {@code /metrics} alone, or {@code null} to serve it
   *     on the probe port
   */
  HealthServer(
      String host,
      int port,
      String metricsAddress,
      BooleanSupplier live,
      BooleanSupplier ready,
      Supplier<String> metrics) {
    server = listen(new InetSocketAddress(host, port), "health and metrics");
    server.createContext("/livez", exchange -> probe(exchange, live));
    server.createContext("/healthz", exchange -> probe(exchange, live));
    server.createContext("/readyz", exchange -> probe(exchange, ready));
    try {
      metricsServer =
          metricsAddress == null ? null : listen(parseAddress(metricsAddress), "metrics");
    } catch (RuntimeException e) {
      server.stop(0);
      throw e;
    }
    metricsServer()
        .createContext(
            "/metrics",
            exchange ->
                respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
    // One thread answers both: a probe or a scrape takes microseconds.
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "sessionkeys-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.start();
    if (metricsServer != null) {
      metricsServer.setExecutor(executor);
      metricsServer.start();
    }
  }

  /** The server /metrics is on: its own, or the probe server. */
  private HttpServer metricsServer() {
    return metricsServer == null ? server : metricsServer;
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The port /metrics is served on: its own, or the probe port. */
  int metricsPort() {
    return metricsServer().getAddress().getPort();
  }

  private static HttpServer listen(InetSocketAddress address, String what) {
    try {
      return HttpServer.create(address, 16);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + address.getHostString() + ":" + address.getPort() + " for " + what,
          e);
    }
  }

  /**
   * {@code host:port} (host a name, an IPv4 address or a bracketed IPv6 one; port 0-65535) as an
   * unresolved-free socket address.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  static InetSocketAddress parseAddress(String hostAndPort) {
    int colon = hostAndPort.lastIndexOf(':');
    String host = colon < 0 ? "" : hostAndPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = colon < 0 ? -1 : Integer.parseInt(hostAndPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (host.isEmpty() || port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "'" + hostAndPort + "' is not HOST:PORT (e.g. 127.0.0.1:9090)");
    }
    return new InetSocketAddress(host, port);
  }

  private static void probe(HttpExchange exchange, BooleanSupplier check) throws IOException {
    boolean ok = check.getAsBoolean();
    respond(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ready\n");
  }

  private static void respond(HttpExchange exchange, int code, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    if (metricsServer != null) {
      metricsServer.stop(0);
    }
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }
}
