package dev.sessionkeys.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime side of a staged rotation: {@code <KEY>_NEXT} and {@code <KEY>_PREVIOUS} load, the
 * primary key encodes, decoding tries primary, next, previous, and every successful decode is
 * counted per slot.
 */
class StagedRotationTest {

  static final String A64 = "a".repeat(64);
  static final String N64 = "n".repeat(64);
  static final String P64 = "p".repeat(64);
  static final String A32 = "A".repeat(32);
  static final String N32 = "N".repeat(32);
  static final String P32 = "P".repeat(32);

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** The five keys, each of the form {@code (base, next, previous)} in the slot given. */
  static Map<String, String> keys(KeySlot... slots) {
    Map<String, String> env = SessionKeysTest.env();
    for (SessionKeys.Key key : SessionKeys.Key.values()) {
      for (KeySlot slot : slots) {
        String value =
            (slot == KeySlot.NEXT ? "n" : "p").repeat(key.length() / 2)
                + key.name().substring(0, 1).repeat(key.length() / 2);
        env.put(key.nameIn(slot), value);
      }
    }
    return env;
  }

  @Test
  void slotsNameTheirVariables() {
    assertThat(KeySlot.PRIMARY.suffix()).isEmpty();
    assertThat(SessionKeys.Key.SESSION_AUTH_KEY.nameIn(KeySlot.NEXT))
        .isEqualTo("SESSION_AUTH_KEY_NEXT");
    assertThat(SessionKeys.Key.AES_BASE64_CYPHER_KEY.nameIn(KeySlot.PREVIOUS))
        .isEqualTo("AES_BASE64_CYPHER_KEY_PREVIOUS");
    assertThat(SessionKeys.Key.COOKIE_HASH_KEY.nameIn(KeySlot.PRIMARY))
        .isEqualTo("COOKIE_HASH_KEY");
  }

  @Test
  void allThreeSlotsLoadAndEveryCodecDecodesWithEach() {
    Map<String, String> primaryOnly = SessionKeysTest.env();
    Map<String, String> staged = keys(KeySlot.NEXT, KeySlot.PREVIOUS);
    SessionKeys keys = SessionKeys.fromEnvironment(staged);
    assertThat(keys.sessionKeyGenerations())
        .extracting(KeyGeneration::slot)
        .containsExactly(KeySlot.PRIMARY, KeySlot.NEXT, KeySlot.PREVIOUS);
    assertThat(keys.cookieCodec().keyGenerations()).isEqualTo(keys.cookieKeyGenerations());
    assertThat(keys.dataCipher().keyGenerations())
        .extracting(KeyGeneration::slot)
        .containsExactly(KeySlot.PRIMARY, KeySlot.NEXT, KeySlot.PREVIOUS);
    for (KeySlot slot : KeySlot.values()) {
      assertThat(keys.fingerprint(SessionKeys.Key.COOKIE_BLOCK_KEY, slot))
          .contains(Fingerprints.of(b(staged.get(SessionKeys.Key.COOKIE_BLOCK_KEY.nameIn(slot)))));
    }
    assertThat(
            SessionKeys.fromEnvironment(primaryOnly)
                .fingerprint(SessionKeys.Key.COOKIE_HASH_KEY, KeySlot.NEXT))
        .isEmpty();
    assertThat(keys.toString())
        .contains(
            "COOKIE_HASH_KEY="
                + Fingerprints.of(b(A64))
                + " (next "
                + Fingerprints.of(b(staged.get("COOKIE_HASH_KEY_NEXT")))
                + ", previous "
                + Fingerprints.of(b(staged.get("COOKIE_HASH_KEY_PREVIOUS")))
                + ")");

    // What a replica writes with each slot's keys as its primary ones, this key set reads.
    Map<KeySlot, SessionKeys> writers = new java.util.EnumMap<>(KeySlot.class);
    for (KeySlot slot : KeySlot.values()) {
      Map<String, String> env = new java.util.HashMap<>(primaryOnly);
      for (SessionKeys.Key key : SessionKeys.Key.values()) {
        env.put(key.name(), staged.get(key.nameIn(slot)));
      }
      writers.put(slot, SessionKeys.fromEnvironment(env));
    }
    CookieSessionStore store = keys.sessionStore();
    for (KeySlot slot : KeySlot.values()) {
      SessionKeys writer = writers.get(slot);
      Session s = writer.sessionStore().newSession("s");
      s.values().put("user", "ada");
      String header = writer.sessionStore().save(s);
      Session read = store.load("s", header.substring(0, header.indexOf(';')));
      assertThat(read.rejection()).isEmpty();
      assertThat(read.values()).containsEntry("user", "ada");
      assertThat(read.keyGeneration().orElseThrow().slot()).isEqualTo(slot);
      // Only a previous key's cookie is re-issued: a next key's is newer than this replica.
      assertThat(read.needsReissue()).isEqualTo(slot == KeySlot.PREVIOUS);

      String cookie = writer.cookieCodec().encode("c", new byte[] {7});
      assertThat(keys.cookieCodec().decode("c", cookie).key().slot()).isEqualTo(slot);
      byte[] sealed = writer.dataCipher().encrypt(new byte[] {8}, new byte[0]);
      assertThat(keys.dataCipher().decrypt(sealed, new byte[0])).containsExactly(8);
    }
    // Each codec counted one decode per slot, into the one KeyUsage of the key set.
    KeyUsage usage = keys.keyUsage();
    for (KeyUsage.Codec codec : KeyUsage.Codec.values()) {
      for (KeySlot slot : KeySlot.values()) {
        assertThat(usage.decodes(codec, slot)).as("%s %s", codec, slot).isEqualTo(1);
      }
    }
    assertThat(usage.snapshot())
        .hasSize(9)
        .first()
        .isEqualTo(new KeyUsage.Count(KeyUsage.Codec.COOKIE, KeySlot.PRIMARY, 1));
    assertThat(usage.snapshot().get(5))
        .isEqualTo(new KeyUsage.Count(KeyUsage.Codec.SESSION, KeySlot.PREVIOUS, 1));
    assertThat(usage.toString())
        .startsWith("KeyUsage[Count[codec=COOKIE, slot=PRIMARY, decodes=1]");
    // The writers' own counters saw nothing: counting is per key set.
    assertThat(writers.get(KeySlot.NEXT).keyUsage().snapshot())
        .allSatisfy(c -> assertThat(c.decodes()).isZero());
  }

