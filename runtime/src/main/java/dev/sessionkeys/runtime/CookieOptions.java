package dev.sessionkeys.runtime;

import java.util.Map;
import java.util.Objects;

/**
 * The attributes of a session cookie: gorilla/sessions' {@code Options}. Immutable; change with the
 * {@code with} methods.
 *
 * @param path the Path attribute; gorilla's default "/"
 * @param domain the Domain attribute, or "" for none
 * @param maxAgeSeconds positive: Max-Age and Expires; 0: a browser-session cookie; negative: delete
 *     now
 * @param secure send only over HTTPS
 * @param httpOnly hide from scripts
 * @param sameSite the SameSite attribute
 */
public record CookieOptions(
    String path,
    String domain,
    int maxAgeSeconds,
    boolean secure,
    boolean httpOnly,
    SameSite sameSite) {

  /**
   * The environment variable (set by the Helm option {@code options.allowHTTPCookies}) that drops
   * Secure.
   */
  public static final String ALLOW_HTTP_COOKIES_ENV = "ALLOW_HTTP_COOKIES";

  /** gorilla/sessions' default lifetime: 30 days. */
  public static final int DEFAULT_MAX_AGE_SECONDS = 86400 * 30;

  /** The SameSite attribute; {@link #UNSET} writes none (the browser's default). */
  public enum SameSite {
    UNSET(null),
    LAX("Lax"),
    STRICT("Strict"),
    NONE("None");

    private final String attribute;

    SameSite(String attribute) {
      this.attribute = attribute;
    }

    String attribute() {
      return attribute;
    }
  }

  public CookieOptions {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(sameSite, "sameSite");
    for (String v : new String[] {path, domain}) {
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        if (c < 0x20 || c >= 0x7f || c == ';') {
          throw new IllegalArgumentException(
              "cookie path and domain must be printable ASCII without ';'");
        }
      }
    }
  }

  /** Exactly gorilla/sessions' defaults: Path=/, 30 days, no Secure, no HttpOnly, no SameSite. */
  public static CookieOptions gorillaDefaults() {
    return new CookieOptions("/", "", DEFAULT_MAX_AGE_SECONDS, false, false, SameSite.UNSET);
  }

  /**
   * gorilla's defaults made safer: HttpOnly, SameSite=Lax and Secure. Reads nothing from the
   * environment; see {@link #fromEnvironment(Map)} for the Helm chart's switch.
   */
  public static CookieOptions secureDefaults() {
    return new CookieOptions("/", "", DEFAULT_MAX_AGE_SECONDS, true, true, SameSite.LAX);
  }

  /**
   * {@link #secureDefaults()}, without Secure when {@code environment} has {@code
   * ALLOW_HTTP_COOKIES=true} (the Helm option {@code options.allowHTTPCookies}, for a deployment
   * served over plain HTTP). The caller chooses the map: {@code System.getenv()} in a service.
   */
  public static CookieOptions fromEnvironment(Map<String, String> environment) {
    boolean allowHttp =
        "true".equalsIgnoreCase(environment.getOrDefault(ALLOW_HTTP_COOKIES_ENV, "").trim());
    return secureDefaults().withSecure(!allowHttp);
  }

  public CookieOptions withPath(String path) {
    return new CookieOptions(path, domain, maxAgeSeconds, secure, httpOnly, sameSite);
  }

  public CookieOptions withDomain(String domain) {
    return new CookieOptions(path, domain, maxAgeSeconds, secure, httpOnly, sameSite);
  }

  public CookieOptions withMaxAgeSeconds(int maxAgeSeconds) {
    return new CookieOptions(path, domain, maxAgeSeconds, secure, httpOnly, sameSite);
  }

  public CookieOptions withSecure(boolean secure) {
    return new CookieOptions(path, domain, maxAgeSeconds, secure, httpOnly, sameSite);
  }

  public CookieOptions withHttpOnly(boolean httpOnly) {
    return new CookieOptions(path, domain, maxAgeSeconds, secure, httpOnly, sameSite);
  }

  public CookieOptions withSameSite(SameSite sameSite) {
    return new CookieOptions(path, domain, maxAgeSeconds, secure, httpOnly, sameSite);
  }
}
