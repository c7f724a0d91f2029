package dev.sessionkeys.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random and mutated input to every decoder: nothing but the typed exception (or a value) may come
 * out.
 */
class DecoderPropertiesTest {

  static final SecureCookie CODEC =
      SecureCookie.builder(GoInteropTest.HASH, GoInteropTest.BLOCK).maxAgeSeconds(0).build();
  static final SecureCookie PLAIN =
      SecureCookie.builder(GoInteropTest.HASH, null).maxAgeSeconds(0).build();
  static final DataCipher CIPHER = DataCipher.of(GoInteropTest.BLOCK);
  static final byte[] GOB_SAMPLE =
      GobWriter.encode(GoInteropTest.sampleSession(), GobView.MapType.SESSION);
  static final byte[] JSON_SAMPLE = GoInteropTest.SAMPLE_JSON.getBytes(StandardCharsets.UTF_8);

  @Provide
  Arbitrary<String> cookieLike() {
    return Arbitraries.strings().withChars("ABCDEFabcdef0123456789-_=|+/ %").ofMaxLength(300);
  }

  @Property(tries = 500)
  void randomCookieValuesOnlyRaiseCookieException(
      @ForAll("cookieLike") String value, @ForAll String other) {
    for (String v : new String[] {value, other}) {
      try {
        CODEC.decode("n", v, Serializer.GOB);
      } catch (CookieException expected) {
        assertThat(expected.reason()).isNotNull();
      }
    }
  }

  static final String VALID_COOKIE =
      CODEC.encode("n", GoInteropTest.sampleSession(), Serializer.GOB);

  /** Several random edits of a valid cookie: refused, with the typed exception only. */
  @Property(tries = 1000)
  void mutatedCookiesAreRefused(
      @ForAll @Size(min = 1, max = 4)
          java.util.List<@IntRange(min = 0, max = 100_000) Integer> positions,
      @ForAll("cookieLike") String insert) {
    char[] chars = VALID_COOKIE.toCharArray();
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=";
    boolean changed = false;
    for (int p : positions) {
      int i = p % chars.length;
      char c = alphabet.charAt(p % alphabet.length());
      changed |= chars[i] != c;
      chars[i] = c;
    }
    String mutated = new String(chars);
    int at = positions.get(0) % chars.length;
    String spliced = VALID_COOKIE.substring(0, at) + insert + VALID_COOKIE.substring(at);
    for (String v : new String[] {mutated, spliced}) {
      if (v.equals(VALID_COOKIE) || (!changed && v == mutated)) {
        continue;
      }
      try {
        CODEC.decode("n", v, Serializer.GOB);
        throw new AssertionError("accepted a mutated cookie");
      } catch (CookieException expected) {
        assertThat(expected.reason()).isNotNull();
      }
    }
  }

  /**
   * Valid MAC, random payload: this is what reaches the serializers when a key holder sends junk.
   */
  @Property(tries = 500)
  void authenticatedJunkOnlyRaisesCookieException(@ForAll @Size(max = 600) byte[] payload) {
    String cookie = PLAIN.encode("n", payload);
    for (Serializer<?> s : new Serializer<?>[] {Serializer.GOB, Serializer.JSON, Serializer.RAW}) {
      try {
        PLAIN.decode("n", cookie, s);
      } catch (CookieException expected) {
        assertThat(expected.reason()).isEqualTo(CookieException.Reason.CANNOT_DESERIALIZE);
      }
    }
  }

  @Property(tries = 1000)
  void mutatedGobOnlyRaisesCookieException(
      @ForAll @IntRange(min = 0, max = 10_000) int position,
      @ForAll byte replacement,
      @ForAll @IntRange(min = 0, max = 400) int cut) {
    byte[] gob = GOB_SAMPLE.clone();
    gob[position % gob.length] = replacement;
    byte[] truncated = Arrays.copyOf(gob, Math.min(cut, gob.length));
    for (byte[] input : new byte[][] {gob, truncated}) {
      try {
        Map<String, Object> values = GobReader.readSessionValues(input);
        assertThat(values).isNotNull();
      } catch (CookieException expected) {
        assertThat(expected.reason()).isEqualTo(CookieException.Reason.CANNOT_DESERIALIZE);
      }
    }
  }

  @Property(tries = 1000)
  void mutatedJsonOnlyRaisesCookieException(
      @ForAll @IntRange(min = 0, max = 10_000) int position,
      @ForAll byte replacement,
      @ForAll @IntRange(min = 0, max = 400) int cut) {
    byte[] json = JSON_SAMPLE.clone();
    json[position % json.length] = replacement;
    byte[] truncated = Arrays.copyOf(json, Math.min(cut, json.length));
    for (byte[] input : new byte[][] {json, truncated}) {
      try {
        GoJson.read(input);
      } catch (CookieException expected) {
        assertThat(expected.reason()).isEqualTo(CookieException.Reason.CANNOT_DESERIALIZE);
      }
    }
  }

  @Property(tries = 300)
  void randomBytesToEveryDecoder(@ForAll @Size(max = 300) byte[] junk) {
    try {
      GobReader.readSessionValues(junk);
    } catch (CookieException expected) {
      assertThat(expected.reason()).isEqualTo(CookieException.Reason.CANNOT_DESERIALIZE);
    }
    try {
      GoJson.read(junk);
    } catch (CookieException expected) {
      assertThat(expected.reason()).isEqualTo(CookieException.Reason.CANNOT_DESERIALIZE);
    }
    try {
      CIPHER.decrypt(junk, new byte[0]);
    } catch (DataCipherException expected) {
      assertThat(expected.reason()).isNotNull();
    }
    try (var in =
        CIPHER.streaming().newDecryptingStream(new ByteArrayInputStream(junk), new byte[0])) {
      in.readAllBytes();
    } catch (DataCipherException expected) {
      assertThat(expected.reason()).isNotNull();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    String text = new String(junk, StandardCharsets.ISO_8859_1);
    try {
      CookieSessionStore.cookieValue(text, "n");
    } catch (RuntimeException e) {
      throw new AssertionError("cookie header parsing threw " + e);
    }
  }

  @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
  void gobWriterAndReaderAgree(
      @ForAll String key,
      @ForAll String s,
      @ForAll long n,
      @ForAll double d,
      @ForAll boolean b,
      @ForAll @Size(max = 50) byte[] bytes) {
    Map<String, Object> values = new java.util.LinkedHashMap<>();
    values.put(key, s);
    values.put(key + "n", n);
    values.put(key + "i", new GoInt64(n));
    values.put(key + "d", d);
    values.put(key + "b", b);
    values.put(key + "y", bytes);
    values.put(key + "f", java.util.List.of(s, n, d, b));
    Map<String, Object> back =
        GobReader.readSessionValues(GobWriter.encode(values, GobView.MapType.SESSION));
    assertThat(Interop.typed(back)).isEqualTo(Interop.typed(replaceLoneSurrogates(values)));
  }

  /** Strings travel as UTF-8, so lone surrogates come back as U+FFFD, as in Go. */
  private static Map<String, Object> replaceLoneSurrogates(Map<String, Object> values) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      Object v = e.getValue();
      if (v instanceof String str) {
        v = new String(str.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
      } else if (v instanceof java.util.List<?> list) {
        java.util.List<Object> l = new java.util.ArrayList<>();
        for (Object o : list) {
          l.add(
              o instanceof String str
                  ? new String(str.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)
                  : o);
        }
        v = l;
      }
      out.put(new String(e.getKey().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), v);
    }
    return out;
  }
}
