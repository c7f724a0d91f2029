package dev.sessionkeys.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.runtime.SessionKeys.Key;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link SessionKeys} says when a key cannot be loaded (the key, the lengths, the Secret,
 * never the value), how a value's bytes are counted, and which keys each codec gets in which order.
 */
class SessionKeysLoadingTest {

  static Map<String, String> env() {
    return SessionKeysTest.env();
  }

  static KeyLoadException loadFailure(Map<String, String> env) {
    try {
      SessionKeys.fromEnvironment(env);
    } catch (KeyLoadException e) {
      return e;
    }
    throw new AssertionError("loaded");
  }

  @Test
  void theProcessEnvironmentIsReadWhenAsked() {
    Assumptions.assumeTrue(
        System.getenv("COOKIE_HASH_KEY") == null, "the build's environment holds no session keys");
    assertThatThrownBy(SessionKeys::fromEnvironment)
        .isInstanceOf(KeyLoadException.class)
        .hasMessageContaining("COOKIE_HASH_KEY is not set in the environment");
  }

  @Test
  void fromEnvironmentReadsTheProcessEnvironment() {
    // Whatever the build's environment holds, the no-argument form loads exactly what the Map form
    // loads from System.getenv(): the same problems, or the same keys and Secret.
    Map<String, String> process = System.getenv();
    KeyLoadException expected = null;
    SessionKeys fromMap = null;
    try {
      fromMap = SessionKeys.fromEnvironment(process);
    } catch (KeyLoadException e) {
      expected = e;
    }
    if (expected != null) {
      assertThatThrownBy(SessionKeys::fromEnvironment)
          .isInstanceOf(KeyLoadException.class)
          .hasMessage(expected.getMessage());
      return;
    }
    SessionKeys loaded = SessionKeys.fromEnvironment();
    assertThat(loaded.secretName()).isEqualTo(fromMap.secretName());
    for (Key key : Key.values()) {
      for (KeySlot slot : KeySlot.values()) {
        assertThat(loaded.fingerprint(key, slot)).isEqualTo(fromMap.fingerprint(key, slot));
      }
    }
  }

  @Test
  void everyProblemIsListedInKeyOrderWithoutTheValue() {
    Map<String, String> env = env();
    env.put("COOKIE_HASH_KEY", "h".repeat(63));
    env.put("COOKIE_BLOCK_KEY", "");
    env.put("COOKIE_BLOCK_KEY_PREVIOUS", "p".repeat(33));
    env.remove("SESSION_ENCRYPTION_KEY");
    env.put("AES_BASE64_CYPHER_KEY", "x".repeat(32) + "\r");
    env.put("SESSIONKEYS_SECRET_NAME", " app-keys ");
    KeyLoadException e = loadFailure(env);
    assertThat(e.problems())
        .containsExactly(
            "COOKIE_HASH_KEY in the environment has 63 bytes, expected 64: set it from the key"
                + " COOKIE_HASH_KEY of Secret app-keys",
            "COOKIE_BLOCK_KEY in the environment has 0 bytes, expected 32: set it from the key"
                + " COOKIE_BLOCK_KEY of Secret app-keys",
            "COOKIE_BLOCK_KEY_PREVIOUS in the environment has 33 bytes, expected 32: set it from"
                + " the key COOKIE_BLOCK_KEY of Secret app-keys",
            "SESSION_ENCRYPTION_KEY is not set in the environment: expected 32 bytes from the key"
                + " SESSION_ENCRYPTION_KEY of Secret app-keys",
            "AES_BASE64_CYPHER_KEY in the environment has 33 bytes, expected 32 (it ends with a line"
                + " break; write the value without one): set it from the key AES_BASE64_CYPHER_KEY"
                + " of Secret app-keys");
    assertThat(e.getMessage()).isEqualTo(String.join("; ", e.problems()));
    assertThat(e.getMessage()).doesNotContain("hhhhhhhh").doesNotContain("pppppppp");
    assertThat(e.problems()).isUnmodifiable();
  }

