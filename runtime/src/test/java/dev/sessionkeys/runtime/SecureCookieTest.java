package dev.sessionkeys.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.runtime.CookieException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SecureCookieTest {

  static final byte[] HASH = GoInteropTest.HASH;
  static final byte[] BLOCK = GoInteropTest.BLOCK;
  static final Clock T0 = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

  static Clock at(long seconds) {
    return Clock.fixed(Instant.ofEpochSecond(seconds), ZoneOffset.UTC);
  }

  /** A cookie built by hand from the documented layout, with any timestamp text. */
  static String forge(String name, String timestamp, byte[] payload) throws Exception {
    String inner = Base64.getUrlEncoder().encodeToString(payload);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(HASH, "HmacSHA256"));
    byte[] sig =
        mac.doFinal((name + "|" + timestamp + "|" + inner).getBytes(StandardCharsets.US_ASCII));
    byte[] ts = (timestamp + "|" + inner + "|").getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[ts.length + sig.length];
    System.arraycopy(ts, 0, all, 0, ts.length);
    System.arraycopy(sig, 0, all, ts.length, sig.length);
    return Base64.getUrlEncoder().encodeToString(all);
  }

  static Reason reason(Runnable r) {
    try {
      r.run();
    } catch (CookieException e) {
      return e.reason();
    }
    throw new AssertionError("no exception");
  }

  @Test
  void layoutIsTimestampValueMacWithTheNameSigned() throws Exception {
    SecureCookie codec = SecureCookie.builder(HASH, null).clock(T0).build();
    String cookie = codec.encode("n", "hello".getBytes(StandardCharsets.US_ASCII));
    assertThat(cookie)
        .isEqualTo(forge("n", "1700000000", "hello".getBytes(StandardCharsets.US_ASCII)));
    assertThat(new String(codec.decode("n", cookie).value(), StandardCharsets.US_ASCII))
        .isEqualTo("hello");
    assertThat(codec.decode("n", cookie).timestamp()).isEqualTo(1_700_000_000L);
  }

  @Test
  void encryptionUsesAFreshIvEachTime() {
    SecureCookie codec = SecureCookie.builder(HASH, BLOCK).clock(T0).build();
    String a = codec.encode("n", new byte[] {1, 2, 3});
    String b = codec.encode("n", new byte[] {1, 2, 3});
    assertThat(a).isNotEqualTo(b);
    assertThat(codec.decode("n", a).value()).containsExactly(1, 2, 3);
  }

  @Test
  void agesAreCheckedAfterTheMac() throws Exception {
    String cookie = SecureCookie.builder(HASH, null).clock(T0).build().encode("n", new byte[] {1});
    SecureCookie later =
        SecureCookie.builder(HASH, null).clock(at(1_700_000_000L + 2_592_000L)).build();
    assertThat(later.decode("n", cookie).value()).containsExactly(1);
    SecureCookie tooLate =
        SecureCookie.builder(HASH, null).clock(at(1_700_000_000L + 2_592_001L)).build();
    assertThat(reason(() -> tooLate.decode("n", cookie))).isEqualTo(Reason.EXPIRED);
    assertThat(
            SecureCookie.builder(HASH, null)
                .maxAgeSeconds(0)
                .clock(at(1_900_000_000L))
                .build()
                .decode("n", cookie)
                .value())
        .containsExactly(1);
    // Future timestamps pass unless minAge is set.
    SecureCookie earlier = SecureCookie.builder(HASH, null).clock(at(1_600_000_000L)).build();
    assertThat(earlier.decode("n", cookie).value()).containsExactly(1);
    SecureCookie minAge =
        SecureCookie.builder(HASH, null).minAgeSeconds(10).clock(at(1_700_000_009L)).build();
    assertThat(reason(() -> minAge.decode("n", cookie))).isEqualTo(Reason.TOO_NEW);
    SecureCookie minAgeOk =
        SecureCookie.builder(HASH, null).minAgeSeconds(10).clock(at(1_700_000_010L)).build();
    assertThat(minAgeOk.decode("n", cookie).value()).containsExactly(1);
    // With a wrong MAC the age is never looked at.
    assertThat(reason(() -> tooLate.decode("m", cookie))).isEqualTo(Reason.MAC_INVALID);
  }

  @Test
  void timestampsParseAsGoStrconvParseInt() throws Exception {
    SecureCookie codec = SecureCookie.builder(HASH, null).clock(T0).maxAgeSeconds(0).build();
    assertThat(codec.decode("n", forge("n", "+1700000000", new byte[] {7})).timestamp())
        .isEqualTo(1_700_000_000L);
    assertThat(codec.decode("n", forge("n", "-5", new byte[] {7})).timestamp()).isEqualTo(-5L);
    assertThat(codec.decode("n", forge("n", "-9223372036854775808", new byte[] {7})).timestamp())
        .isEqualTo(Long.MIN_VALUE);
    for (String bad :
        new String[] {"", "+", "-", "1_000", "0x10", " 1", "9223372036854775808", "1e9", "١٢"}) {
      assertThat(
              reason(
                  () -> {
                    try {
                      codec.decode("n", forge("n", bad, new byte[] {7}));
                    } catch (CookieException e) {
                      throw e;
                    } catch (Exception e) {
                      throw new AssertionError(e);
                    }
                  }))
          .as(bad)
          .isEqualTo(Reason.MALFORMED);
    }
  }

  @Test
  void decodeOrderMatchesGorilla() throws Exception {
    SecureCookie codec = SecureCookie.builder(HASH, BLOCK).clock(T0).build();
    assertThat(reason(() -> codec.decode("n", "A".repeat(4097)))).isEqualTo(Reason.TOO_LONG);
    assertThat(reason(() -> codec.decode("n", "%%%%"))).isEqualTo(Reason.MALFORMED);
    assertThat(reason(() -> codec.decode("n", "AAAA"))).isEqualTo(Reason.MAC_INVALID);
    assertThat(reason(() -> codec.decode("n", "AAA="))).isEqualTo(Reason.MAC_INVALID);
    assertThat(reason(() -> codec.decode("n", "AAA"))).isEqualTo(Reason.MALFORMED);
    // An encrypted value of 16 bytes or less: the MAC holds but there is nothing to decrypt (Go
    // refuses too).
    assertThat(
            reason(
                () -> {
                  try {
                    codec.decode("n", forge("n", "1700000000", new byte[16]));
                  } catch (CookieException e) {
                    throw e;
                  } catch (Exception e) {
                    throw new AssertionError(e);
                  }
                }))
        .isEqualTo(Reason.CANNOT_DECRYPT);
  }

  @Test
  void maxLengthAppliesToEncodeAndDecode() {
    SecureCookie codec = SecureCookie.builder(HASH, BLOCK).clock(T0).maxLength(100).build();
    assertThat(reason(() -> codec.encode("n", new byte[200]))).isEqualTo(Reason.TOO_LONG);
    SecureCookie unlimited = SecureCookie.builder(HASH, BLOCK).clock(T0).maxLength(0).build();
    String big = unlimited.encode("n", new byte[10_000]);
    assertThat(unlimited.decode("n", big).value()).hasSize(10_000);
    assertThat(reason(() -> SecureCookie.builder(HASH, BLOCK).clock(T0).build().decode("n", big)))
        .isEqualTo(Reason.TOO_LONG);
  }

  @Test
  void aBlockKeyRotatedAloneIsAnotherGeneration() {
    byte[] oldBlock = GoInteropTest.OLD_BLOCK;
    SecureCookie before = SecureCookie.builder(HASH, oldBlock).clock(T0).build();
    SecureCookie rotated =
        SecureCookie.builder(HASH, BLOCK).previousKeys(HASH, oldBlock).clock(T0).build();
    List<KeyGeneration> generations = rotated.keyGenerations();
    assertThat(generations)
        .extracting(KeyGeneration::slot)
        .containsExactly(KeySlot.PRIMARY, KeySlot.PREVIOUS);
    assertThat(generations.get(0).fingerprint()).isNotEqualTo(generations.get(1).fingerprint());
    assertThat(generations.get(0).keyFingerprints())
        .containsExactly(Fingerprints.of(HASH), Fingerprints.of(BLOCK));
    assertThat(generations.get(1).keyFingerprints())
        .containsExactly(Fingerprints.of(HASH), Fingerprints.of(oldBlock));
    // The MAC covers the hash key only, so the current pair verifies this cookie too and decrypts
    // it to noise; as in
    // gorilla, the serializer refusing that noise is what moves decoding on to the previous pair
    // (raw bytes cannot).
    Map<String, Object> session = Map.of("user", "alice", "visits", 3L);
    DecodedCookie<Map<String, Object>> d =
        rotated.decode("n", before.encode("n", session, Serializer.GOB), Serializer.GOB);
    assertThat(d.key()).isEqualTo(generations.get(1));
    assertThat(d.value()).isEqualTo(session);
    assertThat(before.keyGenerations().get(0).fingerprint())
        .isEqualTo(generations.get(1).fingerprint());
    assertThat(generations.toString())
        .doesNotContain(new String(BLOCK, java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Test
  void previousPairsDecodeAndAreReported() {
    byte[] oldHash = GoInteropTest.OLD_HASH;
    String old = SecureCookie.builder(oldHash, null).clock(T0).build().encode("n", new byte[] {5});
    SecureCookie rotated =
        SecureCookie.builder(HASH, null).previousKeys(oldHash, null).clock(T0).build();
    DecodedCookie<byte[]> d = rotated.decode("n", old);
    // Without a block key a generation is its hash key, and its fingerprint is that key's.
    assertThat(d.key())
        .isEqualTo(
            new KeyGeneration(
                KeySlot.PREVIOUS, Fingerprints.of(oldHash), List.of(Fingerprints.of(oldHash))));
    assertThat(d.key().previous()).isTrue();
    DecodedCookie<byte[]> fresh = rotated.decode("n", rotated.encode("n", new byte[] {5}));
    assertThat(fresh.key().slot()).isEqualTo(KeySlot.PRIMARY);
    // The reason comes from the key that verified the MAC, not from the first key tried.
    SecureCookie past = SecureCookie.builder(oldHash, null).clock(at(1_600_000_000L)).build();
    String expired = past.encode("n", new byte[] {5});
    assertThat(reason(() -> rotated.decode("n", expired))).isEqualTo(Reason.EXPIRED);
  }

  @Test
  void typedValuesRoundTrip() {
    SecureCookie codec = SecureCookie.builder(HASH, BLOCK).clock(T0).build();
    Map<String, Object> json = Map.of("a", "b", "n", 1L);
    assertThat(codec.decode("j", codec.encode("j", json, Serializer.JSON), Serializer.JSON).value())
        .isEqualTo(json);
    Map<String, Object> gob = Map.of("user", "alice");
    assertThat(codec.decode("g", codec.encode("g", gob, Serializer.GOB), Serializer.GOB).value())
        .isEqualTo(gob);
    assertThat(
            reason(
                () -> codec.decode("j", codec.encode("j", json, Serializer.JSON), Serializer.GOB)))
        .isEqualTo(Reason.CANNOT_DESERIALIZE);
  }

  @Test
  void valuesOutsideAFormatAreRefusedWhenEncoding() {
    SecureCookie codec = SecureCookie.builder(HASH, BLOCK).clock(T0).build();
    assertThat(reason(() -> codec.encode("g", Map.of("when", Instant.EPOCH), Serializer.GOB)))
        .isEqualTo(Reason.CANNOT_SERIALIZE);
    assertThat(
            reason(
                () ->
                    codec.encode(
                        "g",
                        Map.of("nested", java.util.List.of(java.util.List.of())),
                        Serializer.GOB)))
        .isEqualTo(Reason.CANNOT_SERIALIZE);
    assertThat(reason(() -> codec.encode("j", Map.of("nan", Double.NaN), Serializer.JSON)))
        .isEqualTo(Reason.CANNOT_SERIALIZE);
    assertThat(reason(() -> codec.encode("j", Map.of(1, "int key"), Serializer.JSON)))
        .isEqualTo(Reason.CANNOT_SERIALIZE);
  }

  /**
   * Found by DecoderPropertiesTest: a gob length whose top bit is set must not pass as negative.
   */
  @Test
  void gobLengthsAreUnsigned() {
    for (byte[] junk :
        new byte[][] {
          {-8, -1, 0, 0, 0, 0, 0, 0, 1},
          {
            0x0e, -1, -127, 0x04, 0x01, 0x02, -1, -126, 0x00, 0x01, 0x10, 0x01, 0x10, 0x00, 0x00,
            0x0c, -1, -126, 0x00, -8, -1, 0, 0, 0, 0, 0, 0, 1
          }
        }) {
      assertThat(reason(() -> GobReader.readSessionValues(junk)))
          .isEqualTo(Reason.CANNOT_DESERIALIZE);
    }
  }

  @Test
  void badKeysAreRefusedAtBuildTime() {
    assertThatThrownBy(() -> SecureCookie.builder(new byte[0], null))
        .hasMessageContaining("hash key is not set");
    assertThatThrownBy(() -> SecureCookie.builder(HASH, new byte[31]))
        .hasMessageContaining("31 bytes");
  }
}