  @Test
  void aRefusedCookieCountsNowhereAndAPlainBuilderCountsNothing() {
    SessionKeys keys = SessionKeys.fromEnvironment(keys(KeySlot.NEXT));
    SecureCookie codec = keys.cookieCodec();
    String cookie = codec.encode("c", new byte[] {1});
    assertThatThrownBy(() -> codec.decode("other", cookie)).isInstanceOf(CookieException.class);
    assertThat(keys.keyUsage().snapshot()).allSatisfy(c -> assertThat(c.decodes()).isZero());
    codec.decode("c", cookie);
    assertThat(keys.keyUsage().decodes(KeyUsage.Codec.COOKIE, KeySlot.PRIMARY)).isEqualTo(1);
    assertThat(keys.keyUsage().decodes(KeyUsage.Codec.SESSION, KeySlot.PRIMARY)).isZero();
    // Built outside a key set and without keyUsage(...): decoding works, nothing to count into.
    SecureCookie plain = SecureCookie.builder(b(A64), null).nextKeys(b(N64), null).build();
    String fromNext = SecureCookie.builder(b(N64), null).build().encode("c", new byte[] {2});
    assertThat(plain.decode("c", fromNext).key().slot()).isEqualTo(KeySlot.NEXT);
    assertThatThrownBy(
            () -> SecureCookie.builder(b(A64), null).keyUsage(null, KeyUsage.Codec.COOKIE))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> SecureCookie.builder(b(A64), null).keyUsage(new KeyUsage(), null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> DataCipher.builder(b(A32)).keyUsage(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void thePrimaryPairIsTriedFirstWhateverTheBuilderOrder() {
    KeyUsage usage = new KeyUsage();
    SecureCookie codec =
        SecureCookie.builder(b(A64), b(A32))
            .previousKeys(b(P64), b(P32))
            .nextKeys(b(N64), b(N32))
            .keyUsage(usage, KeyUsage.Codec.SESSION)
            .build();
    assertThat(codec.keyGenerations())
        .extracting(KeyGeneration::slot)
        .containsExactly(KeySlot.PRIMARY, KeySlot.NEXT, KeySlot.PREVIOUS);
    String mine = codec.encode("n", new byte[] {1});
    assertThat(codec.decode("n", mine).key().slot()).isEqualTo(KeySlot.PRIMARY);
    assertThat(usage.decodes(KeyUsage.Codec.SESSION, KeySlot.PRIMARY)).isEqualTo(1);
    assertThat(usage.decodes(KeyUsage.Codec.SESSION, KeySlot.NEXT)).isZero();
    assertThat(usage.decodes(KeyUsage.Codec.COOKIE, KeySlot.PRIMARY)).isZero();
  }

  @Test
  void aValueInTwoSlotsIsAHalfDoneStepAndIsRefused() {
    Map<String, String> env = keys(KeySlot.NEXT, KeySlot.PREVIOUS);
    env.put("SESSION_AUTH_KEY_NEXT", env.get("SESSION_AUTH_KEY"));
    env.put("AES_BASE64_CYPHER_KEY_PREVIOUS", env.get("AES_BASE64_CYPHER_KEY_NEXT"));
    assertThatThrownBy(() -> SessionKeys.fromEnvironment(env))
        .isInstanceOfSatisfying(
            KeyLoadException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "SESSION_AUTH_KEY_NEXT in the environment has the same value as"
                            + " SESSION_AUTH_KEY: a rotation step was applied twice or only in part;"
                            + " set SESSION_AUTH_KEY_NEXT to a new value or remove it",
                        "AES_BASE64_CYPHER_KEY_PREVIOUS in the environment has the same value as"
                            + " AES_BASE64_CYPHER_KEY_NEXT: a rotation step was applied twice or only"
                            + " in part; set AES_BASE64_CYPHER_KEY_PREVIOUS to a new value or remove"
                            + " it"));
    // A value of the wrong length is that, in each slot, and never also a repeated value.
    Map<String, String> shortTwice = SessionKeysTest.env();
    shortTwice.put("COOKIE_HASH_KEY", "short");
    shortTwice.put("COOKIE_HASH_KEY_NEXT", "short");
    assertThatThrownBy(() -> SessionKeys.fromEnvironment(shortTwice))
        .isInstanceOfSatisfying(
            KeyLoadException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(2)
                    .allMatch(p -> p.contains(" has 5 bytes, expected 64"))
                    .noneMatch(p -> p.contains("same value")));
    // Empty optional slots are how a template leaves them unused; a short one is an error.
    Map<String, String> empty = SessionKeysTest.env();
    empty.put("COOKIE_HASH_KEY_NEXT", "");
    assertThat(SessionKeys.fromEnvironment(empty).cookieKeyGenerations()).hasSize(1);
    empty.put("COOKIE_HASH_KEY_NEXT", "short");
    assertThatThrownBy(() -> SessionKeys.fromEnvironment(empty))
        .hasMessageStartingWith("COOKIE_HASH_KEY_NEXT in the environment has 5 bytes, expected 64");
    // An empty primary is a wrong length, not an unused slot.
    Map<String, String> noPrimary = SessionKeysTest.env();
    noPrimary.put("COOKIE_BLOCK_KEY", "");
    assertThatThrownBy(() -> SessionKeys.fromEnvironment(noPrimary))
        .hasMessageStartingWith("COOKIE_BLOCK_KEY in the environment has 0 bytes, expected 32");
  }

  @Test
  void aMountedSecretDirectoryGivesTheNextFilesToo(@TempDir Path dir) throws Exception {
    Map<String, String> env = keys(KeySlot.NEXT);
    for (Map.Entry<String, String> e : env.entrySet()) {
      Files.writeString(dir.resolve(e.getKey()), e.getValue());
    }
    SessionKeys keys = SessionKeys.fromDirectory(dir, Map.of());
    assertThat(keys.sessionKeyGenerations())
        .extracting(KeyGeneration::slot)
        .containsExactly(KeySlot.PRIMARY, KeySlot.NEXT);
    assertThat(keys.fingerprint(SessionKeys.Key.AES_BASE64_CYPHER_KEY, KeySlot.NEXT))
        .contains(Fingerprints.of(b(env.get("AES_BASE64_CYPHER_KEY_NEXT"))));
  }

  @Test
  void cookieOptionsReadTheEnvironmentOnlyWhenAsked() {
    CookieOptions secure = CookieOptions.secureDefaults();
    assertThat(secure)
        .isEqualTo(
            new CookieOptions(
                "/",
                "",
                CookieOptions.DEFAULT_MAX_AGE_SECONDS,
                true,
                true,
                CookieOptions.SameSite.LAX));
    assertThat(CookieOptions.fromEnvironment(Map.of())).isEqualTo(secure);
    assertThat(CookieOptions.fromEnvironment(Map.of("ALLOW_HTTP_COOKIES", " TRUE ")))
        .isEqualTo(secure.withSecure(false));
    assertThat(CookieOptions.fromEnvironment(Map.of("ALLOW_HTTP_COOKIES", "1"))).isEqualTo(secure);
    assertThat(SessionKeys.of(SessionKeysTest.env()).sessionStore().options()).isEqualTo(secure);
  }

  @Test
  void lineBreaksInACookieAreSkippedAsGoDoes() {
    SecureCookie codec = SecureCookie.builder(b(A64), b(A32)).build();
    String value = codec.encode("n", new byte[] {1, 2, 3});
    String wrapped =
        value.substring(0, 10)
            + "\r\n"
            + value.substring(10, 30)
            + "\n"
            + value.substring(30)
            + "\r";
    assertThat(codec.decode("n", wrapped).value()).containsExactly(1, 2, 3);
    assertThat(Base64Url.decode("AQ\r\n==")).containsExactly(1);
    assertThat(Base64Url.decode("\n\n")).isEmpty();
    assertThat(Base64Url.decode("AQ=")).isNull();
    assertThat(Base64Url.decode("AQ\n=")).isNull();
    assertThat(Base64Url.decode("A\tQ==")).isNull();
    // Only CR and LF: other whitespace still makes a cookie malformed.
    assertThatThrownBy(() -> codec.decode("n", value.substring(0, 10) + " " + value.substring(10)))
        .isInstanceOfSatisfying(
            CookieException.class,
            e -> assertThat(e.reason()).isEqualTo(CookieException.Reason.MALFORMED));
  }
}
