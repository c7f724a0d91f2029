package dev.sessionkeys.runtime;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * gorilla/sessions' {@code CookieStore}, framework-neutral: sessions are read from a {@code Cookie}
 * request header value and written as a {@code Set-Cookie} response header value, with gob-encoded
 * values, so a Go service and a Java service sharing the keys read each other's sessions.
 *
 * <pre>{@code
 * CookieSessionStore store = SessionKeys.fromEnvironment().sessionStore();
 * Session session = store.load("insights", exchange.getRequestHeaders().getFirst("Cookie"));
 * session.values().put("user", "alice");
 * exchange.getResponseHeaders().add("Set-Cookie", store.save(session));
 * // to sign out instead:
 * exchange.getResponseHeaders().add("Set-Cookie", store.delete("insights"));
 * }</pre>
 */
public final class CookieSessionStore {

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  /**
   * The last Expires text: formatting a date costs more than the rest of Set-Cookie, and it changes
   * once a second.
   */
  private volatile ExpiresText lastExpires = new ExpiresText(Long.MIN_VALUE, "");

  private record ExpiresText(long epochSecond, String text) {}

  private final SecureCookie codec;
  private final CookieOptions options;
  private final Clock clock;

  private CookieSessionStore(SecureCookie codec, CookieOptions options, Clock clock) {
    this.codec = Objects.requireNonNull(codec, "codec");
    this.options = Objects.requireNonNull(options, "options");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A store over a codec (whose max age should match the options', as gorilla's {@code
   * NewCookieStore} arranges) with the given default cookie options.
   */
  public static CookieSessionStore of(SecureCookie codec, CookieOptions options) {
    return new CookieSessionStore(codec, options, Clock.systemUTC());
  }

  /** The same store with another clock for the Expires attribute (tests). */
  public CookieSessionStore withClock(Clock clock) {
    return new CookieSessionStore(codec, options, clock);
  }

  /** The same store with other default cookie options. */
  public CookieSessionStore withOptions(CookieOptions options) {
    return new CookieSessionStore(codec, options, clock);
  }

  /** The default cookie options of new sessions. */
  public CookieOptions options() {
    return options;
  }

  /** A new, empty session. */
  public Session newSession(String name) {
    return Session.fresh(name, options, null);
  }

  /**
   * The session named {@code name} from a {@code Cookie} request header value (null when the
   * request had none). As gorilla's {@code New}: a missing or invalid cookie gives a new empty
   * session; an invalid one is reported by {@link Session#rejection()} rather than thrown.
   */
  public Session load(String name, String cookieHeader) {
    String value = cookieValue(cookieHeader, name);
    if (value == null) {
      return newSession(name);
    }
    try {
      return read(name, value);
    } catch (CookieException e) {
      return Session.fresh(name, options, e);
    }
  }

  /** The session from a cookie value (not a header); throws when it cannot be read. */
  public Session read(String name, String cookieValue) {
    DecodedCookie<Map<String, Object>> d = codec.decode(name, cookieValue, Serializer.GOB);
    return new Session(name, d.value(), options, d, null);
  }

  /** Encodes a session under the primary key and returns the {@code Set-Cookie} header value. */
  public String save(Session session) {
    String value = codec.encode(session.name(), session.values(), Serializer.GOB);
    return setCookie(session.name(), value, session.options());
  }

  /**
   * The {@code Set-Cookie} header value that makes the browser drop the cookie {@code name}: an
   * empty value, {@code Expires} in 1970 and {@code Max-Age=0}, with this store's Path, Domain,
   * Secure, HttpOnly and SameSite (a browser drops a cookie only when name, Path and Domain match
   * the ones it was set with; for a session saved with other options, delete through {@link
   * #withOptions(CookieOptions)}). Signing out is this, not saving an empty session.
   *
   * @throws IllegalArgumentException when {@code name} is not a cookie name (an HTTP token)
   */
  public String delete(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a cookie name must not be empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
        throw new IllegalArgumentException(
            "a cookie name is an HTTP token: character " + i + " is not allowed");
      }
    }
    return setCookie(name, "", options.withMaxAgeSeconds(-1));
  }

  /** A {@code Set-Cookie} value with Go's {@code http.Cookie} attribute order and formats. */
  String setCookie(String name, String value, CookieOptions o) {
    StringBuilder sb = new StringBuilder(name.length() + value.length() + 128);
    sb.append(name).append('=').append(value);
    if (!o.path().isEmpty()) {
      sb.append("; Path=").append(o.path());
    }
    if (!o.domain().isEmpty()) {
      String d = o.domain().startsWith(".") ? o.domain().substring(1) : o.domain();
      sb.append("; Domain=").append(d);
    }
    if (o.maxAgeSeconds() > 0) {
      long expires = clock.instant().getEpochSecond() + o.maxAgeSeconds();
      ExpiresText cached = lastExpires;
      if (cached.epochSecond() != expires) {
        cached = new ExpiresText(expires, HTTP_DATE.format(Instant.ofEpochSecond(expires)));
        lastExpires = cached;
      }
      sb.append("; Expires=").append(cached.text());
      sb.append("; Max-Age=").append(o.maxAgeSeconds());
    } else if (o.maxAgeSeconds() < 0) {
      sb.append("; Expires=").append(HTTP_DATE.format(Instant.ofEpochSecond(1)));
      sb.append("; Max-Age=0");
    }
    if (o.httpOnly()) {
      sb.append("; HttpOnly");
    }
    if (o.secure()) {
      sb.append("; Secure");
    }
    if (o.sameSite().attribute() != null) {
      sb.append("; SameSite=").append(o.sameSite().attribute());
    }
    return sb.toString();
  }

  /**
   * The value of the first cookie called {@code name} in a {@code Cookie} header ("a=1; b=2"), with
   * surrounding double quotes removed as Go does; null when absent.
   */
  public static String cookieValue(String cookieHeader, String name) {
    if (cookieHeader == null) {
      return null;
    }
    int i = 0;
    int n = cookieHeader.length();
    while (i < n) {
      int semi = cookieHeader.indexOf(';', i);
      int end = semi < 0 ? n : semi;
      int start = i;
      while (start < end && cookieHeader.charAt(start) == ' ') {
        start++;
      }
      int eq = cookieHeader.indexOf('=', start);
      if (eq > start
          && eq < end
          && cookieHeader.regionMatches(start, name, 0, name.length())
          && eq - start == name.length()) {
        int vEnd = end;
        while (vEnd > eq + 1 && cookieHeader.charAt(vEnd - 1) == ' ') {
          vEnd--;
        }
        String v = cookieHeader.substring(eq + 1, vEnd);
        if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
          v = v.substring(1, v.length() - 1);
        }
        return v;
      }
      i = end + 1;
    }
    return null;
  }

  @Override
  public String toString() {
    return "CookieSessionStore[" + codec + ", " + options + "]";
  }
}
