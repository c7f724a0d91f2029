package dev.sessionkeys.demo;

import com.sun.net.httpserver.HttpServer;
import dev.sessionkeys.runtime.CookieOptions;
import dev.sessionkeys.runtime.CookieSessionStore;
import dev.sessionkeys.runtime.KeyGeneration;
import dev.sessionkeys.runtime.KeySlot;
import dev.sessionkeys.runtime.KeyUsage;
import dev.sessionkeys.runtime.SessionKeys;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sessionkeys demo: a sign-in page on the JDK's own HTTP server whose sessions live in cookies
 * made with the runtime library. Two processes with the same keys behave as two replicas behind a
 * load balancer; a restarted one keeps everybody signed in; during a rotation cookies signed with
 * the previous keys are accepted and re-issued.
 *
 * <pre>{@code
 * try (DemoServer demo = DemoServer.start(DemoOptions.defaults().withSecret(Path.of("secrets.yaml")))) {
 *   System.out.println(demo.uri());
 *   demo.awaitClose();
 * }
 * }</pre>
 */
public final class DemoServer implements AutoCloseable {

  private static final AtomicInteger INSTANCES = new AtomicInteger();

  /** Requests handled at the same time; the rest wait in a queue of {@link #QUEUED_REQUESTS}. */
  static final int WORKER_THREADS = 8;

  static final int QUEUED_REQUESTS = 64;

  /** The JDK server's limit on reading a request, in seconds from the connection's accept. */
  static final String READ_TIMEOUT_PROPERTY = "sun.net.httpserver.maxReqTime";

  /** The JDK server's limit on writing a response, in seconds. */
  static final String WRITE_TIMEOUT_PROPERTY = "sun.net.httpserver.maxRspTime";

  static final long DEFAULT_READ_TIMEOUT_SECONDS = 10;
  static final long DEFAULT_WRITE_TIMEOUT_SECONDS = 30;

  private final HttpServer server;
  private final ExecutorService executor;
  private final URI uri;
  private final CountDownLatch closed = new CountDownLatch(1);

  private DemoServer(HttpServer server, ExecutorService executor, URI uri) {
    this.server = server;
    this.executor = executor;
    this.uri = uri;
  }

