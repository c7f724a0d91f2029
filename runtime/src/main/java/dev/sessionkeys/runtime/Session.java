package dev.sessionkeys.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A gorilla/sessions session: a name (also the cookie's name), values, flashes and cookie options.
 * Mutable and not thread-safe, like the request it belongs to. Values have the Java types of {@link
 * Serializer#GOB}.
 */
public final class Session {

  /** gorilla's key for flash messages. */
  public static final String FLASHES_KEY = "_flash";

  private final String name;
  private final Map<String, Object> values;
  private CookieOptions options;
  private final boolean isNew;
  private final DecodedCookie<?> source;
  private final CookieException rejection;

  Session(
      String name,
      Map<String, Object> values,
      CookieOptions options,
      DecodedCookie<?> source,
      CookieException rejection) {
    this.name = Objects.requireNonNull(name, "name");
    this.values = values;
    this.options = options;
    this.isNew = source == null;
    this.source = source;
    this.rejection = rejection;
  }

  /** The session's name, which is the cookie's name. */
  public String name() {
    return name;
  }

  /** The values, modifiable; saved by {@link CookieSessionStore#save(Session)}. */
  public Map<String, Object> values() {
    return values;
  }

  /** True when no valid cookie was read (none was sent, or it was rejected). */
  public boolean isNew() {
    return isNew;
  }

  /** Why the cookie that was sent could not be read, if one was sent and rejected. */
  public Optional<CookieException> rejection() {
    return Optional.ofNullable(rejection);
  }

  /** Which key generation verified the cookie this session was read from. */
  public Optional<KeyGeneration> keyGeneration() {
    return source == null ? Optional.empty() : Optional.of(source.key());
  }

  /** When the cookie this session was read from was issued (Unix seconds). */
  public Optional<Long> issuedAt() {
    return source == null ? Optional.empty() : Optional.of(source.timestamp());
  }

  /**
   * True when a {@link KeySlot#PREVIOUS previous} key verified the cookie: save the session so the
   * browser gets it under the primary key. A cookie verified by a {@link KeySlot#NEXT next} key is
   * newer than this process's keys and is left alone (re-issuing it under an older key would make
   * it bounce between replicas during a rollout).
   */
  public boolean needsReissue() {
    return source != null && source.key().previous();
  }

  /** The cookie options used when saving. */
  public CookieOptions options() {
    return options;
  }

  /**
   * Replaces the cookie options for this session (to sign out, use {@link
   * CookieSessionStore#delete(String)}).
   */
  public void options(CookieOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Returns the flash messages and removes them, as gorilla's {@code Flashes()}. */
  public List<Object> flashes() {
    return values.remove(FLASHES_KEY) instanceof List<?> list
        ? new ArrayList<>(list)
        : new ArrayList<>();
  }

  /** Adds a flash message, as gorilla's {@code AddFlash}. */
  public void addFlash(Object message) {
    List<Object> list =
        values.get(FLASHES_KEY) instanceof List<?> existing
            ? new ArrayList<>(existing)
            : new ArrayList<>();
    list.add(message);
    values.put(FLASHES_KEY, list);
  }

  static Session fresh(String name, CookieOptions options, CookieException rejection) {
    return new Session(name, new LinkedHashMap<>(), options, null, rejection);
  }

  @Override
  public String toString() {
    // Values may be personal data: names only.
    return "Session[name="
        + name
        + ", keys="
        + values.keySet()
        + ", new="
        + isNew
        + (source == null ? "" : ", key=" + source.key())
        + "]";
  }
}
