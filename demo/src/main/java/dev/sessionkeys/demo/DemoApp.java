package dev.sessionkeys.demo;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.sessionkeys.runtime.CookieException;
import dev.sessionkeys.runtime.CookieSessionStore;
import dev.sessionkeys.runtime.KeyGeneration;
import dev.sessionkeys.runtime.Session;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The demo's pages: {@code GET /} (sign-in form or who is signed in), {@code POST /signin}, {@code
 * POST /signout}, and {@code GET /metrics} (key usage, Prometheus text format).
 *
 * <p>Everything a session needs is in its cookie, signed and encrypted with the session keys, so
 * any process with the same keys — a restarted one, another replica — reads it. A cookie verified
 * by a previous key is saved again under the current key in the same response. A cookie that cannot
 * be read (tampered, expired, or signed by keys this process no longer has) is cleared and the
 * sign-in page shown, with the reason: never an error page.
 */
final class DemoApp implements HttpHandler {

  /** The session cookie's name. */
  static final String COOKIE_NAME = "sessionkeys-demo";

  static final int MAX_NAME_LENGTH = 64;
  private static final int MAX_FORM_BYTES = 4096;
  private static final String USER = "user";
  private static final String STARTED = "started";

  private final CookieSessionStore store;
  private final Pages.ServerInfo server;
  private final String currentKey;
  private final Consumer<String> console;
  private final Clock clock;
  private final Supplier<String> metrics;

  DemoApp(
      CookieSessionStore store,
      Pages.ServerInfo server,
      String currentKey,
      Consumer<String> console,
      Clock clock,
      Supplier<String> metrics) {
    this.metrics = metrics;
    this.store = store;
    this.server = server;
    this.currentKey = currentKey;
    this.console = console;
    this.clock = clock;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      try {
        route(exchange);
      } catch (IOException e) {
        // The browser went away mid-response: nothing to tell it.
      } catch (RuntimeException e) {
        // A bug, not the user's doing: say which class failed, never a value.
        console.accept(
            "internal error on "
                + exchange.getRequestMethod()
                + " "
                + exchange.getRequestURI().getPath()
                + ": "
                + e.getClass().getName());
        try {
          send(
              exchange,
              500,
              Pages.message(
                  "Something went wrong",
                  "The demo failed to handle this request. Its console says where.",
                  server));
        } catch (IOException | RuntimeException late) {
          // The response had already begun: closing the exchange is all that is left.
        }
      }
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    String method = exchange.getRequestMethod();
    String allowed =
        switch (path) {
          case "/", "/metrics" -> "GET";
          case "/signin", "/signout" -> "POST";
          default -> null;
        };
    if (path.equals("/favicon.ico")) {
      exchange.sendResponseHeaders(204, -1);
    } else if (allowed == null) {
      send(exchange, 404, Pages.message("Not found", "There is no page here.", server));
    } else if (path.equals("/signin") && method.equals("GET")) {
      redirectHome(exchange);
    } else if (!method.equals(allowed)) {
      exchange.getResponseHeaders().set("Allow", allowed);
      send(
          exchange,
          405,
          Pages.message("Method not allowed", "This page takes " + allowed + " only.", server));
    } else {
      switch (path) {
        case "/" -> home(exchange);
        case "/signin" -> signIn(exchange);
        case "/signout" -> signOut(exchange);
        default -> metrics(exchange);
      }
    }
  }

  /** The key-usage counters in Prometheus's text format, for a scraper or {@code retire}. */
  private void metrics(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    write(exchange, 200, Metrics.CONTENT_TYPE, metrics.get());
  }

  private void home(HttpExchange exchange) throws IOException {
    Session session = store.load(COOKIE_NAME, cookieHeader(exchange));
    if (session.rejection().isPresent()) {
      CookieException.Reason reason = session.rejection().get().reason();
      signedOut(
          exchange,
          "refused a session cookie (" + reason + ")",
          "You are signed out: your session cookie was not accepted, because "
              + explain(reason)
              + ". Please sign in again.",
          reason.name());
      return;
    }
    if (session.isNew()) {
      send(exchange, 200, Pages.signIn(server, null, null, null, null));
      return;
    }
    Object user = session.values().get(USER);
    Object started = session.values().get(STARTED);
    if (!(user instanceof String name) || !(started instanceof Long startedAt)) {
      // Verified, so made with our keys, but not by this demo (another app sharing the keys): not a
      // sign-in.
      signedOut(
          exchange,
          "a session cookie without this demo's values",
          "You are signed out: your session cookie was made by another"
              + " application that shares these keys. Please sign in.",
          null);
      return;
    }
    KeyGeneration generation = session.keyGeneration().orElseThrow();
    String reissuedUnder = null;
    if (session.needsReissue()) {
      exchange.getResponseHeaders().add("Set-Cookie", store.save(session));
      reissuedUnder = currentKey;
      console.accept(
          "re-issued a session cookie signed with the previous key generation "
              + generation.fingerprint()
              + " under the current one "
              + currentKey);
    }
    Instant now = clock.instant();
    send(
        exchange,
        200,
        Pages.signedIn(
            server,
            new Pages.SignedIn(
                name,
                Instant.ofEpochSecond(startedAt),
                Instant.ofEpochSecond(session.issuedAt().orElseThrow()),
                generation,
                reissuedUnder),
            now));
  }

