package dev.sessionkeys.benchmarks.kube;

import dev.sessionkeys.benchmarks.MockApiBenchmark;
import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.kube.Audit;
import dev.sessionkeys.kube.KubeCluster;
import dev.sessionkeys.kube.SecretMapping;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code audit -A} over 10,000 Secrets in 500 namespaces, each holding the five keys of the profile
 * (every one is validated and fingerprinted: the worst case), 50 pairs sharing a key, listed from
 * fabric8's mock API server in pages of 250 (limit/continue). The CRUD mock ignores paging, so the
 * pages are scripted answers; serving them costs the mock about what a real API server costs to
 * serialize.
 *
 * <p>Time: {@code java -jar benchmarks/target/benchmarks.jar AuditBenchmark}. Peak heap: {@code
 * java -Xmx256m -cp benchmarks/target/benchmarks.jar
 * dev.sessionkeys.benchmarks.kube.AuditBenchmark} (runs the audit and prints the peak of the heap
 * pools during it, the mock server's pages included).
 */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 7)
public class AuditBenchmark extends MockApiBenchmark {

  static final int NAMESPACES = 500;
  static final int SECRETS_PER_NAMESPACE = 20;
  static final long PAGE_SIZE = Audit.DEFAULT_PAGE_SIZE;
  static final int SHARED_PAIRS = 50;

  KubernetesMockServer server;
  KubernetesClient client;
  KubeCluster cluster;

  @Setup
  public void setUp() {
    server = scripted();
    List<Secret> secrets = secrets();
    int pages = (int) ((secrets.size() + PAGE_SIZE - 1) / PAGE_SIZE);
    for (int page = 0; page < pages; page++) {
      List<Secret> items =
          secrets.subList(
              (int) (page * PAGE_SIZE), (int) Math.min(secrets.size(), (page + 1) * PAGE_SIZE));
      String next = page + 1 < pages ? "page-" + (page + 1) : null;
      String body =
          Serialization.asJson(
              new SecretListBuilder()
                  .withNewMetadata()
                  .withContinue(next)
                  .withResourceVersion("1")
                  .endMetadata()
                  .withItems(items)
                  .build());
      String path =
          page == 0
              ? "/api/v1/secrets?limit=" + PAGE_SIZE
              : "/api/v1/secrets?continue=page-" + page + "&limit=" + PAGE_SIZE;
      server.expect().get().withPath(path).andReturn(200, body).always();
    }
    client = server.createClient();
    cluster = KubeCluster.of(client, "mock");
  }

  /** 10,000 Secrets; every 100th shares its COOKIE_HASH_KEY with the Secret just before it. */
  static List<Secret> secrets() {
    KeyGenerator generator = KeyGenerator.secure();
    List<Secret> secrets = new ArrayList<>(NAMESPACES * SECRETS_PER_NAMESPACE);
    KeySet previous = null;
    for (int ns = 0; ns < NAMESPACES; ns++) {
      for (int i = 0; i < SECRETS_PER_NAMESPACE; i++) {
        KeySet keys = generator.generate(Profile.FAIRWINDS_INSIGHTS);
        if (previous != null
            && secrets.size() % (NAMESPACES * SECRETS_PER_NAMESPACE / SHARED_PAIRS) == 0) {
          keys = keys.with("COOKIE_HASH_KEY", previous.get("COOKIE_HASH_KEY").orElseThrow());
        }
        Secret secret =
            SecretMapping.newSecret(
                "tenant-" + ns,
                "app-" + i + "-secrets",
                keys,
                Map.of(),
                Map.of("sessionkeys.dev/rotated-at.cookie", "2026-01-01T00:00:00Z"));
        secret.getMetadata().setCreationTimestamp("2025-06-01T00:00:00Z");
        secrets.add(secret);
        previous = keys;
      }
    }
    return secrets;
  }

  @Benchmark
  public Audit.Report auditAllNamespaces() {
    Audit.Report report =
        new Audit(cluster, Profile.FAIRWINDS_INSIGHTS, PAGE_SIZE)
            .run(Audit.Scope.all(), Instant.parse("2026-11-26T00:00:00Z"));
    if (report.rows().size() != NAMESPACES * SECRETS_PER_NAMESPACE
        || report.reuses().size() != SHARED_PAIRS - 1) {
      throw new IllegalStateException(
          "unexpected report: "
              + report.rows().size()
              + " rows, "
              + report.reuses().size()
              + " reuses");
    }
    return report;
  }

  @TearDown
  public void tearDown() {
    client.close();
    server.destroy();
  }

  /** Runs the audit a few times and prints each run's time and the peak heap during the runs. */
  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    AuditBenchmark benchmark = new AuditBenchmark();
    benchmark.setUp();
    try {
      benchmark.auditAllNamespaces(); // warm-up
      long baseline = resetPeakHeap();
      long[] millis = new long[runs];
      for (int run = 0; run < runs; run++) {
        long start = System.nanoTime();
        benchmark.auditAllNamespaces();
        millis[run] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      }
      long peak = peakHeap();
      long[] sorted = millis.clone();
      Arrays.sort(sorted);
      System.out.printf(
          "audit -A over %d Secrets in %d namespaces, pages of %d: runs %s ms, median %d ms%n",
          NAMESPACES * SECRETS_PER_NAMESPACE,
          NAMESPACES,
          PAGE_SIZE,
          Arrays.toString(millis),
          sorted[runs / 2]);
      System.out.printf(
          "heap: %.1f MiB in use before (mock server and its pages included), peak <= %.1f MiB during"
              + " the runs, max heap %.0f MiB%n",
          baseline / 1048576.0, peak / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
    } finally {
      benchmark.tearDown();
    }
  }
}
