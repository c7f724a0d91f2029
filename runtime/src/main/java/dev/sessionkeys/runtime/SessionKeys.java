package dev.sessionkeys.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The five session keys of the fairwinds-insights profile, loaded once at start-up from the
 * environment (the names a Secret gives through {@code envFrom}), from a mounted Secret directory
 * (one file per key), or from explicit values, and validated at load: a missing key or a wrong
 * length fails with a {@link KeyLoadException} naming the key, the length found and expected, and
 * the Secret to take it from — never the value.
 *
 * <p>Staged rotation: besides {@code <KEY>} (the {@link KeySlot#PRIMARY primary} value) each key
 * may have {@code <KEY>_NEXT} (accepted, not yet used: the {@code prepare} phase) and {@code
 * <KEY>_PREVIOUS} (the value {@code promote} replaced, accepted until {@code retire}). Everything
 * built from here encodes with the primary keys and decodes with the primary, then the next, then
 * the previous ones, and counts each successful decode per slot in {@link #keyUsage()}.
 *
 * <pre>{@code
 * SessionKeys keys = SessionKeys.fromEnvironment();
 * SecureCookie cookies = keys.cookieCodec();
 * CookieSessionStore sessions = keys.sessionStore(CookieOptions.fromEnvironment(System.getenv()));
 * DataCipher data = keys.dataCipher();
 * KeyUsage usage = keys.keyUsage();   // export to your metrics
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

    /** The name of the variable or file holding the key's value in {@code slot}. */
    public String nameIn(KeySlot slot) {
      return name() + slot.suffix();
    }
  }

  private final EnumMap<KeySlot, EnumMap<Key, byte[]>> slots;
  private final String secretName;
  private final KeyUsage usage = new KeyUsage();

  private SessionKeys(EnumMap<KeySlot, EnumMap<Key, byte[]>> slots, String secretName) {
    this.slots = slots;
    this.secretName = secretName;
  }

  /** Loads from the process environment. */
  public static SessionKeys fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * Loads from the given environment (variables named as the keys, plus optional {@code <KEY>_NEXT}
   * and {@code <KEY>_PREVIOUS}).
   */
  public static SessionKeys fromEnvironment(Map<String, String> environment) {
    return load(environment, "the environment", secretName(environment));
  }

  /**
   * Loads from explicit values keyed by key name (plus optional {@code <KEY>_NEXT} and {@code
   * <KEY>_PREVIOUS}) for the Secret {@value #DEFAULT_SECRET_NAME}.
   */
  public static SessionKeys of(Map<String, String> values) {
    return load(values, "the given values", DEFAULT_SECRET_NAME);
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
   * Loads from a mounted Secret directory; the Secret's name for messages comes from the process
   * environment's {@code SESSIONKEYS_SECRET_NAME}.
   */
  public static SessionKeys fromDirectory(Path directory) {
    return fromDirectory(directory, System.getenv());
  }

  /**
   * Loads from a mounted Secret directory holding one file per key (and optional {@code <KEY>_NEXT}
   * and {@code <KEY>_PREVIOUS} files), naming the Secret from {@code SESSIONKEYS_SECRET_NAME} in
   * {@code environment} in messages. File contents are taken byte for byte: a trailing newline
   * counts, and is pointed out when it makes a length wrong.
   */
  public static SessionKeys fromDirectory(Path directory, Map<String, String> environment) {
    Objects.requireNonNull(directory, "directory");
    String secret = secretName(environment);
    Map<String, String> values = new HashMap<>();
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
      for (KeySlot slot : KeySlot.values()) {
        String file = key.nameIn(slot);
        Path path = directory.resolve(file);
        try {
          values.put(file, new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1));
        } catch (NoSuchFileException e) {
          // missing: reported by load() for primary keys; optional for the others
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
    EnumMap<KeySlot, EnumMap<Key, byte[]>> slots = new EnumMap<>(KeySlot.class);
    for (KeySlot slot : KeySlot.values()) {
      slots.put(slot, new EnumMap<>(Key.class));
    }
    List<String> problems = new ArrayList<>();
    for (Key key : Key.values()) {
      if (values.get(key.name()) == null) {
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
      }
      for (KeySlot slot : KeySlot.values()) {
        String value = values.get(key.nameIn(slot));
        // An empty _NEXT or _PREVIOUS is how a template leaves an unused slot.
        if (value != null && (slot == KeySlot.PRIMARY || !value.isEmpty())) {
          byte[] bytes = bytes(value);
          if (check(key.nameIn(slot), key, bytes, where, secret, problems)) {
            distinct(key, slot, bytes, slots, where, problems);
            slots.get(slot).put(key, bytes);
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new KeyLoadException(problems);
    }
    return new SessionKeys(slots, secret);
  }

  private static byte[] bytes(String value) {
    // Environment values are text; files were read as ISO-8859-1 so this restores their exact
    // bytes, and key values are ASCII either way.
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

  /**
   * A value in two slots is a half-done rotation step (the data key's id would be ambiguous, and a
   * cookie codec would count a primary decode as a next one): refuse it rather than guess. The
   * slots of a key fill in order, so any value already there is an earlier slot's.
   */
  private static void distinct(
      Key key,
      KeySlot slot,
      byte[] bytes,
      EnumMap<KeySlot, EnumMap<Key, byte[]>> slots,
      String where,
      List<String> problems) {
    for (KeySlot earlier : KeySlot.values()) {
      if (Arrays.equals(slots.get(earlier).get(key), bytes)) {
        problems.add(
            key.nameIn(slot)
                + " in "
                + where
                + " has the same value as "
                + key.nameIn(earlier)
                + ": a rotation step was applied twice or only in part; set "
                + key.nameIn(slot)
                + " to a new value or remove it");
        return;
      }
    }
  }

  /** The Secret the keys are expected from. */
  public String secretName() {
    return secretName;
  }

  /**
   * The fingerprint ({@code sha256:} and the first 16 hex characters of SHA-256) of a key's value
   * in {@code slot}, or empty when that slot is not loaded.
   */
  public Optional<String> fingerprint(Key key, KeySlot slot) {
    byte[] value = slots.get(slot).get(key);
    return value == null ? Optional.empty() : Optional.of(Fingerprints.of(value));
  }

  /** A copy of a key's primary bytes, for code that must hand them to another library. */
  public byte[] keyBytes(Key key) {
    return slots.get(KeySlot.PRIMARY).get(key).clone();
  }

  /** The successful decodes per codec and key slot of everything built from this key set. */
  public KeyUsage keyUsage() {
    return usage;
  }

  /**
   * The cookie codec over COOKIE_HASH_KEY / COOKIE_BLOCK_KEY (and their next and previous values),
   * gorilla defaults.
   */
  public SecureCookie cookieCodec() {
    return cookieCodecBuilder().build();
  }

  /**
   * A builder for the cookie codec with the keys and the usage counter set, to change max age, min
   * age, max length or clock.
   */
  public SecureCookie.Builder cookieCodecBuilder() {
    return codec(Key.COOKIE_HASH_KEY, Key.COOKIE_BLOCK_KEY, KeyUsage.Codec.COOKIE);
  }

  /**
   * A builder for the session codec (SESSION_AUTH_KEY / SESSION_ENCRYPTION_KEY and their next and
   * previous values), with the usage counter set.
   */
  public SecureCookie.Builder sessionCodecBuilder() {
    return codec(Key.SESSION_AUTH_KEY, Key.SESSION_ENCRYPTION_KEY, KeyUsage.Codec.SESSION);
  }

  /**
   * The session store over SESSION_AUTH_KEY / SESSION_ENCRYPTION_KEY with {@link
   * CookieOptions#secureDefaults()}. A deployment that honours the chart's {@code
   * ALLOW_HTTP_COOKIES} passes {@code CookieOptions.fromEnvironment(System.getenv())} instead.
   */
  public CookieSessionStore sessionStore() {
    return sessionStore(CookieOptions.secureDefaults());
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

  /** The data cipher over AES_BASE64_CYPHER_KEY (and its next and previous values). */
  public DataCipher dataCipher() {
    Key key = Key.AES_BASE64_CYPHER_KEY;
    DataCipher.Builder b = DataCipher.builder(slots.get(KeySlot.PRIMARY).get(key)).keyUsage(usage);
    for (KeySlot slot : List.of(KeySlot.NEXT, KeySlot.PREVIOUS)) {
      byte[] value = slots.get(slot).get(key);
      if (value != null) {
        b.add(value, slot);
      }
    }
    return b.build();
  }

  /**
   * The cookie codec's key generations in decoding order: primary, then next and previous while
   * COOKIE_HASH_KEY or COOKIE_BLOCK_KEY has such a value. Fingerprints only; the same list as
   * {@code cookieCodec().keyGenerations()}.
   */
  public List<KeyGeneration> cookieKeyGenerations() {
    return generations(Key.COOKIE_HASH_KEY, Key.COOKIE_BLOCK_KEY);
  }

  /**
   * The session codec's key generations in decoding order: primary, then next and previous while
   * SESSION_AUTH_KEY or SESSION_ENCRYPTION_KEY has such a value. This is what a page or a log line
   * can show as "signed with".
   */
  public List<KeyGeneration> sessionKeyGenerations() {
    return generations(Key.SESSION_AUTH_KEY, Key.SESSION_ENCRYPTION_KEY);
  }

  private List<KeyGeneration> generations(Key hash, Key block) {
    List<KeyGeneration> out = new ArrayList<>(KeySlot.values().length);
    for (Map.Entry<KeySlot, byte[][]> pair : pairs(hash, block).entrySet()) {
      out.add(Fingerprints.generation(pair.getKey(), pair.getValue()[0], pair.getValue()[1]));
    }
    return List.copyOf(out);
  }

  private SecureCookie.Builder codec(Key hash, Key block, KeyUsage.Codec counted) {
    EnumMap<KeySlot, byte[][]> pairs = pairs(hash, block);
    byte[][] primary = pairs.remove(KeySlot.PRIMARY);
    SecureCookie.Builder b = SecureCookie.builder(primary[0], primary[1]).keyUsage(usage, counted);
    for (Map.Entry<KeySlot, byte[][]> pair : pairs.entrySet()) {
      b.add(pair.getValue()[0], pair.getValue()[1], pair.getKey());
    }
    return b;
  }

  /**
   * The primary pair, and the next and previous pairs where either key has a value in that slot: a
   * key rotated alone is paired with the other's primary value.
   */
  private EnumMap<KeySlot, byte[][]> pairs(Key hash, Key block) {
    EnumMap<Key, byte[]> primary = slots.get(KeySlot.PRIMARY);
    EnumMap<KeySlot, byte[][]> out = new EnumMap<>(KeySlot.class);
    for (KeySlot slot : KeySlot.values()) {
      EnumMap<Key, byte[]> in = slots.get(slot);
      if (slot == KeySlot.PRIMARY || in.containsKey(hash) || in.containsKey(block)) {
        out.put(
            slot,
            new byte[][] {
              in.getOrDefault(hash, primary.get(hash)), in.getOrDefault(block, primary.get(block))
            });
      }
    }
    return out;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("SessionKeys[secret=").append(secretName);
    for (Key key : Key.values()) {
      sb.append(", ").append(key.name()).append('=');
      sb.append(Fingerprints.of(slots.get(KeySlot.PRIMARY).get(key)));
      String others = "";
      for (KeySlot slot : new KeySlot[] {KeySlot.NEXT, KeySlot.PREVIOUS}) {
        byte[] value = slots.get(slot).get(key);
        if (value != null) {
          others += (others.isEmpty() ? "" : ", ") + slot.name().toLowerCase(Locale.ROOT) + " ";
          others += Fingerprints.of(value);
        }
      }
      sb.append(others.isEmpty() ? "" : " (" + others + ")");
    }
    return sb.append(']').toString();
  }
}
