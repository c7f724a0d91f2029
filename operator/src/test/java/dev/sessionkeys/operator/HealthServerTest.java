package dev.sessionkeys.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /metrics on the probe port, or on its own address only (issue 13: bindable to localhost). */
class HealthServerTest {

  private final HttpClient http = HttpClient.newHttpClient();

  private int get(int port, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void metricsOnTheProbePortByDefault() throws Exception {
    try (HealthServer server =
        new HealthServer("127.0.0.1", 0, null, () -> true, () -> false, () -> "m 1\n")) {
      assertThat(server.metricsPort()).isEqualTo(server.port());
      assertThat(get(server.port(), "/metrics")).isEqualTo(200);
      assertThat(get(server.port(), "/livez")).isEqualTo(200);
      assertThat(get(server.port(), "/readyz")).isEqualTo(503);
    }
  }

  @Test
  void metricsOnTheirOwnAddressAreGoneFromTheProbePort() throws Exception {
    try (HealthServer server =
        new HealthServer("127.0.0.1", 0, "127.0.0.1:0", () -> true, () -> true, () -> "m 1\n")) {
      assertThat(server.metricsPort()).isNotEqualTo(server.port());
      assertThat(get(server.metricsPort(), "/metrics")).isEqualTo(200);
      assertThat(get(server.port(), "/metrics")).isEqualTo(404);
      assertThat(get(server.port(), "/readyz")).isEqualTo(200);
      assertThat(get(server.metricsPort(), "/readyz")).isEqualTo(404);
    }
  }

  @Test
  void addressesAreHostColonPort() {
    assertThat(HealthServer.parseAddress("127.0.0.1:9090").getPort()).isEqualTo(9090);
    assertThat(HealthServer.parseAddress("[::1]:9090").getAddress().isLoopbackAddress()).isTrue();
    for (String bad : new String[] {"127.0.0.1", ":9090", "localhost:x", "h:70000", "h:-1"}) {
      assertThatThrownBy(() -> HealthServer.parseAddress(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("'" + bad + "' is not HOST:PORT (e.g. 127.0.0.1:9090)");
    }
  }

  @Test
  void theEnvironmentSetsIt() {
    assertThat(OperatorOptions.fromEnvironment(Map.of()).metricsBindAddress()).isNull();
    assertThat(
            OperatorOptions.fromEnvironment(
                    Map.of("SESSIONKEYS_METRICS_BIND_ADDRESS", " 127.0.0.1:9090 "))
                .metricsBindAddress())
        .isEqualTo("127.0.0.1:9090");
    assertThatThrownBy(
            () ->
                OperatorOptions.fromEnvironment(
                    Map.of("SESSIONKEYS_METRICS_BIND_ADDRESS", "127.0.0.1")))
        .hasMessageStartingWith("SESSIONKEYS_METRICS_BIND_ADDRESS: ");
  }
}
