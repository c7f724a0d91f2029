package dev.sessionkeys.demo;

import dev.sessionkeys.runtime.KeyGeneration;
import dev.sessionkeys.runtime.KeySlot;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The demo's HTML. Static text is written here; every variable part goes through {@link
 * Html#escape}. No scripts: the Content-Security-Policy forbids them, so an injected tag could not
 * run even if escaping were forgotten.
 */
final class Pages {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /** What every page shows about the server that rendered it. */
  record ServerInfo(
      String address,
      Instant startedAt,
      String keySource,
      KeyGeneration currentKeys,
      KeyGeneration nextKeys,
      KeyGeneration previousKeys,
      String cookieNote) {}

  /** A signed-in user, as the page shows them. */
  record SignedIn(
      String user,
      Instant sessionStarted,
      Instant cookieIssued,
      KeyGeneration keys,
      String reissuedUnder) {}

  /** The session key names, in the order of {@link KeyGeneration#keyFingerprints()}. */
  private static final String[] SESSION_KEYS = {"SESSION_AUTH_KEY", "SESSION_ENCRYPTION_KEY"};

  /**
   * A session key generation as text: "sha256:PAIR (SESSION_AUTH_KEY sha256:A,
   * SESSION_ENCRYPTION_KEY sha256:E)". The per-key fingerprints are the ones {@code sessionkeys
   * check} prints.
   */
  static String describe(KeyGeneration generation) {
    return generation.fingerprint() + " (" + keysText(generation) + ")";
  }

  /** How the page names a slot: the primary generation is the "current" one. */
  static String status(KeyGeneration generation) {
    return generation.slot() == KeySlot.PRIMARY
        ? "current"
        : generation.slot().name().toLowerCase(Locale.ROOT);
  }

  private static String keysText(KeyGeneration generation) {
    StringBuilder sb = new StringBuilder();
    List<String> fingerprints = generation.keyFingerprints();
    for (int i = 0; i < fingerprints.size(); i++) {
      sb.append(i == 0 ? "" : ", ")
          .append(i < SESSION_KEYS.length ? SESSION_KEYS[i] : "key " + i)
          .append(' ')
          .append(fingerprints.get(i));
    }
    return sb.toString();
  }

  private Pages() {}

  static String signIn(
      ServerInfo server, String notice, String rejectionReason, String error, String name) {
    StringBuilder body = new StringBuilder();
    body.append("<h1>Sign in</h1>\n");
    if (notice != null) {
      body.append("<p class=\"notice\" id=\"notice\">").append(Html.escape(notice));
      if (rejectionReason != null) {
        body.append(" <span class=\"reason\">(reason: <code id=\"rejection-reason\">")
            .append(Html.escape(rejectionReason))
            .append("</code>)</span>");
      }
      body.append("</p>\n");
    }
    if (error != null) {
      body.append("<p class=\"error\" id=\"form-error\">")
          .append(Html.escape(error))
          .append("</p>\n");
    }
    body.append("<form id=\"sign-in\" method=\"post\" action=\"/signin\">\n")
        .append("  <label for=\"name\">Your name (any name)</label>\n")
        .append("  <input id=\"name\" name=\"name\" maxlength=\"")
        .append(DemoApp.MAX_NAME_LENGTH)
        .append("\" required autofocus value=\"")
        .append(Html.escape(name == null ? "" : name))
        .append("\">\n")
        .append("  <button id=\"sign-in-button\" type=\"submit\">Sign in</button>\n")
        .append("</form>\n");
    return page("Sign in", body.toString(), server);
  }

  private static String timeRow(String title, String id, Instant when, Instant now) {
    return "  <dt>%s</dt><dd><time id=\"%s\" datetime=\"%s\">%s</time> (%s)</dd>\n"
        .formatted(title, id, when, TIME.format(when), ago(when, now));
  }

