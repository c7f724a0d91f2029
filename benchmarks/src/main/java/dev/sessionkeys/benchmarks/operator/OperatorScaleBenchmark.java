package dev.sessionkeys.benchmarks.operator;

import dev.sessionkeys.benchmarks.MockApiBenchmark;
import dev.sessionkeys.operator.OperatorOptions;
import dev.sessionkeys.operator.SessionKeysOperator;
import dev.sessionkeys.operator.crd.RotationSpec;
import dev.sessionkeys.operator.crd.SessionKeySet;
import dev.sessionkeys.operator.crd.SessionKeySetSpec;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cold start at scale: 1,000 SessionKeySets in 100 namespaces exist, none has its Secret; the
 * operator starts, and the measured time ends when every one reports Ready. Peak heap (operator and
 * mock API server share this JVM, so it is an upper bound for the operator) and the steady-state
 * load when nothing changes are printed after each iteration.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar OperatorScaleBenchmark}. Target: under
 * 60 s and 256 MiB.
 */
public class OperatorScaleBenchmark extends MockApiBenchmark {

  static final int NAMESPACES = 100;
  static final int PER_NAMESPACE = 10;
  static final int TOTAL = NAMESPACES * PER_NAMESPACE;
  static final Duration STEADY_STATE = Duration.ofSeconds(10);

  KubernetesMockServer server;
  KubernetesClient client;
  SessionKeysOperator operator;

  @Setup(Level.Iteration)
  public void createResources() throws Exception {
    server = crud();
    client = server.createClient();
    try (InputStream in =
        SessionKeysOperator.class.getResourceAsStream(
            "/META-INF/fabric8/sessionkeysets.sessionkeys.dev-v1.yml")) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(
              client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class))
          .create();
    }
    // In parallel: a thousand creates one by one would make each iteration's set-up slow.
    IntStream.range(0, TOTAL)
        .parallel()
        .forEach(
            n -> {
              SessionKeySet set = new SessionKeySet();
              set.getMetadata().setName("app-" + n % PER_NAMESPACE);
              set.getMetadata().setNamespace("team-" + n / PER_NAMESPACE);
              SessionKeySetSpec spec = new SessionKeySetSpec();
              spec.secretName = set.getMetadata().getName() + "-keys";
              spec.rotation = new RotationSpec("30d", "1d");
              set.setSpec(spec);
              client.resource(set).create();
            });
    resetPeakHeap();
  }

  // No warm-up: every iteration is a cold start, with fresh resources and a fresh operator.
  @Benchmark
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 0)
  @Measurement(iterations = 3)
  public int coldStartUntilAllReady() throws InterruptedException {
    operator =
        SessionKeysOperator.start(
            client,
            OperatorOptions.defaults()
                .withLeaderElection(false, null, null)
                .withHttp("127.0.0.1", -1));
    while (true) {
      int ready = readyCount();
      if (ready == TOTAL) {
        return ready;
      }
      Thread.sleep(250);
    }
  }

  private int readyCount() {
    return (int)
        client.resources(SessionKeySet.class).inAnyNamespace().list().getItems().stream()
            .filter(
                set ->
                    set.getStatus() != null
                        && set.getStatus()
                            .condition("Ready")
                            .filter(c -> "True".equals(c.getStatus()))
                            .isPresent())
            .count();
  }

  @TearDown(Level.Iteration)
  public void measureSteadyStateAndStop() throws InterruptedException {
    long peakHeap = peakHeap();
    // The backlog of events from the cold start (one per Secret written) drains after the last
    // Ready: wait until a whole second passes without a reconciliation, then measure.
    long settleStart = System.nanoTime();
    long last = -1;
    while (operator.metrics().reconcileCount() != last) {
      last = operator.metrics().reconcileCount();
      Thread.sleep(1000);
    }
    double settle = (System.nanoTime() - settleStart) / 1e9;
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long requestsBefore = server.getRequestCount();
    long cpuBefore = os.getProcessCpuTime();
    long reconcilesBefore = operator.metrics().reconcileCount();
    Thread.sleep(STEADY_STATE.toMillis());
    long requests = server.getRequestCount() - requestsBefore;
    double cpuSeconds = (os.getProcessCpuTime() - cpuBefore) / 1e9;
    long reconciles = operator.metrics().reconcileCount() - reconcilesBefore;
    System.out.printf(
        "%n[operator scale] %d SessionKeySets in %d namespaces: peak heap %.1f MiB (operator + mock"
            + " server); %d reconciles in all, settled %.1f s after all Ready; steady state over %d s: %.1f requests/s to the API server, %.1f reconciles/s, CPU %.1f%% of"
            + " one core (operator + mock server); failures %d%n",
        TOTAL,
        NAMESPACES,
        peakHeap / (1024.0 * 1024.0),
        last,
        settle,
        STEADY_STATE.toSeconds(),
        requests / (double) STEADY_STATE.toSeconds(),
        reconciles / (double) STEADY_STATE.toSeconds(),
        100 * cpuSeconds / STEADY_STATE.toSeconds(),
        operator.metrics().failureCount());
    operator.close();
    client.close();
    server.destroy();
  }
}
