package dev.sessionkeys.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics}: the key-usage counters and loaded generations in Prometheus's format. */
class MetricsTest {

  @TempDir Path dir;
  private DemoServer demo;

  @AfterEach
  void stop() {
    if (demo != null) {
      demo.close();
    }
  }

  private DemoServer start(Map<String, String> keys) throws Exception {
    Path secrets = TestKeys.writeSecret(dir.resolve("secrets.yaml"), keys);
    demo = TestKeys.startDemo(secrets, 0, line -> {});
    return demo;
  }

  @Test
  void countsDecodesPerSlotAndNamesTheLoadedGenerations() throws Exception {
    Map<String, String> old = TestKeys.fresh();
    Map<String, String> promoted = TestKeys.promote(TestKeys.prepare(old, TestKeys.fresh()));
    // A cookie issued under the old keys, then read by a promoted replica (previous slot) twice:
    // the first read re-issues it, so the second is a primary decode.
    Visitor visitor = new Visitor();
    start(old);
    visitor.signIn(demo.uri(), "Ada");
    demo.close();
    start(promoted);
    assertThat(visitor.get(demo.uri()).text("key-status")).isEqualTo("previous");
    assertThat(visitor.get(demo.uri()).text("key-status")).isEqualTo("current");

    Visitor.Page metrics = new Visitor().get(demo.uri().resolve("/metrics"));
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.header("Content-Type"))
        .isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(metrics.body())
        .contains(
            "# TYPE sessionkeys_key_decodes_total counter\n",
            "sessionkeys_key_decodes_total{codec=\"session\",slot=\"primary\"} 1\n",
            "sessionkeys_key_decodes_total{codec=\"session\",slot=\"next\"} 0\n",
            "sessionkeys_key_decodes_total{codec=\"session\",slot=\"previous\"} 1\n",
            "sessionkeys_key_decodes_total{codec=\"cookie\",slot=\"primary\"} 0\n",
            "sessionkeys_key_decodes_total{codec=\"data\",slot=\"previous\"} 0\n",
            "# TYPE sessionkeys_key_loaded gauge\n",
            "sessionkeys_key_loaded{codec=\"session\",slot=\"primary\",fingerprint=\""
                + TestKeys.sessionGeneration(promoted)
                + "\"} 1\n",
            "sessionkeys_key_loaded{codec=\"session\",slot=\"previous\",fingerprint=\""
                + TestKeys.sessionGeneration(old)
                + "\"} 1\n",
            "sessionkeys_key_loaded{codec=\"data\",slot=\"primary\",fingerprint=\""
                + TestKeys.fingerprint(promoted.get("AES_BASE64_CYPHER_KEY"))
                + "\"} 1\n")
        .doesNotContain("slot=\"next\",fingerprint");
    for (String value : promoted.values()) {
      assertThat(metrics.body()).doesNotContain(value);
    }
    Visitor.Page post =
        new Visitor()
            .send(
                HttpRequest.newBuilder(demo.uri().resolve("/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.header("Allow")).isEqualTo("GET");
  }

  @Test
  void aPreparedReplicaShowsItsNextGeneration() throws Exception {
    Map<String, String> old = TestKeys.fresh();
    Map<String, String> next = TestKeys.fresh();
    start(TestKeys.prepare(old, next));
    assertThat(new Visitor().get(demo.uri().resolve("/metrics")).body())
        .contains(
            "sessionkeys_key_loaded{codec=\"session\",slot=\"next\",fingerprint=\""
                + TestKeys.sessionGeneration(next)
                + "\"} 1\n");
    assertThat(new Visitor().get(demo.uri()).text("next-key"))
        .isEqualTo(TestKeys.sessionGeneration(next));
  }
}
