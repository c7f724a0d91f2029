package dev.sessionkeys.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.runtime.CookieException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Exact limits and exact bytes of {@link SecureCookie}: every limit is tried at the value itself
 * and one past it, and the encoded layout is checked against an independent computation with the
 * JCA.
 */
class SecureCookieBoundaryTest {

  static final byte[] HASH = GoInteropTest.HASH;
  static final byte[] BLOCK = GoInteropTest.BLOCK;
  static final byte[] OLD_HASH = GoInteropTest.OLD_HASH;
  static final byte[] OLD_BLOCK = GoInteropTest.OLD_BLOCK;
  static final long T = 1_700_000_000L;

  static Clock at(long seconds) {
    return Clock.fixed(Instant.ofEpochSecond(seconds), ZoneOffset.UTC);
  }

  static Clock atMillis(long millis) {
    return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }

  static byte[] hmac(byte[] key, String text) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * {@code base64url(timestamp "|" inner "|" mac)} with the MAC over the name too; inner as given.
   */
  static String forgeInner(byte[] hashKey, String name, String timestamp, String inner)
      throws Exception {
    byte[] sig = hmac(hashKey, name + "|" + timestamp + "|" + inner);
    byte[] head = (timestamp + "|" + inner + "|").getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = Arrays.copyOf(head, head.length + sig.length);
    System.arraycopy(sig, 0, all, head.length, sig.length);
    return Base64.getUrlEncoder().encodeToString(all);
  }

  static String forge(byte[] hashKey, String name, String timestamp, byte[] body) throws Exception {
    return forgeInner(hashKey, name, timestamp, Base64.getUrlEncoder().encodeToString(body));
  }

  static CookieException refusal(Runnable r) {
    try {
      r.run();
    } catch (CookieException e) {
      return e;
    }
    throw new AssertionError("no exception");
  }

  /** The three parts of a cookie value: timestamp text, inner base64 text, MAC bytes. */
  record Parts(String timestamp, String inner, byte[] mac) {}

  static Parts parts(String cookie) {
    byte[] outer = Base64.getUrlDecoder().decode(cookie);
    String text = new String(outer, StandardCharsets.ISO_8859_1);
    int bar1 = text.indexOf('|');
    int bar2 = text.indexOf('|', bar1 + 1);
    return new Parts(
        text.substring(0, bar1),
        text.substring(bar1 + 1, bar2),
        Arrays.copyOfRange(outer, bar2 + 1, outer.length));
  }

