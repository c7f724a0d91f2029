package dev.sessionkeys.operator;

import static org.assertj.core.api.Assertions.fail;

import dev.sessionkeys.core.Profile;
import dev.sessionkeys.operator.crd.SessionKeySet;
import dev.sessionkeys.operator.crd.SessionKeySetSpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Helpers over fabric8's CRUD mock for the operator tests. */
final class MockCluster {

  static final String NS = "fairwinds-insights";
  static final String SECRET = Profile.FAIRWINDS_INSIGHTS.defaultSecretName();
  private static final AtomicInteger POKES = new AtomicInteger();

  static {
    // The mock logs every request at INFO.
    Logger.getLogger("io.fabric8.mockwebserver.MockWebServer").setLevel(Level.WARNING);
    Logger.getLogger("okhttp3.mockwebserver.MockWebServer").setLevel(Level.WARNING);
  }

  private final KubernetesClient client;

  MockCluster(KubernetesClient client) {
    this.client = client;
  }

  /** Registers the generated CRD, as a real cluster would need before any SessionKeySet exists. */
  void installCrd() {
    try (InputStream in =
        MockCluster.class.getResourceAsStream(
            "/META-INF/fabric8/sessionkeysets.sessionkeys.dev-v1.yml")) {
      CustomResourceDefinition crd =
          client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  SessionKeySet create(String name, SessionKeySetSpec spec) {
    SessionKeySet set = new SessionKeySet();
    set.getMetadata().setName(name);
    set.getMetadata().setNamespace(NS);
    set.setSpec(spec);
    return client.resources(SessionKeySet.class).inNamespace(NS).resource(set).create();
  }

  SessionKeySet get(String name) {
    return client.resources(SessionKeySet.class).inNamespace(NS).withName(name).get();
  }

  /**
   * Changes an unrelated annotation: what a later event would do, so that a pass runs at the moved
   * clock.
   */
  void poke(String name) {
    annotate(name, "test.sessionkeys.dev/poke", Integer.toString(POKES.incrementAndGet()));
  }

  void annotate(String name, String key, String value) {
    client
        .resources(SessionKeySet.class)
        .inNamespace(NS)
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"" + key + "\":\"" + value + "\"}}}");
  }

  Secret secret() {
    return client.secrets().inNamespace(NS).withName(SECRET).get();
  }

  /** The Secret's values, decoded. */
  Map<String, String> values() {
    Secret secret = secret();
    Map<String, String> out = new LinkedHashMap<>();
    if (secret != null && secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    return out;
  }

  static Map<String, String> encode(Map<String, String> values) {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach(
        (k, v) ->
            out.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return out;
  }

  Optional<Condition> condition(String name, String type) {
    SessionKeySet set = get(name);
    return set == null || set.getStatus() == null
        ? Optional.empty()
        : set.getStatus().condition(type);
  }

  boolean conditionIs(String name, String type, String status, String reason) {
    return condition(name, type)
        .filter(
            c -> status.equals(c.getStatus()) && (reason == null || reason.equals(c.getReason())))
        .isPresent();
  }

  List<Event> events() {
    return client.v1().events().inNamespace(NS).list().getItems();
  }

  boolean hasEvent(String reason) {
    return events().stream().anyMatch(e -> reason.equals(e.getReason()));
  }

  static void await(String what, BooleanSupplier condition) {
    await(what, Duration.ofSeconds(20), condition);
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException ignored) {
        // not there yet
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted while waiting for " + what);
      }
    }
    fail("timed out after " + timeout + " waiting for " + what);
  }

  /** Waits a little and checks that {@code condition} held the whole time. */
  static void holds(String what, Duration period, BooleanSupplier condition) {
    long deadline = System.nanoTime() + period.toNanos();
    while (System.nanoTime() < deadline) {
      if (!condition.getAsBoolean()) {
        fail("no longer true: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
