package dev.sessionkeys.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The five session keys of the fairwinds-insights profile, loaded once at start-up from the
 * environment (the names a Secret gives through {@code envFrom}), from a mounted Secret directory
 * (one file per key), or from explicit values, and validated at load: a missing key or a wrong
 * length fails with a {@link KeyLoadException} naming the key, the length found and expected, and
 * the Secret to take it from — never the value.
 *
 * <p>Rotation: for each key an optional {@code <KEY>_PREVIOUS} holds the value it replaced.
 * Everything built from here encodes with the current keys and decodes with the current, then the
 * previous ones.
 *
 * <pre>{@code
 * SessionKeys keys = SessionKeys.fromEnvironment();
 * SecureCookie cookies = keys.cookieCodec();
 * CookieSessionStore sessions = keys.sessionStore();
 * DataCipher data = keys.dataCipher();
 * List<KeyGeneration> generations = keys.sessionKeyGenerations();  // fingerprints: current, then previous
 * }</pre>
 *
 * <p>A key's bytes are the bytes of its value as the app reads it ({@code []byte(os.Getenv(...))}
 * in Go).
 */
public final class SessionKeys {

  /**
   * Names the Secret the keys come from, for error messages; default {@value #DEFAULT_SECRET_NAME}.
   */
  public static final String SECRET_NAME_ENV = "SESSIONKEYS_SECRET_NAME";

  /** The Secret of the fairwinds-insights profile. */
  public static final String DEFAULT_SECRET_NAME = "fwinsights-secrets";

  /** Suffix of the variable or file that holds a key's previous value. */
  public static final String PREVIOUS_SUFFIX = "_PREVIOUS";

  /** The keys of the fairwinds-insights profile and their required lengths in bytes. */
  public enum Key {
    COOKIE_HASH_KEY(64),
    COOKIE_BLOCK_KEY(32),
    SESSION_AUTH_KEY(64),
    SESSION_ENCRYPTION_KEY(32),
    AES_BASE64_CYPHER_KEY(32);

    private final int length;

    Key(int length) {
      this.length = length;
    }

    /** The required length in bytes. */
    public int length() {
      return length;
    }

    /** The name of the variable or file holding the previous value. */
    public String previousName() {
      return name() + PREVIOUS_SUFFIX;
    }
  }

  private final EnumMap<Key, byte[]> current;
  private final EnumMap<Key, byte[]> previous;
  private final String secretName;

  private SessionKeys(
      EnumMap<Key, byte[]> current, EnumMap<Key, byte[]> previous, String secretName) {
    this.current = current;
    this.previous = previous;
    this.secretName = secretName;
  }

  /** Loads from the process environment. */
  public static SessionKeys fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * Loads from the given environment (variables named as the keys, plus optional {@code
   * <KEY>_PREVIOUS}).
   */
  public static SessionKeys fromEnvironment(Map<String, String> environment) {
    return load(environment, "the environment", secretName(environment));
  }

  /** Loads from explicit values keyed by key name (plus optional {@code <KEY>_PREVIOUS}). */
  public static SessionKeys of(Map<String, String> values) {
    return load(values, "the given values", secretName(System.getenv()));
  }

  /**
   * Loads from explicit values read from {@code source} (named in messages, such as a manifest
   * file) for the Secret {@code secretName}.
   */
  public static SessionKeys of(Map<String, String> values, String source, String secretName) {
    return load(
        values,
        Objects.requireNonNull(source, "source"),
        Objects.requireNonNull(secretName, "secretName"));
  }

  /**
   * Loads from a mounted Secret directory holding one file per key (and optional {@code
   * <KEY>_PREVIOUS} files). File contents are taken byte for byte: a trailing newline counts, and
   * is pointed out when it makes a length wrong.
   */
  public static SessionKeys fromDirectory(Path directory) {
    return fromDirectory(directory, System.getenv());
  }