  static String signedIn(ServerInfo server, SignedIn who, Instant now) {
    StringBuilder body = new StringBuilder();
    body.append("<h1>Signed in</h1>\n")
        .append("<p>Signed in as <strong id=\"user\">")
        .append(Html.escape(who.user()))
        .append("</strong>.</p>\n");
    if (who.reissuedUnder() != null) {
      body.append(
              "<p class=\"notice\" id=\"notice\">Your cookie was signed with a previous key generation (")
          .append(Html.escape(who.keys().fingerprint()))
          .append("). This response re-issued it under the current one (")
          .append(Html.escape(who.reissuedUnder()))
          .append("), so it keeps working when the" + " previous keys are dropped.</p>\n");
    }
    body.append("<dl>\n")
        .append(timeRow("Session started", "session-started", who.sessionStarted(), now))
        .append(timeRow("Cookie issued", "cookie-issued", who.cookieIssued(), now))
        .append("  <dt>Signed by key generation</dt><dd><code id=\"key-fingerprint\">")
        .append(Html.escape(who.keys().fingerprint()))
        .append("</code> <span id=\"key-status\">")
        .append(status(who.keys()))
        .append("</span> <span id=\"key-fingerprints\">(")
        .append(Html.escape(keysText(who.keys())))
        .append(")</span></dd>\n")
        .append("</dl>\n")
        .append("<form id=\"sign-out\" method=\"post\" action=\"/signout\">\n")
        .append("  <button id=\"sign-out-button\" type=\"submit\">Sign out</button>\n")
        .append("</form>\n");
    return page("Signed in", body.toString(), server);
  }

  static String message(String title, String text, ServerInfo server) {
    return page(
        title,
        "<h1>"
            + Html.escape(title)
            + "</h1>\n<p>"
            + Html.escape(text)
            + "</p>\n<p><a href=\"/\">Back to the start page</a></p>\n",
        server);
  }

  private static String page(String title, String body, ServerInfo server) {
    StringBuilder sb = new StringBuilder(2048);
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(Html.escape(title))
        .append(" · sessionkeys demo</title>\n")
        .append("<style>\n")
        .append(
            "body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#222}\n")
        .append("dt{font-weight:600;margin-top:.6rem}dd{margin-left:0}code{font-size:1.05em}\n")
        .append(".notice{background:#fff6d6;border:1px solid #e0c060;padding:.6rem}\n")
        .append(".error{background:#fde2e2;border:1px solid #d08080;padding:.6rem}\n")
        .append("footer{margin-top:2.5rem;font-size:.85rem;color:#555;border-top:1px solid #ddd}\n")
        .append("input,button{font-size:1rem;padding:.3rem .6rem;margin:.3rem 0}\n")
        .append("</style>\n</head>\n<body>\n")
        .append(body)
        .append("<footer>\n")
        .append("<p>Served by <span id=\"server\">")
        .append(Html.escape(server.address()))
        .append("</span>, running since <span id=\"server-started\">")
        .append(TIME.format(server.startedAt()))
        .append("</span>.</p>\n")
        .append("<p>Keys from ")
        .append(Html.escape(server.keySource()))
        .append(": sessions are signed with key generation ");
    generation(sb, "current-key", server.currentKeys(), "");
    if (server.nextKeys() != null) {
      sb.append("; cookies signed with the next generation ");
      generation(sb, "next-key", server.nextKeys(), " are accepted as they are");
    }
    if (server.previousKeys() != null) {
      sb.append("; cookies signed with the previous generation ");
      generation(sb, "previous-key", server.previousKeys(), " are still accepted and re-issued");
    }
    sb.append(".</p>\n<p id=\"cookie-note\">")
        .append(Html.escape(server.cookieNote()))
        .append("</p>\n")
        .append("</footer>\n</body>\n</html>\n");
    return sb.toString();
  }

  /** {@code <code id=ID>FINGERPRINT</code> (KEYS)} and what happens to cookies it signed. */
  private static void generation(
      StringBuilder sb, String id, KeyGeneration generation, String consequence) {
    sb.append("<code id=\"")
        .append(id)
        .append("\">")
        .append(Html.escape(generation.fingerprint()))
        .append("</code> (")
        .append(Html.escape(keysText(generation)))
        .append(')')
        .append(consequence);
  }

  private static String ago(Instant then, Instant now) {
    long s = Math.max(0, Duration.between(then, now).getSeconds());
    String amount =
        s < 60
            ? count(s, "second")
            : s < 3_600
                ? count(s / 60, "minute")
                : s < 48 * 3_600 ? count(s / 3_600, "hour") : count(s / 86_400, "day");
    return amount + " ago";
  }

  private static String count(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