  /**
   * Loads the keys, binds the port and starts serving; returns once requests are accepted.
   *
   * @throws DemoException when the keys are missing or invalid, or the address cannot be bound
   */
  public static DemoServer start(DemoOptions options) {
    DemoKeys loaded = DemoKeys.load(options.secret(), options.environment());
    SessionKeys keys = loaded.keys();

    InetAddress address;
    try {
      address = InetAddress.getByName(options.host());
    } catch (UnknownHostException e) {
      throw DemoException.input(
          "--host "
              + options.host()
              + ": unknown host; use an address of this machine,"
              + " such as "
              + DemoOptions.DEFAULT_HOST);
    }
    CookieTerms cookies = CookieTerms.decide(options.environment(), address);
    CookieSessionStore store =
        keys.sessionStore(CookieOptions.fromEnvironment(cookies.environment()));

    // The JDK server reads these properties once, when the first server of the process starts; a
    // value set by the user (-D...) wins.
    // Headers and body go out in two segments; with Nagle's algorithm on, the body waits for the
    // client's delayed ACK, about 40 ms a page on Linux.
    System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
    // A request must arrive whole (request line, headers and body) within this many seconds of the
    // connection being accepted, or the server closes the connection: a client that sends a
    // partial header and waits (slow loris) holds a worker thread for that long at most.
    System.getProperties()
        .putIfAbsent(READ_TIMEOUT_PROPERTY, Long.toString(DEFAULT_READ_TIMEOUT_SECONDS));
    // And a response must be written within this many seconds (a client that stops reading).
    System.getProperties()
        .putIfAbsent(WRITE_TIMEOUT_PROPERTY, Long.toString(DEFAULT_WRITE_TIMEOUT_SECONDS));
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(address, options.port()), 0);
    } catch (IOException e) {
      // A port in use is the user's to fix; any other failure is named by its class only.
      throw DemoException.io(
          "cannot listen on "
              + options.host()
              + ":"
              + options.port()
              + " ("
              + (e instanceof BindException
                  ? e.getMessage() + "); choose another --port, or stop what uses it"
                  : e.getClass().getSimpleName() + ")"),
          e);
    }
    int port = server.getAddress().getPort();
    String hostPart =
        address.getHostAddress().contains(":")
            ? "[" + address.getHostAddress() + "]"
            : address.getHostAddress();
    URI uri = URI.create("http://" + hostPart + ":" + port + "/");

    // Current first; a second generation while SESSION_*_PREVIOUS keys are loaded (a rotation's
    // grace period).
    List<KeyGeneration> generations = keys.sessionKeyGenerations();
    KeyGeneration current = generations.get(0);
    Pages.ServerInfo info =
        new Pages.ServerInfo(
            hostPart + ":" + port,
            Instant.now(),
            loaded.source(),
            current,
            inSlot(generations, KeySlot.NEXT),
            inSlot(generations, KeySlot.PREVIOUS),
            cookies.pageNote());
    Map<KeyUsage.Codec, List<KeyGeneration>> held = new EnumMap<>(KeyUsage.Codec.class);
    held.put(KeyUsage.Codec.COOKIE, keys.cookieKeyGenerations());
    held.put(KeyUsage.Codec.SESSION, generations);
    held.put(KeyUsage.Codec.DATA, keys.dataCipher().keyGenerations());
    KeyUsage usage = keys.keyUsage();
    server.createContext(
        "/",
        new DemoApp(
            store,
            info,
            current.fingerprint(),
            options.console(),
            Clock.systemUTC(),
            () -> Metrics.render(usage, held)));

    int instance = INSTANCES.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    // Bounded both ways: a fixed number of workers, and a bounded queue of accepted requests
    // waiting for one. When both are full the server closes the new connection at once (the JDK
    // server does so when the executor refuses), which is better than queueing without end.
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            WORKER_THREADS,
            WORKER_THREADS,
            0L,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUED_REQUESTS),
            r -> {
              Thread t =
                  new Thread(r, "sessionkeys-demo-" + instance + "-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
    server.setExecutor(executor);
    server.start();

    options.console().accept("sessionkeys demo: " + uri);
    options
        .console()
        .accept(
            "  keys from "
                + loaded.source()
                + " (Secret "
                + keys.secretName()
                + "): sessions signed with key generation "
                + Pages.describe(current)
                + (info.nextKeys() == null
                    ? ""
                    : "; cookies signed with the next generation "
                        + Pages.describe(info.nextKeys())
                        + " are accepted")
                + (info.previousKeys() == null
                    ? ""
                    : "; cookies signed with the previous generation "
                        + Pages.describe(info.previousKeys())
                        + " are accepted and re-issued"));
    options.console().accept("  " + cookies.consoleNote());
    return new DemoServer(server, executor, uri);
  }

  private static KeyGeneration inSlot(List<KeyGeneration> generations, KeySlot slot) {
    return generations.stream().filter(g -> g.slot() == slot).findFirst().orElse(null);
  }

  /** The port it listens on (the one chosen when the options said 0). */
  public int port() {
    return uri.getPort();
  }

  /** The start page, for example {@code http://127.0.0.1:8080/}. */
  public URI uri() {
    return uri;
  }

  /** Blocks until {@link #close()} has been called (by another thread or a shutdown hook). */
  public void awaitClose() throws InterruptedException {
    closed.await();
  }

  /** Stops listening at once and frees the port; open connections are closed. Idempotent. */
  @Override
  public synchronized void close() {
    // Synchronized: the CLI closes from its shutdown hook and from its main thread.
    if (closed.getCount() == 0) {
      return;
    }
    server.stop(0);
    executor.shutdownNow();
    closed.countDown();
  }

  /**
   * Whether cookies carry Secure. The demo serves plain HTTP, so on a loopback address it sets
   * {@code ALLOW_HTTP_COOKIES=true} itself (browsers would otherwise drop or withhold the cookie)
   * and says so; elsewhere it follows the environment, so that a demo reachable from the network
   * never sends session cookies in clear by accident.
   */
  record CookieTerms(Map<String, String> environment, String consoleNote, String pageNote) {

    static CookieTerms decide(Map<String, String> env, InetAddress address) {
      String given = env.get(CookieOptions.ALLOW_HTTP_COOKIES_ENV);
      boolean allowed = given != null && given.strip().equalsIgnoreCase("true");
      Map<String, String> effective = new HashMap<>(env);
      if (given == null && address.isLoopbackAddress()) {
        effective.put(CookieOptions.ALLOW_HTTP_COOKIES_ENV, "true");
        return new CookieTerms(
            effective,
            "ALLOW_HTTP_COOKIES=true, set by the demo because it serves plain HTTP on this machine only: cookies are"
                + " HttpOnly and SameSite=Lax but not Secure. In production serve HTTPS and leave it unset.",
            "Cookie: HttpOnly, SameSite=Lax, without Secure: ALLOW_HTTP_COOKIES=true was set by the demo because it"
                + " serves plain HTTP on this machine only. In production, serve HTTPS and leave it unset.");
      }
      if (allowed) {
        return new CookieTerms(
            effective,
            "ALLOW_HTTP_COOKIES=true (from the environment): cookies are HttpOnly and SameSite=Lax but not Secure.",
            "Cookie: HttpOnly, SameSite=Lax, without Secure (ALLOW_HTTP_COOKIES=true from the environment).");
      }
      return new CookieTerms(
          effective,
          "cookies are Secure, HttpOnly and SameSite=Lax. This demo serves plain HTTP: browsers keep Secure cookies"
              + " only from HTTPS (or localhost), so put HTTPS in front, or set ALLOW_HTTP_COOKIES=true knowingly.",
          "Cookie: Secure, HttpOnly, SameSite=Lax.");
    }
  }
}
