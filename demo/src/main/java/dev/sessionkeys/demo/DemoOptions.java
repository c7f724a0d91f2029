package dev.sessionkeys.demo;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to run the demo. Immutable; start from {@link #defaults()} and change with the {@code with}
 * methods.
 *
 * @param host the address to listen on; default {@value #DEFAULT_HOST}, so that only this machine
 *     can reach the demo
 * @param port the port, 0 for any free one; default {@value #DEFAULT_PORT}
 * @param secret a {@code secrets.yaml} (a Kubernetes Secret manifest) or a mounted Secret
 *     directory, or null to take the keys from {@code environment}
 * @param environment the process environment: the keys when {@code secret} is null, {@code
 *     ALLOW_HTTP_COOKIES} and {@code SESSIONKEYS_SECRET_NAME}
 * @param console where the demo says what it does (one line per call; never a key value, never a
 *     user's name)
 */
public record DemoOptions(
    String host, int port, Path secret, Map<String, String> environment, Consumer<String> console) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;

  public DemoOptions {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("the host is empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("the port must be 0..65535, got " + port);
    }
    environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    Objects.requireNonNull(console, "console");
  }

  /** 127.0.0.1:8080, keys from the process environment, messages to standard output. */
  public static DemoOptions defaults() {
    return new DemoOptions(DEFAULT_HOST, DEFAULT_PORT, null, System.getenv(), System.out::println);
  }

  public DemoOptions withHost(String host) {
    return new DemoOptions(host, port, secret, environment, console);
  }

  public DemoOptions withPort(int port) {
    return new DemoOptions(host, port, secret, environment, console);
  }

  public DemoOptions withSecret(Path secret) {
    return new DemoOptions(host, port, secret, environment, console);
  }

  public DemoOptions withEnvironment(Map<String, String> environment) {
    return new DemoOptions(host, port, secret, environment, console);
  }

  public DemoOptions withConsole(Consumer<String> console) {
    return new DemoOptions(host, port, secret, environment, console);
  }

  @Override
  public String toString() {
    // The environment may hold the keys themselves.
    return "DemoOptions[host=" + host + ", port=" + port + ", secret=" + secret + "]";
  }
}