  @Test
  void aLineBreakIsPointedOutOnlyAtTheEnd() {
    Map<String, String> env = env();
    env.put("COOKIE_BLOCK_KEY", "b".repeat(31) + "\n");
    // 32 bytes with a line break is the right length: the key is taken as it is.
    assertThat(SessionKeys.fromEnvironment(env).keyBytes(Key.COOKIE_BLOCK_KEY)[31])
        .isEqualTo((byte) '\n');
    env.put("COOKIE_BLOCK_KEY", "b".repeat(32) + "\r\n");
    assertThat(loadFailure(env).getMessage())
        .contains(
            "has 34 bytes, expected 32 (it ends with a line break; write the value without one)");
    env.put("COOKIE_BLOCK_KEY", "\n" + "b".repeat(32));
    assertThat(loadFailure(env).getMessage())
        .isEqualTo(
            "COOKIE_BLOCK_KEY in the environment has 33 bytes, expected 32: set it from the key"
                + " COOKIE_BLOCK_KEY of Secret fwinsights-secrets");
  }

  @Test
  void anEmptyPreviousValueMeansNone() {
    Map<String, String> env = env();
    env.put("COOKIE_HASH_KEY_PREVIOUS", "");
    SessionKeys keys = SessionKeys.fromEnvironment(env);
    assertThat(keys.fingerprint(Key.COOKIE_HASH_KEY, KeySlot.PREVIOUS).isPresent()).isFalse();
    assertThat(keys.cookieKeyGenerations()).hasSize(1);
  }

  @Test
  void valuesAreCountedInLatin1BytesUnlessTheyNeedUtf8() {
    Map<String, String> env = env();
    // U+00FF is one byte (as a file read byte for byte gives it); U+0100 needs UTF-8's two.
    env.put("COOKIE_BLOCK_KEY", "\u00ff" + "b".repeat(31));
    env.put("SESSION_ENCRYPTION_KEY", "\u0100" + "d".repeat(30));
    SessionKeys keys = SessionKeys.fromEnvironment(env);
    assertThat(keys.keyBytes(Key.COOKIE_BLOCK_KEY))
        .isEqualTo(("\u00ff" + "b".repeat(31)).getBytes(StandardCharsets.ISO_8859_1));
    assertThat(keys.keyBytes(Key.SESSION_ENCRYPTION_KEY))
        .isEqualTo(("\u0100" + "d".repeat(30)).getBytes(StandardCharsets.UTF_8))
        .hasSize(32);
    // A character past Latin-1 anywhere makes the whole value UTF-8.
    env.put("SESSION_ENCRYPTION_KEY", "d".repeat(27) + "\u00e9\u20ac");
    assertThat(SessionKeys.fromEnvironment(env).keyBytes(Key.SESSION_ENCRYPTION_KEY))
        .isEqualTo(("d".repeat(27) + "\u00e9\u20ac").getBytes(StandardCharsets.UTF_8));
    env.put("SESSION_ENCRYPTION_KEY", "\u0100" + "d".repeat(31));
    assertThat(loadFailure(env).getMessage())
        .startsWith("SESSION_ENCRYPTION_KEY in the environment has 33 bytes, expected 32");
  }

