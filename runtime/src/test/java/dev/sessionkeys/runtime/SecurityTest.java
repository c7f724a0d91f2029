package dev.sessionkeys.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tampering anywhere is caught, and no key ever shows up in text. */
class SecurityTest {

  static final byte[] HASH = GoInteropTest.HASH;
  static final byte[] BLOCK = GoInteropTest.BLOCK;

  /** Every character a cookie value could be changed to, plus a few that are not base64 at all. */
  static final char[] REPLACEMENTS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ %\u00e9".toCharArray();

  static List<String> sampleCookies() {
    List<String> out = new ArrayList<>();
    for (byte[] block : new byte[][] {BLOCK, null}) {
      SecureCookie codec = SecureCookie.builder(HASH, block).build();
      out.add(codec.encode("session", Map.of("user", "alice"), Serializer.GOB));
      out.add(codec.encode("prefs", Map.of("theme", "dark", "n", 3L), Serializer.JSON));
      out.add(
          codec.encode(
              "raw", new byte[] {1})); // 1 payload byte: the last base64 quantum has padding
      out.add(codec.encode("raw", new byte[] {1, 2})); // 2 bytes: one padding character
    }
    return out;
  }

  static String nameOf(int i) {
    return switch (i % 4) {
      case 0 -> "session";
      case 1 -> "prefs";
      default -> "raw";
    };
  }

  /**
   * Exhaustive: every position, every replacement character; all must be refused with the typed
   * exception.
   */
  @Test
  void everySingleCharacterChangeIsRejected() {
    List<String> cookies = sampleCookies();
    int checked = 0;
    for (int c = 0; c < cookies.size(); c++) {
      String cookie = cookies.get(c);
      SecureCookie codec = SecureCookie.builder(HASH, c < 4 ? BLOCK : null).build();
      char[] chars = cookie.toCharArray();
      for (int pos = 0; pos < chars.length; pos++) {
        char original = chars[pos];
        for (char r : REPLACEMENTS) {
          if (r == original) {
            continue;
          }
          chars[pos] = r;
          String altered = new String(chars);
          try {
            codec.decode(nameOf(c), altered);
            fail("accepted a cookie changed at position %d (%c -> %c)", pos, original, r);
          } catch (CookieException expected) {
            checked++;
          }
        }
        chars[pos] = original;
      }
      // Deleting or adding a character anywhere is refused too.
      for (int pos = 0; pos <= chars.length; pos++) {
        String shorter =
            pos < chars.length ? cookie.substring(0, pos) + cookie.substring(pos + 1) : null;
        String longer = cookie.substring(0, pos) + "A" + cookie.substring(pos);
        for (String altered : new String[] {shorter, longer}) {
          if (altered == null) {
            continue;
          }
          try {
            codec.decode(nameOf(c), altered);
            fail("accepted a cookie with a character deleted or inserted at %d", pos);
          } catch (CookieException expected) {
            checked++;
          }
        }
      }
      assertThat(codec.decode(nameOf(c), cookie).value()).isNotNull();
    }
    assertThat(checked).isGreaterThan(50_000);
  }

  /**
   * Every bit of the decoded layout (timestamp, value, MAC) flipped, re-encoded canonically: the
   * MAC catches it.
   */
  @Test
  void everyBitFlipInsideTheLayoutIsRejected() {
    SecureCookie codec = SecureCookie.builder(HASH, BLOCK).build();
    String cookie = codec.encode("session", Map.of("user", "alice"), Serializer.GOB);
    byte[] layout = java.util.Base64.getUrlDecoder().decode(cookie);
    for (int i = 0; i < layout.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        layout[i] ^= (byte) (1 << bit);
        String altered = java.util.Base64.getUrlEncoder().encodeToString(layout);
        try {
          codec.decode("session", altered, Serializer.GOB);
          fail("accepted a flip of bit %d of byte %d", bit, i);
        } catch (CookieException expected) {
          // refused
        }
        layout[i] ^= (byte) (1 << bit);
      }
    }
  }

  @Test
  void everySingleByteChangeOfDataCipherTextIsRejected() {
    DataCipher cipher = DataCipher.of(BLOCK);
    byte[] sealed =
        cipher.encrypt("some data at rest".getBytes(StandardCharsets.UTF_8), new byte[] {1});
    for (int i = 0; i < sealed.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        sealed[i] ^= (byte) (1 << bit);
        try {
          cipher.decrypt(sealed, new byte[] {1});
          fail("accepted a flip of bit %d of byte %d", bit, i);
        } catch (DataCipherException expected) {
          // refused
        }
        sealed[i] ^= (byte) (1 << bit);
      }
    }
  }

  /**
   * Collects the text of every failure and every toString() we can provoke, then looks for the keys
   * in it.
   */
  @Test
  void noKeyValueAppearsInMessagesOrToString() throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("COOKIE_HASH_KEY", new String(HASH, StandardCharsets.US_ASCII));
    env.put("COOKIE_BLOCK_KEY", new String(BLOCK, StandardCharsets.US_ASCII));
    env.put("SESSION_AUTH_KEY", new String(GoInteropTest.OLD_HASH, StandardCharsets.US_ASCII));
    env.put(
        "SESSION_ENCRYPTION_KEY", new String(GoInteropTest.OLD_BLOCK, StandardCharsets.US_ASCII));
    env.put("AES_BASE64_CYPHER_KEY", "Zx8KqLmN3pR5tV7wY9aB2cD4eF6gH8jK");
    env.put("COOKIE_HASH_KEY_PREVIOUS", "P".repeat(64));
    SessionKeys keys = SessionKeys.fromEnvironment(env);
    StringBuilder text = new StringBuilder();
    text.append(keys)
        .append(keys.cookieCodec())
        .append(keys.sessionStore())
        .append(keys.dataCipher());
    SecureCookie codec = keys.cookieCodec();
    String cookie = codec.encode("n", Map.of("a", "b"), Serializer.GOB);
    text.append(codec.decode("n", cookie, Serializer.GOB));
    Session s = keys.sessionStore().load("n", "n=" + cookie);
    text.append(s).append(s.rejection().map(Throwable::getMessage).orElse(""));
    for (String bad :
        new String[] {"", "A", cookie + "A", cookie.replace('A', 'B'), "x".repeat(5000)}) {
      try {
        codec.decode("n", bad, Serializer.GOB);
      } catch (CookieException e) {
        text.append(e.getMessage()).append(e);
      }
    }
    for (Map.Entry<String, String> e : env.entrySet()) {
      Map<String, String> broken = new LinkedHashMap<>(env);
      broken.put(e.getKey(), e.getValue().substring(1));
      try {
        SessionKeys.fromEnvironment(broken);
      } catch (KeyLoadException ex) {
        text.append(ex.getMessage()).append(ex);
      }
    }
    try {
      keys.dataCipher().decrypt(new byte[40], new byte[0]);
    } catch (DataCipherException e) {
      text.append(e.getMessage());
    }
    String all = text.toString();
    assertThat(all).contains("COOKIE_HASH_KEY");
    for (String value : env.values()) {
      assertThat(all).doesNotContain(value);
      assertThat(all).doesNotContain(value.substring(1));
      assertThat(all).doesNotContain(value.substring(0, 16));
    }
  }
}
