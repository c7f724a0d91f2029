package dev.sessionkeys.demo;

import com.sun.net.httpserver.HttpServer;
import dev.sessionkeys.runtime.CookieOptions;
import dev.sessionkeys.runtime.CookieSessionStore;
import dev.sessionkeys.runtime.KeyGeneration;
import dev.sessionkeys.runtime.SessionKeys;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

  private final HttpServer server;
  private final ExecutorService executor;
  private final URI uri;
  private final String currentKey;
  private final CountDownLatch closed = new CountDownLatch(1);

  private DemoServer(HttpServer server, ExecutorService executor, URI uri, String currentKey) {
    this.server = server;
    this.executor = executor;
    this.uri = uri;
    this.currentKey = currentKey;
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
    CookieSessionStore store = keys.sessionStore(CookieOptions.defaults(cookies.environment()));

    // The JDK server sends headers and body in two segments; with Nagle's algorithm on, the body
    // waits for the
    // client's delayed ACK, about 40 ms a page on Linux. The property is read once, when the first
    // server starts, and
    // a value set by the user wins.
    System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(address, options.port()), 0);
    } catch (BindException e) {
      throw DemoException.io(
          "cannot listen on "
              + options.host()
              + ":"
              + options.port()
              + " ("
              + e.getMessage()
              + "); choose another --port, or stop what uses it",
          e);
    } catch (IOException e) {
      throw DemoException.io(
          "cannot listen on "
              + options.host()
              + ":"
              + options.port()
              + " ("
              + e.getClass().getSimpleName()
              + ")",
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
    KeyGeneration previous = generations.size() > 1 ? generations.get(1) : null;
    Pages.ServerInfo info =
        new Pages.ServerInfo(
            hostPart + ":" + port,
            Instant.now(),
            loaded.source(),
            current,
            previous,
            cookies.pageNote());
    server.createContext(
        "/", new DemoApp(store, info, current.fingerprint(), options.console(), Clock.systemUTC()));

    int instance = INSTANCES.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t =
                  new Thread(r, "sessionkeys-demo-" + instance + "-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
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
                + (previous == null
                    ? ""
                    : "; cookies signed with the previous generation "
                        + Pages.describe(previous)
                        + " are accepted and re-issued"));
    options.console().accept("  " + cookies.consoleNote());
    return new DemoServer(server, executor, uri, current.fingerprint());
  }

  /** The port it listens on (the one chosen when the options said 0). */
  public int port() {
    return uri.getPort();
  }

  /** The start page, for example {@code http://127.0.0.1:8080/}. */
  public URI uri() {
    return uri;
  }

  /**
   * The fingerprint of the session key generation (SESSION_AUTH_KEY and SESSION_ENCRYPTION_KEY
   * together) new cookies are signed with.
   */
  public String currentKeyFingerprint() {
    return currentKey;
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