  @Test
  void keyBytesAreACopy() {
    SessionKeys keys = SessionKeys.fromEnvironment(env());
    byte[] b = keys.keyBytes(Key.COOKIE_HASH_KEY);
    assertThat(b).isEqualTo("a".repeat(64).getBytes(StandardCharsets.US_ASCII));
    b[0] = 'z';
    assertThat(keys.keyBytes(Key.COOKIE_HASH_KEY)[0]).isEqualTo((byte) 'a');
    assertThat(keys.fingerprint(Key.COOKIE_HASH_KEY, KeySlot.PRIMARY).orElseThrow())
        .isEqualTo(Fingerprints.of("a".repeat(64).getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void theSecretNameComesFromTheEnvironmentOrTheDefault() {
    for (String blank : new String[] {"", "   "}) {
      Map<String, String> env = env();
      env.put("SESSIONKEYS_SECRET_NAME", blank);
      assertThat(SessionKeys.fromEnvironment(env).secretName()).isEqualTo("fwinsights-secrets");
    }
    Map<String, String> env = env();
    env.put("SESSIONKEYS_SECRET_NAME", "\tmine ");
    assertThat(SessionKeys.fromEnvironment(env).secretName()).isEqualTo("mine");
    assertThat(SessionKeys.DEFAULT_SECRET_NAME).isEqualTo("fwinsights-secrets");
    assertThat(SessionKeys.SECRET_NAME_ENV).isEqualTo("SESSIONKEYS_SECRET_NAME");
  }

  @Test
  void explicitValuesNameTheirSource() {
    Map<String, String> values = env();
    SessionKeys keys = SessionKeys.of(values, "manifest.yaml", "prod-keys");
    assertThat(keys.secretName()).isEqualTo("prod-keys");
    assertThat(keys.fingerprint(Key.AES_BASE64_CYPHER_KEY, KeySlot.PRIMARY).orElseThrow())
        .isEqualTo(Fingerprints.of("e".repeat(32).getBytes(StandardCharsets.US_ASCII)));
    values.remove("SESSION_AUTH_KEY");
    assertThatThrownBy(() -> SessionKeys.of(values, "manifest.yaml", "prod-keys"))
        .isInstanceOf(KeyLoadException.class)
        .hasMessage(
            "SESSION_AUTH_KEY is not set in manifest.yaml: expected 64 bytes from the key"
                + " SESSION_AUTH_KEY of Secret prod-keys");
    assertThatThrownBy(() -> SessionKeys.of(values))
        .isInstanceOf(KeyLoadException.class)
        .hasMessageStartingWith("SESSION_AUTH_KEY is not set in the given values: expected 64");
    assertThat(
            SessionKeys.of(env()).fingerprint(Key.SESSION_AUTH_KEY, KeySlot.PRIMARY).orElseThrow())
        .isEqualTo(Fingerprints.of("c".repeat(64).getBytes(StandardCharsets.US_ASCII)));
    assertThatThrownBy(() -> SessionKeys.of(env(), null, "s"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> SessionKeys.of(env(), "src", null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void directoryLoadingReportsUnreadableFilesAndUsesTheEnvironmentsSecretName(@TempDir Path dir)
      throws Exception {
    for (Map.Entry<String, String> e : env().entrySet()) {
      Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.ISO_8859_1);
    }
    // Without an environment argument the process environment only names the Secret.
    assertThat(
            SessionKeys.fromDirectory(dir)
                .fingerprint(Key.COOKIE_BLOCK_KEY, KeySlot.PRIMARY)
                .orElseThrow())
        .isEqualTo(Fingerprints.of("b".repeat(32).getBytes(StandardCharsets.US_ASCII)));
    // A byte of a file is a byte of the key, whatever its value.
    Files.write(
        dir.resolve("COOKIE_BLOCK_KEY"),
        ("\u00c3\u00a9" + "b".repeat(30)).getBytes(StandardCharsets.ISO_8859_1));
    assertThat(SessionKeys.fromDirectory(dir, Map.of()).keyBytes(Key.COOKIE_BLOCK_KEY)[0])
        .isEqualTo((byte) 0xc3);
    // A previous value that cannot be read is a problem, not a missing optional file.
    Path unreadable = dir.resolve("SESSION_AUTH_KEY_PREVIOUS");
    Files.createDirectory(unreadable);
    Map<String, String> named = Map.of("SESSIONKEYS_SECRET_NAME", "dir-secret");
    assertThatThrownBy(() -> SessionKeys.fromDirectory(dir, named))
        .isInstanceOfSatisfying(
            KeyLoadException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .startsWith("SESSION_AUTH_KEY_PREVIOUS: cannot read " + unreadable + " (")
                    .endsWith("Exception)"));
    Files.delete(unreadable);
    Files.delete(dir.resolve("AES_BASE64_CYPHER_KEY"));
    assertThatThrownBy(() -> SessionKeys.fromDirectory(dir, named))
        .hasMessage(
            "AES_BASE64_CYPHER_KEY is not set in directory "
                + dir
                + ": expected 32 bytes from the key AES_BASE64_CYPHER_KEY of Secret dir-secret");
    Path file = dir.resolve("COOKIE_HASH_KEY");
    assertThatThrownBy(() -> SessionKeys.fromDirectory(file, named))
        .isInstanceOf(KeyLoadException.class)
        .hasMessage("the key directory " + file + " does not exist: mount Secret dir-secret there");
  }

  static Clock at(long seconds) {
    return Clock.fixed(Instant.ofEpochSecond(seconds), ZoneOffset.UTC);
  }

  @Test
  void theSessionStoresCodecExpiresWithTheCookie() {
    SessionKeys keys = SessionKeys.fromEnvironment(env());
    long now = Instant.now().getEpochSecond();
    String old =
        keys.sessionCodecBuilder()
            .clock(at(now - 3600))
            .build()
            .encode("s", Map.of("u", "a"), Serializer.GOB);
    CookieOptions hour = CookieOptions.gorillaDefaults().withMaxAgeSeconds(600);
    assertThatThrownBy(() -> keys.sessionStore(hour).read("s", old))
        .isInstanceOfSatisfying(
            CookieException.class,
            e -> assertThat(e.reason()).isEqualTo(CookieException.Reason.EXPIRED));
    // A cookie that is deleted now, or lives for the browser session, has no server-side limit.
    for (int maxAge : new int[] {0, -1}) {
      CookieOptions o = CookieOptions.gorillaDefaults().withMaxAgeSeconds(maxAge);
      assertThat(keys.sessionStore(o).read("s", old).values()).containsEntry("u", "a");
      assertThat(keys.sessionStore(o).options()).isEqualTo(o);
    }
    // The session codec uses the session keys, the cookie codec the cookie keys.
    assertThatThrownBy(() -> keys.cookieCodec().decode("s", old))
        .isInstanceOf(CookieException.class);
    assertThat(keys.sessionStore().options().httpOnly()).isTrue();
  }

  @Test
  void aHashKeyRotatedAloneIsPairedWithTheCurrentBlockKey() throws Exception {
    Map<String, String> env = env();
    env.put("COOKIE_HASH_KEY", "z".repeat(64));
    env.put("COOKIE_HASH_KEY_PREVIOUS", "a".repeat(64));
    SessionKeys keys = SessionKeys.fromEnvironment(env);
    assertThat(keys.cookieKeyGenerations())
        .containsExactly(
            Fingerprints.generation(
                KeySlot.PRIMARY,
                "z".repeat(64).getBytes(StandardCharsets.US_ASCII),
                "b".repeat(32).getBytes(StandardCharsets.US_ASCII)),
            Fingerprints.generation(
                KeySlot.PREVIOUS,
                "a".repeat(64).getBytes(StandardCharsets.US_ASCII),
                "b".repeat(32).getBytes(StandardCharsets.US_ASCII)));
    assertThat(keys.cookieCodec().keyGenerations()).isEqualTo(keys.cookieKeyGenerations());
    assertThat(keys.cookieCodecBuilder().build().keyGenerations())
        .isEqualTo(keys.cookieKeyGenerations());
    assertThat(keys.sessionKeyGenerations()).hasSize(1);
    assertThat(keys.dataCipher().keyGenerations()).hasSize(1);
    assertThat(keys.toString())
        .isEqualTo(
            "SessionKeys[secret=fwinsights-secrets, COOKIE_HASH_KEY="
                + SessionKeysTest.fingerprint("z".repeat(64))
                + " (previous "
                + SessionKeysTest.fingerprint("a".repeat(64))
                + "), COOKIE_BLOCK_KEY="
                + SessionKeysTest.fingerprint("b".repeat(32))
                + ", SESSION_AUTH_KEY="
                + SessionKeysTest.fingerprint("c".repeat(64))
                + ", SESSION_ENCRYPTION_KEY="
                + SessionKeysTest.fingerprint("d".repeat(32))
                + ", AES_BASE64_CYPHER_KEY="
                + SessionKeysTest.fingerprint("e".repeat(32))
                + "]");
    // The data key rotated: current first, previous second.
    env.put("AES_BASE64_CYPHER_KEY", "y".repeat(32));
    env.put("AES_BASE64_CYPHER_KEY_PREVIOUS", "e".repeat(32));
    List<KeyGeneration> data = SessionKeys.fromEnvironment(env).dataCipher().keyGenerations();
    assertThat(data)
        .extracting(KeyGeneration::fingerprint)
        .containsExactly(
            SessionKeysTest.fingerprint("y".repeat(32)),
            SessionKeysTest.fingerprint("e".repeat(32)));
  }

  @Test
  void keyNamesAndLengthsAreTheProfiles() {
    assertThat(Key.values())
        .extracting(Key::name, Key::length, k -> k.nameIn(KeySlot.PREVIOUS))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("COOKIE_HASH_KEY", 64, "COOKIE_HASH_KEY_PREVIOUS"),
            org.assertj.core.groups.Tuple.tuple(
                "COOKIE_BLOCK_KEY", 32, "COOKIE_BLOCK_KEY_PREVIOUS"),
            org.assertj.core.groups.Tuple.tuple(
                "SESSION_AUTH_KEY", 64, "SESSION_AUTH_KEY_PREVIOUS"),
            org.assertj.core.groups.Tuple.tuple(
                "SESSION_ENCRYPTION_KEY", 32, "SESSION_ENCRYPTION_KEY_PREVIOUS"),
            org.assertj.core.groups.Tuple.tuple(
                "AES_BASE64_CYPHER_KEY", 32, "AES_BASE64_CYPHER_KEY_PREVIOUS"));
  }
}
