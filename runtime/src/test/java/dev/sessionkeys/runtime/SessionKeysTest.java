package dev.sessionkeys.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionKeysTest {

  static Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("COOKIE_HASH_KEY", "a".repeat(64));
    env.put("COOKIE_BLOCK_KEY", "b".repeat(32));
    env.put("SESSION_AUTH_KEY", "c".repeat(64));
    env.put("SESSION_ENCRYPTION_KEY", "d".repeat(32));
    env.put("AES_BASE64_CYPHER_KEY", "e".repeat(32));
    return env;
  }

  @Test
  void loadsTheFiveKeysFromTheEnvironment() {
    SessionKeys keys = SessionKeys.fromEnvironment(env());
    assertThat(keys.fingerprint(SessionKeys.Key.COOKIE_HASH_KEY, KeySlot.PRIMARY).orElseThrow())
        .isEqualTo(Fingerprints.of("a".repeat(64).getBytes(StandardCharsets.US_ASCII)));
    assertThat(keys.secretName()).isEqualTo("fwinsights-secrets");
    assertThat(keys.fingerprint(SessionKeys.Key.COOKIE_HASH_KEY, KeySlot.PREVIOUS).isPresent())
        .isFalse();
    SecureCookie codec = keys.cookieCodec();
    assertThat(codec.decode("n", codec.encode("n", new byte[] {1})).value()).containsExactly(1);
  }

  @Test
  void failsFastNamingKeyLengthsAndSecretButNotTheValue() {
    Map<String, String> env = env();
    env.put("COOKIE_BLOCK_KEY", "shortvalue");
    env.remove("SESSION_AUTH_KEY");
    env.put("SESSIONKEYS_SECRET_NAME", "my-secrets");
    assertThatThrownBy(() -> SessionKeys.fromEnvironment(env))
        .isInstanceOfSatisfying(
            KeyLoadException.class,
            e -> {
              assertThat(e.problems())
                  .containsExactly(
                      "COOKIE_BLOCK_KEY in the environment has 10 bytes, expected 32: set it from the key COOKIE_BLOCK_KEY"
                          + " of Secret my-secrets",
                      "SESSION_AUTH_KEY is not set in the environment: expected 64 bytes from the key SESSION_AUTH_KEY of"
                          + " Secret my-secrets");
              assertThat(e.getMessage()).doesNotContain("shortvalue");
            });
  }

  /**
   * The generation fingerprint as documented, computed here independently of {@link Fingerprints}.
   */
  static String pairFingerprint(String first, String second) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    md.update(
        MessageDigest.getInstance("SHA-256").digest(first.getBytes(StandardCharsets.US_ASCII)));
    md.update(
        MessageDigest.getInstance("SHA-256").digest(second.getBytes(StandardCharsets.US_ASCII)));
    return "sha256:" + HexFormat.of().formatHex(md.digest()).substring(0, 16);
  }

  static String fingerprint(String value) throws Exception {
    return "sha256:"
        + HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.US_ASCII)))
            .substring(0, 16);
  }

  @Test
  void aSessionGenerationIsIdentifiedByBothKeys() throws Exception {
    SessionKeys keys = SessionKeys.fromEnvironment(env());
    assertThat(keys.sessionKeyGenerations())
        .containsExactly(
            new KeyGeneration(
                KeySlot.PRIMARY,
                pairFingerprint("c".repeat(64), "d".repeat(32)),
                List.of(fingerprint("c".repeat(64)), fingerprint("d".repeat(32)))));
    assertThat(keys.cookieKeyGenerations())
        .containsExactly(
            new KeyGeneration(
                KeySlot.PRIMARY,
                pairFingerprint("a".repeat(64), "b".repeat(32)),
                List.of(fingerprint("a".repeat(64)), fingerprint("b".repeat(32)))));
    // The generation's fingerprint is neither key's own.
    assertThat(keys.sessionKeyGenerations().get(0).fingerprint())
        .isNotIn(
            keys.fingerprint(SessionKeys.Key.SESSION_AUTH_KEY, KeySlot.PRIMARY).orElseThrow(),
            keys.fingerprint(SessionKeys.Key.SESSION_ENCRYPTION_KEY, KeySlot.PRIMARY)
                .orElseThrow());
  }

  @Test
  void rotatingOnlyTheEncryptionKeyMakesADistinctGeneration() throws Exception {
    Map<String, String> env = env();
    env.put("SESSION_ENCRYPTION_KEY", "f".repeat(32));
    env.put("SESSION_ENCRYPTION_KEY_PREVIOUS", "d".repeat(32));
    SessionKeys keys = SessionKeys.fromEnvironment(env);

    List<KeyGeneration> generations = keys.sessionKeyGenerations();
    assertThat(generations).hasSize(2);
    KeyGeneration current = generations.get(0);
    KeyGeneration previous = generations.get(1);
    assertThat(current.fingerprint()).isEqualTo(pairFingerprint("c".repeat(64), "f".repeat(32)));
    assertThat(previous.fingerprint())
        .isEqualTo(pairFingerprint("c".repeat(64), "d".repeat(32)))
        .isNotEqualTo(current.fingerprint());
    assertThat(previous.previous()).isTrue();
    // The auth key did not change: the same first key fingerprint in both, as `check` shows it.
    assertThat(previous.keyFingerprints().get(0)).isEqualTo(current.keyFingerprints().get(0));
    assertThat(previous.keyFingerprints().get(1)).isEqualTo(fingerprint("d".repeat(32)));
    // The codec agrees, and says which generation verified a cookie.
    SecureCookie codec = keys.sessionCodecBuilder().build();
    assertThat(codec.keyGenerations()).isEqualTo(generations);
    SecureCookie before = SessionKeys.fromEnvironment(env()).sessionCodecBuilder().build();
    // Sessions are gob: the current pair's MAC verifies (same auth key), its decryption gives noise
    // that gob refuses,
    // and the previous pair reads the cookie.
    Map<String, Object> session = Map.of("user", "alice");
    assertThat(codec.decode("s", before.encode("s", session, Serializer.GOB), Serializer.GOB).key())
        .isEqualTo(previous);
    assertThat(codec.decode("s", codec.encode("s", session, Serializer.GOB), Serializer.GOB).key())
        .isEqualTo(current);
    // The cookie keys did not rotate: one generation.
    assertThat(keys.cookieKeyGenerations()).hasSize(1);
  }

  @Test
  void previousValuesAreValidatedAndUsedForDecoding() {
    Map<String, String> before = env();
    Map<String, String> after = env();
    after.put("COOKIE_HASH_KEY", "x".repeat(64));
    after.put("COOKIE_HASH_KEY_PREVIOUS", "a".repeat(64));
    after.put("AES_BASE64_CYPHER_KEY", "y".repeat(32));
    after.put("AES_BASE64_CYPHER_KEY_PREVIOUS", "e".repeat(32));
    SessionKeys old = SessionKeys.fromEnvironment(before);
    SessionKeys rotated = SessionKeys.fromEnvironment(after);
    assertThat(rotated.fingerprint(SessionKeys.Key.COOKIE_HASH_KEY, KeySlot.PREVIOUS).isPresent())
        .isTrue();
    String cookie = old.cookieCodec().encode("n", new byte[] {1});
    // Only the hash key rotated: the previous pair is the old hash key with the current block key.
    assertThat(rotated.cookieCodec().decode("n", cookie).key().previous()).isTrue();
    byte[] secret = "secret".getBytes(StandardCharsets.UTF_8);
    byte[] sealed = old.dataCipher().encrypt(secret, new byte[0]);
    assertThat(rotated.dataCipher().decrypt(sealed, new byte[0])).isEqualTo(secret);
    assertThat(rotated.dataCipher().keyGeneration(sealed).previous()).isTrue();

    after.put("COOKIE_HASH_KEY_PREVIOUS", "tooshort");
    assertThatThrownBy(() -> SessionKeys.fromEnvironment(after))
        .hasMessage(
            "COOKIE_HASH_KEY_PREVIOUS in the environment has 8 bytes, expected 64: set it from the key"
                + " COOKIE_HASH_KEY of Secret fwinsights-secrets");
  }

  @Test
  void loadsAMountedSecretDirectoryAndPointsOutTrailingNewlines(@TempDir Path dir)
      throws Exception {
    for (Map.Entry<String, String> e : env().entrySet()) {
      Files.writeString(dir.resolve(e.getKey()), e.getValue());
    }
    Files.writeString(dir.resolve("SESSION_AUTH_KEY_PREVIOUS"), "f".repeat(64));
    SessionKeys keys = SessionKeys.fromDirectory(dir, Map.of());
    assertThat(keys.toString())
        .isEqualTo(
            SessionKeys.fromEnvironment(env())
                .toString()
                .replace(
                    "SESSION_AUTH_KEY="
                        + keys.fingerprint(SessionKeys.Key.SESSION_AUTH_KEY, KeySlot.PRIMARY)
                            .orElseThrow(),
                    "SESSION_AUTH_KEY="
                        + keys.fingerprint(SessionKeys.Key.SESSION_AUTH_KEY, KeySlot.PRIMARY)
                            .orElseThrow()
                        + " (previous "
                        + Fingerprints.of("f".repeat(64).getBytes(StandardCharsets.US_ASCII))
                        + ")"));
    Files.writeString(dir.resolve("COOKIE_BLOCK_KEY"), "b".repeat(32) + "\n");
    Files.delete(dir.resolve("AES_BASE64_CYPHER_KEY"));
    assertThatThrownBy(() -> SessionKeys.fromDirectory(dir, Map.of()))
        .hasMessageContaining(
            "COOKIE_BLOCK_KEY in directory "
                + dir
                + " has 33 bytes, expected 32 (it ends with a"
                + " line break; write the value without one)")
        .hasMessageContaining("AES_BASE64_CYPHER_KEY is not set in directory " + dir);
    assertThatThrownBy(() -> SessionKeys.fromDirectory(dir.resolve("nope"), Map.of()))
        .hasMessageContaining("does not exist: mount Secret fwinsights-secrets there");
  }
}