  /** Clears a session cookie that signs nobody in, and shows the sign-in page saying why. */
  private void signedOut(HttpExchange exchange, String log, String notice, String reason)
      throws IOException {
    console.accept(log + ": cleared it, showing the sign-in page");
    clearCookie(exchange);
    send(exchange, 200, Pages.signIn(server, notice, reason, null, null));
  }

  private void signIn(HttpExchange exchange) throws IOException {
    if (!sameOrigin(exchange)) {
      return;
    }
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type == null
        || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      send(
          exchange,
          415,
          Pages.message("Unsupported form", "Sign in with the form on the start page.", server));
      return;
    }
    byte[] body = readAtMost(exchange.getRequestBody(), MAX_FORM_BYTES);
    if (body == null) {
      send(exchange, 413, Pages.message("Form too large", "Sign in with a shorter name.", server));
      return;
    }
    Map<String, String> form;
    try {
      form = parseForm(new String(body, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      send(
          exchange,
          400,
          Pages.signIn(server, null, null, "The form could not be read; please try again.", null));
      return;
    }
    String name = form.getOrDefault("name", "").strip();
    String problem = nameProblem(name);
    if (problem != null) {
      send(exchange, 400, Pages.signIn(server, null, null, problem, name));
      return;
    }
    Session session = store.newSession(COOKIE_NAME);
    session.values().put(USER, name);
    session.values().put(STARTED, clock.instant().getEpochSecond());
    exchange.getResponseHeaders().add("Set-Cookie", store.save(session));
    console.accept("signed in a user; session cookie signed with key generation " + currentKey);
    redirectHome(exchange);
  }

  private void signOut(HttpExchange exchange) throws IOException {
    if (!sameOrigin(exchange)) {
      return;
    }
    exchange.getRequestBody().readAllBytes();
    clearCookie(exchange);
    redirectHome(exchange);
  }

  static String nameProblem(String name) {
    if (name.isEmpty()) {
      return "Please enter a name.";
    }
    if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
      return "Please enter a name of at most " + MAX_NAME_LENGTH + " characters.";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      // Form decoding (UTF-8) never yields a lone surrogate, so control and format characters are
      // all to refuse.
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        return "Please enter a name without control characters.";
      }
    }
    return null;
  }

  private static String explain(CookieException.Reason reason) {
    return switch (reason) {
      case MAC_INVALID -> "it was changed, or signed with keys this server no longer has";
      case EXPIRED -> "it is older than the session lifetime";
      case TOO_NEW -> "its time stamp lies in the future";
      default -> "it is damaged";
    };
  }

  /**
   * Browsers send {@code Origin} with every form POST: refuse one from another site (the cookie is
   * SameSite=Lax, so this is a second line against cross-site forms).
   */
  private boolean sameOrigin(HttpExchange exchange) throws IOException {
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (origin == null) {
      return true;
    }
    boolean ok = false;
    try {
      URI uri = URI.create(origin);
      String authority = uri.getRawAuthority();
      ok =
          host != null
              && authority != null
              && authority.equalsIgnoreCase(host)
              && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
    } catch (IllegalArgumentException e) {
      ok = false;
    }
    if (!ok) {
      exchange.getRequestBody().readAllBytes();
      send(
          exchange,
          403,
          Pages.message("Forbidden", "This form must be sent from the demo's own page.", server));
    }
    return ok;
  }

  private void clearCookie(HttpExchange exchange) {
    exchange.getResponseHeaders().add("Set-Cookie", store.delete(COOKIE_NAME));
  }

  private static String cookieHeader(HttpExchange exchange) {
    List<String> values = exchange.getRequestHeaders().get("Cookie");
    return values == null || values.isEmpty() ? null : String.join("; ", values);
  }

  private static byte[] readAtMost(InputStream in, int limit) throws IOException {
    byte[] data = in.readNBytes(limit + 1);
    if (data.length > limit) {
      // Read the rest (up to a bound) so the client sees the answer instead of a reset connection.
      in.readNBytes(64 * 1024);
      return null;
    }
    return data;
  }

  private static Map<String, String> parseForm(String body) {
    Map<String, String> out = new HashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(k, v);
    }
    return out;
  }

  private void redirectHome(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Location", "/");
    securityHeaders(exchange.getResponseHeaders());
    exchange.sendResponseHeaders(303, -1);
  }

  private static void send(HttpExchange exchange, int status, String html) throws IOException {
    securityHeaders(exchange.getResponseHeaders());
    write(exchange, status, "text/html; charset=utf-8", html);
  }

  private static void write(HttpExchange exchange, int status, String type, String text)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static void securityHeaders(Headers headers) {
    headers.set(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    headers.set("X-Content-Type-Options", "nosniff");
    // Not "no-referrer": with it browsers send "Origin: null" on the page's own forms, which
    // sameOrigin() refuses.
    headers.set("Referrer-Policy", "same-origin");
    // Pages show who is signed in: never from a cache.
    headers.set("Cache-Control", "no-store");
  }
}