  @Test
  void encryptedLayoutIsIvThenAesCtrOfThePayloadUnderThatIv() throws Exception {
    SecureCookie codec = SecureCookie.builder(HASH, BLOCK).clock(at(T)).build();
    byte[] payload = "a payload longer than one AES block".getBytes(StandardCharsets.US_ASCII);
    String cookie = codec.encode("sess", payload);
    Parts p = parts(cookie);
    assertThat(p.timestamp()).isEqualTo("1700000000");
    assertThat(p.mac()).isEqualTo(hmac(HASH, "sess|1700000000|" + p.inner()));
    byte[] body = Base64.getUrlDecoder().decode(p.inner());
    assertThat(body).hasSize(16 + payload.length);
    Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
    ctr.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(BLOCK, "AES"),
        new IvParameterSpec(Arrays.copyOf(body, 16)));
    assertThat(ctr.doFinal(body, 16, body.length - 16)).isEqualTo(payload);
    // And the other way: a body built here with a chosen IV decodes to the payload.
    byte[] iv = new byte[16];
    Arrays.fill(iv, (byte) 0x5a);
    ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(BLOCK, "AES"), new IvParameterSpec(iv));
    byte[] sealed = ctr.doFinal(payload);
    byte[] forgedBody = Arrays.copyOf(iv, 16 + sealed.length);
    System.arraycopy(sealed, 0, forgedBody, 16, sealed.length);
    DecodedCookie<byte[]> d = codec.decode("sess", forge(HASH, "sess", "1700000000", forgedBody));
    assertThat(d.value()).isEqualTo(payload);
    assertThat(d.timestamp()).isEqualTo(T);
  }

  @Test
  void theShortestEncryptedBodyIsOneByteAfterTheIv() throws Exception {
    SecureCookie codec = SecureCookie.builder(HASH, BLOCK).clock(at(T)).build();
    byte[] iv = new byte[16];
    Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
    ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(BLOCK, "AES"), new IvParameterSpec(iv));
    byte[] body = Arrays.copyOf(iv, 17);
    body[16] = ctr.doFinal(new byte[] {42})[0];
    assertThat(codec.decode("n", forge(HASH, "n", "1700000000", body)).value()).containsExactly(42);
    CookieException e =
        refusal(() -> codec.decode("n", uncheckedForge(HASH, "n", "1700000000", new byte[16])));
    assertThat(e.reason()).isEqualTo(Reason.CANNOT_DECRYPT);
    assertThat(e.getMessage())
        .isEqualTo("CANNOT_DECRYPT: the encrypted value has 16 bytes, no more than the 16-byte IV");
    // An empty payload encrypts to the IV alone, which decoding then refuses (as gorilla does).
    String empty = codec.encode("n", new byte[0]);
    assertThat(Base64.getUrlDecoder().decode(parts(empty).inner())).hasSize(16);
    assertThat(refusal(() -> codec.decode("n", empty)).reason()).isEqualTo(Reason.CANNOT_DECRYPT);
  }

  static String uncheckedForge(byte[] key, String name, String ts, byte[] body) {
    try {
      return forge(key, name, ts, body);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static String uncheckedForgeInner(byte[] key, String name, String ts, String inner) {
    try {
      return forgeInner(key, name, ts, inner);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void macIsComparedOverAllItsBytes() throws Exception {
    SecureCookie codec = SecureCookie.builder(HASH, null).clock(at(T)).build();
    String cookie = codec.encode("n", new byte[] {1, 2, 3});
    byte[] outer = Base64.getUrlDecoder().decode(cookie);
    int macStart = outer.length - 32;
    for (int i : new int[] {macStart, macStart + 15, outer.length - 1}) {
      byte[] altered = outer.clone();
      altered[i] ^= 1;
      CookieException e =
          refusal(() -> codec.decode("n", Base64.getUrlEncoder().encodeToString(altered)));
      assertThat(e.reason()).as("byte %d", i).isEqualTo(Reason.MAC_INVALID);
    }
    // One MAC byte short, one extra: a prefix or extension of the right MAC is not the MAC.
    for (byte[] altered :
        new byte[][] {
          Arrays.copyOf(outer, outer.length - 1), Arrays.copyOf(outer, outer.length + 1)
        }) {
      CookieException e =
          refusal(() -> codec.decode("n", Base64.getUrlEncoder().encodeToString(altered)));
      assertThat(e.reason()).isEqualTo(Reason.MAC_INVALID);
      assertThat(e.getMessage())
          .isEqualTo(
              "MAC_INVALID: the MAC does not verify under any of the 1 key pair(s): tampered,"
                  + " another cookie's value, or signed by an unknown key");
    }
    // The name is signed: the same value under another name, or a name that is a prefix, fails.
    assertThat(refusal(() -> codec.decode("m", cookie)).reason()).isEqualTo(Reason.MAC_INVALID);
    assertThat(refusal(() -> codec.decode("", cookie)).reason()).isEqualTo(Reason.MAC_INVALID);
    assertThat(codec.decode("n", cookie).value()).containsExactly(1, 2, 3);
  }

  @Test
  void aValueWithoutTwoSeparatorsIsRefusedBeforeAnyMac() {
    SecureCookie codec = SecureCookie.builder(HASH, null).clock(at(T)).build();
    for (String layout : new String[] {"no separators", "one|separator", "|", ""}) {
      String value =
          Base64.getUrlEncoder().encodeToString(layout.getBytes(StandardCharsets.US_ASCII));
      CookieException e = refusal(() -> codec.decode("n", value));
      assertThat(e.reason()).as(layout).isEqualTo(Reason.MAC_INVALID);
      assertThat(e.getMessage())
          .as(layout)
          .isEqualTo("MAC_INVALID: the value is not timestamp|value|mac");
    }
    // Two separators and an empty MAC: the layout is there, the MAC is not.
    String twoBars = Base64.getUrlEncoder().encodeToString("1|2|".getBytes(StandardCharsets.UTF_8));
    assertThat(refusal(() -> codec.decode("n", twoBars)).getMessage())
        .startsWith("MAC_INVALID: the MAC does not verify");
    assertThat(refusal(() -> codec.decode("n", "AAA")).getMessage())
        .isEqualTo("MALFORMED: the value is not padded URL-safe base64");
  }

  @Test
  void theSignedValueMustBePaddedBase64EvenWhenTheMacHolds() throws Exception {
    SecureCookie codec = SecureCookie.builder(HASH, null).clock(at(T)).build();
    for (String inner : new String[] {"AQI", "AQ==A", "A+8=", "!!!!"}) {
      CookieException e =
          refusal(() -> codec.decode("n", uncheckedForgeInner(HASH, "n", "1700000000", inner)));
      assertThat(e.reason()).as(inner).isEqualTo(Reason.MALFORMED);
      assertThat(e.getMessage())
          .isEqualTo("MALFORMED: the signed value is not padded URL-safe base64");
    }
    // An empty signed value is an empty payload.
    assertThat(codec.decode("n", forgeInner(HASH, "n", "1700000000", "")).value()).isEmpty();
  }

  @Test
  void maxAgeAcceptsExactlyTheLimitAndNotOneSecondMore() throws Exception {
    String cookie =
        SecureCookie.builder(HASH, null).clock(at(T)).build().encode("n", new byte[] {1});
    SecureCookie codec100 =
        SecureCookie.builder(HASH, null).maxAgeSeconds(100).clock(at(T + 100)).build();
    assertThat(codec100.decode("n", cookie).value()).containsExactly(1);
    SecureCookie past =
        SecureCookie.builder(HASH, null).maxAgeSeconds(100).clock(at(T + 101)).build();
    CookieException e = refusal(() -> past.decode("n", cookie));
    assertThat(e.reason()).isEqualTo(Reason.EXPIRED);
    assertThat(e.getMessage()).isEqualTo("EXPIRED: issued 101 s ago, the maximum age is 100 s");
    // The maximum age of 1 s: the same second and the next pass, two seconds later does not.
    SecureCookie one = SecureCookie.builder(HASH, null).maxAgeSeconds(1).clock(at(T + 1)).build();
    assertThat(one.decode("n", cookie).timestamp()).isEqualTo(T);
    SecureCookie two = SecureCookie.builder(HASH, null).maxAgeSeconds(1).clock(at(T + 2)).build();
    assertThat(refusal(() -> two.decode("n", cookie)).reason()).isEqualTo(Reason.EXPIRED);
    // 0 means no limit, even for a cookie from 1970.
    String ancient = uncheckedForge(HASH, "n", "0", new byte[] {9});
    assertThat(
            SecureCookie.builder(HASH, null)
                .maxAgeSeconds(0)
                .clock(at(T))
                .build()
                .decode("n", ancient)
                .timestamp())
        .isZero();
    assertThat(
            refusal(
                    () ->
                        SecureCookie.builder(HASH, null).clock(at(T)).build().decode("n", ancient))
                .reason())
        .isEqualTo(Reason.EXPIRED);
    assertThat(SecureCookie.builder(HASH, null).build().maxAgeSeconds())
        .isEqualTo(SecureCookie.DEFAULT_MAX_AGE_SECONDS)
        .isEqualTo(2_592_000L);
    assertThat(SecureCookie.builder(HASH, null).maxAgeSeconds(0).build().maxAgeSeconds()).isZero();
  }

  @Test
  void minAgeAcceptsExactlyTheLimitAndNotOneSecondLess() {
    String cookie =
        SecureCookie.builder(HASH, null).clock(at(T)).build().encode("n", new byte[] {1});
    SecureCookie exact = SecureCookie.builder(HASH, null).minAgeSeconds(5).clock(at(T + 5)).build();
    assertThat(exact.decode("n", cookie).value()).containsExactly(1);
    SecureCookie early = SecureCookie.builder(HASH, null).minAgeSeconds(5).clock(at(T + 4)).build();
    CookieException e = refusal(() -> early.decode("n", cookie));
    assertThat(e.reason()).isEqualTo(Reason.TOO_NEW);
    assertThat(e.getMessage()).isEqualTo("TOO_NEW: issued 4 s ago, the minimum age is 5 s");
    // minAge 1: a cookie from this very second is too new, from the last one it is not.
    SecureCookie minOne = SecureCookie.builder(HASH, null).minAgeSeconds(1).clock(at(T)).build();
    assertThat(refusal(() -> minOne.decode("n", cookie)).reason()).isEqualTo(Reason.TOO_NEW);
    SecureCookie minOneLater =
        SecureCookie.builder(HASH, null).minAgeSeconds(1).clock(at(T + 1)).build();
    assertThat(minOneLater.decode("n", cookie).value()).containsExactly(1);
    // minAge is checked before maxAge: a window that cannot be met reports TOO_NEW.
    SecureCookie both =
        SecureCookie.builder(HASH, null)
            .minAgeSeconds(50)
            .maxAgeSeconds(10)
            .clock(at(T + 20))
            .build();
    assertThat(refusal(() -> both.decode("n", cookie)).reason()).isEqualTo(Reason.TOO_NEW);
    // Without minAge a cookie from the future is accepted.
    SecureCookie before = SecureCookie.builder(HASH, null).clock(at(T - 1000)).build();
    assertThat(before.decode("n", cookie).timestamp()).isEqualTo(T);
  }

  @Test
  void agesAreCheckedBeforeTheBodyIsDecoded() throws Exception {
    // An expired cookie whose signed value is not base64: expiry is reported, as gorilla does.
    String bad = forgeInner(HASH, "n", "1000", "AQI");
    SecureCookie codec = SecureCookie.builder(HASH, BLOCK).clock(at(T)).build();
    assertThat(refusal(() -> codec.decode("n", bad)).reason()).isEqualTo(Reason.EXPIRED);
    String tooShort = forge(HASH, "n", "1000", new byte[3]);
    assertThat(refusal(() -> codec.decode("n", tooShort)).reason()).isEqualTo(Reason.EXPIRED);
  }

  @Test
  void maxLengthAllowsExactlyTheLimitWhenDecoding() {
    SecureCookie unlimited = SecureCookie.builder(HASH, null).clock(at(T)).maxLength(0).build();
    String cookie = unlimited.encode("n", new byte[30]);
    int len = cookie.length();
    SecureCookie exact = SecureCookie.builder(HASH, null).clock(at(T)).maxLength(len).build();
    assertThat(exact.decode("n", cookie).value()).hasSize(30);
    SecureCookie under = SecureCookie.builder(HASH, null).clock(at(T)).maxLength(len - 1).build();
    CookieException e = refusal(() -> under.decode("n", cookie));
    assertThat(e.reason()).isEqualTo(Reason.TOO_LONG);
    assertThat(e.getMessage())
        .isEqualTo(
            "TOO_LONG: the value has " + len + " characters, more than the maximum " + (len - 1));
    // The length is checked before anything else: even garbage of the right length is TOO_LONG.
    assertThat(refusal(() -> under.decode("n", "%".repeat(len))).reason())
        .isEqualTo(Reason.TOO_LONG);
    assertThat(refusal(() -> exact.decode("n", "%".repeat(len))).reason())
        .isEqualTo(Reason.MALFORMED);
  }

  @Test
  void maxLengthAllowsExactlyTheLimitWhenEncoding() {
    SecureCookie unlimited = SecureCookie.builder(HASH, BLOCK).clock(at(T)).maxLength(0).build();
    int len = unlimited.encode("n", new byte[100]).length();
    // The encoded length depends on the payload only (IVs are random, but of fixed size).
    SecureCookie exact = SecureCookie.builder(HASH, BLOCK).clock(at(T)).maxLength(len).build();
    assertThat(exact.encode("n", new byte[100])).hasSize(len);
    SecureCookie under = SecureCookie.builder(HASH, BLOCK).clock(at(T)).maxLength(len - 1).build();
    CookieException e = refusal(() -> under.encode("n", new byte[100]));
    assertThat(e.reason()).isEqualTo(Reason.TOO_LONG);
    assertThat(e.getMessage())
        .isEqualTo(
            "TOO_LONG: the encoded value would be "
                + len
                + " characters, more than the maximum "
                + (len - 1));
    // gorilla's default is 4096 characters.
    SecureCookie defaults = SecureCookie.builder(HASH, null).clock(at(T)).build();
    assertThat(defaults.toString()).endsWith("maxLength=4096]");
    assertThat(SecureCookie.DEFAULT_MAX_LENGTH).isEqualTo(4096);
    // "1700000000|" + 4*ceil(n/3) + "|" + 32 MAC bytes, base64 again: 2271 payload bytes give
    // 3072 bytes, exactly 4096 characters; one byte more gives 4104.
    assertThat(defaults.encode("n", new byte[2271])).hasSize(4096);
    assertThat(defaults.decode("n", defaults.encode("n", new byte[2271])).value()).hasSize(2271);
    assertThat(refusal(() -> defaults.encode("n", new byte[2272])).getMessage())
        .isEqualTo(
            "TOO_LONG: the encoded value would be 4104 characters, more than the maximum 4096");
  }

  @Test
  void timestampsAreWrittenAsGoWritesThem() throws Exception {
    // Every width from one digit up, and the seconds are floored (also before 1970).
    long[][] cases = {
      {0, 0},
      {9_999, 9},
      {10_000, 10},
      {99_000, 99},
      {100_000, 100},
      {1_999, 1},
      {-1, -1},
      {-500, -1},
      {-1_000, -1},
      {-1_001, -2},
      {-12_345_000, -12_345},
      {T * 1000 + 999, T}
    };
    for (long[] c : cases) {
      SecureCookie codec =
          SecureCookie.builder(HASH, null).clock(atMillis(c[0])).maxAgeSeconds(0).build();
      String cookie = codec.encode("n", new byte[] {7});
      assertThat(cookie)
          .as("clock %d ms", c[0])
          .isEqualTo(forge(HASH, "n", Long.toString(c[1]), new byte[] {7}));
      assertThat(codec.decode("n", cookie).timestamp()).isEqualTo(c[1]);
    }
  }

  @Test
  void timestampsAtTheEdgesOfALong() throws Exception {
    SecureCookie codec = SecureCookie.builder(HASH, null).clock(at(T)).maxAgeSeconds(0).build();
    for (String ok :
        new String[] {
          "9223372036854775807",
          "-9223372036854775807",
          "1000000000000000000",
          "0000000000000000001",
          // As Go's ParseInt, leading zeros do not count towards the 19 digits of a long.
          "00000000000000000001",
          "0000000000000000000000000001700000000",
          "-09223372036854775808",
          "+09223372036854775807",
          "-0",
          "+0",
          "007"
        }) {
      assertThat(codec.decode("n", forge(HASH, "n", ok, new byte[] {7})).timestamp())
          .as(ok)
          .isEqualTo(Long.parseLong(ok));
    }
    for (String bad :
        new String[] {
          "9223372036854775808",
          "9223372036854775810",
          "-9223372036854775809",
          "-9223372036854775810",
          "10000000000000000000",
          "09223372036854775808",
          "-09223372036854775809",
          "-92233720368547758080",
          "+-1",
          "1-",
          "/",
          ":",
          "1:"
        }) {
      CookieException e =
          refusal(() -> codec.decode("n", uncheckedForge(HASH, "n", bad, new byte[] {7})));
      assertThat(e.reason()).as(bad).isEqualTo(Reason.MALFORMED);
      assertThat(e.getMessage()).isEqualTo("MALFORMED: the timestamp is not a decimal integer");
    }
  }

  @Test
  void theCurrentPairEncodesAndThePreviousOneOnlyDecodes() {
    SecureCookie rotated =
        SecureCookie.builder(HASH, BLOCK).previousKeys(OLD_HASH, OLD_BLOCK).clock(at(T)).build();
    SecureCookie currentOnly = SecureCookie.builder(HASH, BLOCK).clock(at(T)).build();
    SecureCookie previousOnly = SecureCookie.builder(OLD_HASH, OLD_BLOCK).clock(at(T)).build();
    String fresh = rotated.encode("n", new byte[] {1, 2});
    assertThat(currentOnly.decode("n", fresh).value()).containsExactly(1, 2);
    assertThat(refusal(() -> previousOnly.decode("n", fresh)).reason())
        .isEqualTo(Reason.MAC_INVALID);
    DecodedCookie<byte[]> d = rotated.decode("n", fresh);
    assertThat(d.key().slot()).isEqualTo(KeySlot.PRIMARY);
    assertThat(d.key()).isEqualTo(Fingerprints.generation(KeySlot.PRIMARY, HASH, BLOCK));
    DecodedCookie<byte[]> old = rotated.decode("n", previousOnly.encode("n", new byte[] {3}));
    assertThat(old.value()).containsExactly(3);
    assertThat(old.key()).isEqualTo(Fingerprints.generation(KeySlot.PREVIOUS, OLD_HASH, OLD_BLOCK));
    assertThat(old.key().previous()).isTrue();
    // A third pair is tried too, and reported by its position.
    byte[] third = "k".repeat(32).getBytes(StandardCharsets.US_ASCII);
    SecureCookie three =
        SecureCookie.builder(HASH, BLOCK)
            .previousKeys(OLD_HASH, OLD_BLOCK)
            .nextKeys(third, null)
            .clock(at(T))
            .build();
    String fromThird =
        SecureCookie.builder(third, null).clock(at(T)).build().encode("n", new byte[] {4});
    assertThat(three.decode("n", fromThird).key().slot()).isEqualTo(KeySlot.NEXT);
    // Decoding order is primary, next, previous, whatever the order the builder was given.
    assertThat(three.keyGenerations())
        .containsExactly(
            Fingerprints.generation(KeySlot.PRIMARY, HASH, BLOCK),
            Fingerprints.generation(KeySlot.NEXT, third, null),
            Fingerprints.generation(KeySlot.PREVIOUS, OLD_HASH, OLD_BLOCK));
    CookieException none = refusal(() -> three.decode("other", fromThird));
    assertThat(none.getMessage()).contains("under any of the 3 key pair(s)");
  }

  @Test
  void theFirstVerifiedPairsRefusalIsReportedWhenNoPairOpensTheCookie() throws Exception {
    // Both pairs share the hash key, so both verify the MAC. The body has 10 bytes: the pair with a
    // block key refuses it as too short to decrypt, the pair without one hands it to gob, which
    // refuses it too.
    String cookie = forge(HASH, "n", "1700000000", new byte[10]);
    SecureCookie blockFirst =
        SecureCookie.builder(HASH, BLOCK).previousKeys(HASH, null).clock(at(T)).build();
    assertThat(refusal(() -> blockFirst.decode("n", cookie, Serializer.GOB)).reason())
        .isEqualTo(Reason.CANNOT_DECRYPT);
    SecureCookie plainFirst =
        SecureCookie.builder(HASH, null).previousKeys(HASH, BLOCK).clock(at(T)).build();
    assertThat(refusal(() -> plainFirst.decode("n", cookie, Serializer.GOB)).reason())
        .isEqualTo(Reason.CANNOT_DESERIALIZE);
    // With raw bytes the second pair opens it: a refusal by one pair moves on to the next.
    DecodedCookie<byte[]> raw = blockFirst.decode("n", cookie);
    assertThat(raw.value()).hasSize(10);
    assertThat(raw.key().slot()).isEqualTo(KeySlot.PREVIOUS);
    // A pair whose MAC does not verify is skipped without a refusal of its own.
    SecureCookie otherFirst =
        SecureCookie.builder(OLD_HASH, null).previousKeys(HASH, BLOCK).clock(at(T)).build();
    assertThat(refusal(() -> otherFirst.decode("n", cookie)).reason())
        .isEqualTo(Reason.CANNOT_DECRYPT);
  }

  @Test
  void builderRefusesNegativeLimitsAndBadKeysWithTheValueFound() {
    assertThatThrownBy(() -> SecureCookie.builder(HASH, null).maxAgeSeconds(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAge must be >= 0, got -1");
    assertThatThrownBy(() -> SecureCookie.builder(HASH, null).minAgeSeconds(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minAge must be >= 0, got -1");
    assertThatThrownBy(() -> SecureCookie.builder(HASH, null).maxLength(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxLength must be >= 0, got -1");
    assertThatThrownBy(() -> SecureCookie.builder(null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the hash key is not set");
    assertThatThrownBy(() -> SecureCookie.builder(HASH, null).previousKeys(new byte[0], null))
        .hasMessage("the hash key is not set");
    assertThatThrownBy(() -> SecureCookie.builder(HASH, null).clock(null))
        .isInstanceOf(NullPointerException.class);
    for (int n : new int[] {0, 1, 15, 17, 23, 25, 31, 33, 64}) {
      assertThatThrownBy(() -> SecureCookie.builder(HASH, new byte[n]))
          .as("%d bytes", n)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the block key has " + n + " bytes; AES needs 16, 24 or 32");
    }
    for (int n : new int[] {16, 24, 32}) {
      byte[] block = new byte[n];
      Arrays.fill(block, (byte) n);
      SecureCookie codec = SecureCookie.builder(new byte[] {1}, block).clock(at(T)).build();
      assertThat(codec.decode("n", codec.encode("n", new byte[] {5})).value()).containsExactly(5);
    }
    // 0 switches a limit off and is allowed for each.
    assertThat(
            SecureCookie.builder(HASH, null)
                .minAgeSeconds(0)
                .maxAgeSeconds(0)
                .maxLength(0)
                .build()
                .toString())
        .endsWith("maxAge=0s, minAge=0s, maxLength=0]");
    // A one-byte hash key is allowed (gorilla only refuses an empty one).
    assertThat(SecureCookie.builder(new byte[] {1}, null).build().keyGenerations()).hasSize(1);
  }

  @Test
  void toStringShowsSettingsAndFingerprintsOnly() {
    SecureCookie codec =
        SecureCookie.builder(HASH, BLOCK)
            .previousKeys(OLD_HASH, null)
            .maxAgeSeconds(60)
            .minAgeSeconds(2)
            .maxLength(300)
            .build();
    assertThat(codec.toString())
        .isEqualTo(
            "SecureCookie[keys="
                + List.of(
                    Fingerprints.generation(KeySlot.PRIMARY, HASH, BLOCK),
                    Fingerprints.generation(KeySlot.PREVIOUS, OLD_HASH, null))
                + ", maxAge=60s, minAge=2s, maxLength=300]");
    assertThat(codec.keyGenerations()).isUnmodifiable();
  }

  @Test
  void typedEncodeSerializesThenSigns() {
    SecureCookie codec = SecureCookie.builder(HASH, null).clock(at(T)).build();
    String cookie = codec.encode("j", Map.of("a", 1L), Serializer.JSON);
    assertThat(new String(codec.decode("j", cookie).value(), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":1}\n");
    assertThat(Serializer.RAW.serialize(new byte[] {1})).containsExactly(1);
    byte[] mine = {1, 2};
    byte[] copy = Serializer.RAW.serialize(mine);
    copy[0] = 9;
    assertThat(mine).containsExactly(1, 2);
  }

  @Test
  void decodedCookieKeepsItsValueOutOfToString() {
    KeyGeneration key = new KeyGeneration(KeySlot.PRIMARY, "0123abcd", List.of("0123abcd"));
    DecodedCookie<String> d = new DecodedCookie<>("secret value", 42L, key);
    assertThat(d.toString()).isEqualTo("DecodedCookie[timestamp=42, key=" + key + "]");
    assertThat(d.value()).isEqualTo("secret value");
  }
}
