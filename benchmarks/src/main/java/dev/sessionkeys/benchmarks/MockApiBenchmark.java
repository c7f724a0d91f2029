package dev.sessionkeys.benchmarks;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What the scale benchmarks share: one timed run per iteration in a 256 MiB fork (JMH's annotations
 * are inherited; a subclass sets its own unit and counts), fabric8's mock API server (on the
 * loopback interface, its request log quiet), and the heap they report: the mock shares the JVM, so
 * a peak is an upper bound.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx256m"})
public abstract class MockApiBenchmark {

  /** Held so the level set below lasts: java.util.logging keeps loggers only weakly. */
  private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  /** A server that answers only the requests scripted with {@code expect()}. */
  protected static KubernetesMockServer scripted() {
    return started(new KubernetesMockServer(false));
  }

  /** A server in CRUD mode: it stores what is created and serves it back, watches included. */
  // The mock server's Context wants fabric8's configured ObjectMapper, which only this deprecated
  // accessor exposes.
  @SuppressWarnings("deprecation")
  protected static KubernetesMockServer crud() {
    return started(
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesMixedDispatcher(new HashMap<>()),
            false));
  }

  private static KubernetesMockServer started(KubernetesMockServer server) {
    MOCK_SERVER_LOG.setLevel(Level.WARNING);
    server.init(InetAddress.getLoopbackAddress(), 0);
    return server;
  }

  /** Collects garbage and starts a new peak; returns the heap in use now. */
  protected static long resetPeakHeap() {
    System.gc();
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    return heapPools().stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .toList();
  }

  /**
   * The sum of each heap pool's own peak since {@link #resetPeakHeap}: an upper bound of the heap
   * in use at any one moment.
   */
  protected static long peakHeap() {
    return heapPools().stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
  }
}