  /** {@link #fromDirectory(Path)} with the Secret's name read from the given environment. */
  public static SessionKeys fromDirectory(Path directory, Map<String, String> environment) {
    Objects.requireNonNull(directory, "directory");
    String secret = secretName(environment);
    Map<String, String> values = new java.util.HashMap<>();
    List<String> problems = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      throw new KeyLoadException(
          List.of(
              "the key directory "
                  + directory
                  + " does not exist: mount Secret "
                  + secret
                  + " there"));
    }
    for (Key key : Key.values()) {
      for (String file : new String[] {key.name(), key.previousName()}) {
        Path path = directory.resolve(file);
        try {
          values.put(file, new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1));
        } catch (NoSuchFileException e) {
          // missing: reported by load() for current keys; optional for previous ones
        } catch (IOException e) {
          problems.add(file + ": cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new KeyLoadException(problems);
    }
    return load(values, "directory " + directory, secret);
  }

  private static String secretName(Map<String, String> environment) {
    String s = environment.get(SECRET_NAME_ENV);
    return s == null || s.isBlank() ? DEFAULT_SECRET_NAME : s.trim();
  }

  private static SessionKeys load(Map<String, String> values, String where, String secret) {
    EnumMap<Key, byte[]> current = new EnumMap<>(Key.class);
    EnumMap<Key, byte[]> previous = new EnumMap<>(Key.class);
    List<String> problems = new ArrayList<>();
    for (Key key : Key.values()) {
      String value = values.get(key.name());
      if (value == null) {
        problems.add(
            key.name()
                + " is not set in "
                + where
                + ": expected "
                + key.length()
                + " bytes from the key "
                + key.name()
                + " of Secret "
                + secret);
      } else {
        byte[] bytes = bytes(value);
        if (check(key.name(), key, bytes, where, secret, problems)) {
          current.put(key, bytes);
        }
      }
      String old = values.get(key.previousName());
      if (old != null && !old.isEmpty()) {
        byte[] bytes = bytes(old);
        if (check(key.previousName(), key, bytes, where, secret, problems)) {
          previous.put(key, bytes);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new KeyLoadException(problems);
    }
    return new SessionKeys(current, previous, secret);
  }

  private static byte[] bytes(String value) {
    // Environment values are text; files were read as ISO-8859-1 so this restores their exact
    // bytes, and key values
    // are ASCII either way.
    boolean latin1 = true;
    for (int i = 0; i < value.length() && latin1; i++) {
      latin1 = value.charAt(i) < 0x100;
    }
    return value.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
  }

  private static boolean check(
      String name, Key key, byte[] bytes, String where, String secret, List<String> problems) {
    if (bytes.length == key.length()) {
      return true;
    }
    String hint = "";
    if (bytes.length > 0 && (bytes[bytes.length - 1] == '\n' || bytes[bytes.length - 1] == '\r')) {
      hint = " (it ends with a line break; write the value without one)";
    }
    problems.add(
        name
            + " in "
            + where
            + " has "
            + bytes.length
            + " bytes, expected "
            + key.length()
            + hint
            + ": set it from the key "
            + key.name()
            + " of Secret "
            + secret);
    return false;
  }

  /** The Secret the keys are expected from. */
  public String secretName() {
    return secretName;
  }

  /** The fingerprint (first 8 hex characters of SHA-256) of a key's current value. */
  public String fingerprint(Key key) {
    return Fingerprints.of(current.get(key));
  }

  /** True when a previous value of the key was loaded. */
  public boolean hasPrevious(Key key) {
    return previous.containsKey(key);
  }

  /** A copy of a key's current bytes, for code that must hand them to another library. */
  public byte[] keyBytes(Key key) {
    return current.get(key).clone();
  }

  /**
   * The cookie codec over COOKIE_HASH_KEY / COOKIE_BLOCK_KEY (and their previous values), gorilla
   * defaults.
   */
  public SecureCookie cookieCodec() {
    return cookieCodecBuilder().build();
  }

  /**
   * A builder for the cookie codec with the keys set, to change max age, min age, max length or
   * clock.
   */
  public SecureCookie.Builder cookieCodecBuilder() {
    return codec(Key.COOKIE_HASH_KEY, Key.COOKIE_BLOCK_KEY);
  }

  /**
   * A builder for the session codec (SESSION_AUTH_KEY / SESSION_ENCRYPTION_KEY and previous
   * values).
   */
  public SecureCookie.Builder sessionCodecBuilder() {
    return codec(Key.SESSION_AUTH_KEY, Key.SESSION_ENCRYPTION_KEY);
  }

  /**
   * The session store over SESSION_AUTH_KEY / SESSION_ENCRYPTION_KEY with {@link
   * CookieOptions#defaults()}.
   */
  public CookieSessionStore sessionStore() {
    return sessionStore(CookieOptions.defaults());
  }

  /**
   * The session store with the given cookie options; the codec's max age follows the options', as
   * in gorilla.
   */
  public CookieSessionStore sessionStore(CookieOptions options) {
    SecureCookie.Builder b = sessionCodecBuilder();
    b.maxAgeSeconds(Math.max(0, options.maxAgeSeconds()));
    return CookieSessionStore.of(b.build(), options);
  }

  /** The data cipher over AES_BASE64_CYPHER_KEY (and its previous value). */
  public DataCipher dataCipher() {
    byte[] old = previous.get(Key.AES_BASE64_CYPHER_KEY);
    return old == null
        ? DataCipher.of(current.get(Key.AES_BASE64_CYPHER_KEY))
        : DataCipher.of(current.get(Key.AES_BASE64_CYPHER_KEY), old);
  }

  /**
   * The cookie codec's key generations, current first: a second one while COOKIE_HASH_KEY_PREVIOUS
   * or COOKIE_BLOCK_KEY_PREVIOUS is loaded. Fingerprints only; the same list as {@code
   * cookieCodec().keyGenerations()}.
   */
  public List<KeyGeneration> cookieKeyGenerations() {
    return generations(Key.COOKIE_HASH_KEY, Key.COOKIE_BLOCK_KEY);
  }

  /**
   * The session codec's key generations, current first: a second one while
   * SESSION_AUTH_KEY_PREVIOUS or SESSION_ENCRYPTION_KEY_PREVIOUS is loaded. This is what a page or
   * a log line can show as "signed with".
   */
  public List<KeyGeneration> sessionKeyGenerations() {
    return generations(Key.SESSION_AUTH_KEY, Key.SESSION_ENCRYPTION_KEY);
  }

  private List<KeyGeneration> generations(Key hash, Key block) {
    List<byte[][]> pairs = pairs(hash, block);
    List<KeyGeneration> out = new ArrayList<>(pairs.size());
    for (byte[][] pair : pairs) {
      out.add(Fingerprints.generation(out.size(), pair[0], pair[1]));
    }
    return List.copyOf(out);
  }

  private SecureCookie.Builder codec(Key hash, Key block) {
    List<byte[][]> pairs = pairs(hash, block);
    SecureCookie.Builder b = SecureCookie.builder(pairs.get(0)[0], pairs.get(0)[1]);
    for (byte[][] pair : pairs.subList(1, pairs.size())) {
      b.previousKeys(pair[0], pair[1]);
    }
    return b;
  }

  /** The current pair, then the previous one if either key has a previous value. */
  private List<byte[][]> pairs(Key hash, Key block) {
    byte[][] now = {current.get(hash), current.get(block)};
    if (!previous.containsKey(hash) && !previous.containsKey(block)) {
      return List.<byte[][]>of(now);
    }
    // A key rotated alone was paired with the other's current value.
    byte[][] before = {previous.getOrDefault(hash, now[0]), previous.getOrDefault(block, now[1])};
    return List.of(now, before);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("SessionKeys[secret=").append(secretName);
    for (Key key : Key.values()) {
      sb.append(", ").append(key.name()).append('=').append(fingerprint(key));
      if (previous.containsKey(key)) {
        sb.append(" (previous ").append(Fingerprints.of(previous.get(key))).append(')');
      }
    }
    return sb.append(']').toString();
  }
}
