package dev.sessionkeys.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.cli.CookieInspector.Format;
import dev.sessionkeys.cli.CookieInspector.Inspection;
import dev.sessionkeys.runtime.CookieException.Reason;
import dev.sessionkeys.runtime.GoInt64;
import dev.sessionkeys.runtime.GobView;
import dev.sessionkeys.runtime.SecureCookie;
import dev.sessionkeys.runtime.Serializer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every line {@link CookieInspector} prints, for every value type and every rejection reason. */
class CookieInspectorReportTest {

  /** Encodes as {@code cookie encode} does without {@code --gob-type}. */
  static String encode(SecureCookie codec, String name, Format format, String text) {
    return CookieInspector.encode(codec, name, format, text, GobView.MapType.SESSION);
  }

  static final byte[] HASH =
      "wLcyh7DcTPUF3c2ZQRNzwpRqbn9EzDvtSC9Y6DjvfZDytXuRWGEDs3XLEE7sPGsA"
          .getBytes(StandardCharsets.US_ASCII);
  static final byte[] BLOCK =
      "4VmsuvXPxA6eDQ2k9JWsnKRhd8pyKfL3".getBytes(StandardCharsets.US_ASCII);
  static final byte[] OLD_HASH =
      "x7QDuP4AqFpRjDGFYxHc6grr34qfTWwuZJ4g5QnnxmhNM8fzt9Y2WqjuKWKJ5AbT"
          .getBytes(StandardCharsets.US_ASCII);

  /** "sha256:" and the first 16 hex characters of SHA-256, computed here independently. */
  static String fingerprint(byte[] key) {
    return "sha256:" + HexFormat.of().formatHex(sha256(key)).substring(0, 16);
  }

  /** A key pair's generation fingerprint, as the runtime documents it. */
  static String pairFingerprint(byte[] first, byte[] second) {
    byte[] both = new byte[64];
    System.arraycopy(sha256(first), 0, both, 0, 32);
    System.arraycopy(sha256(second), 0, both, 32, 32);
    return fingerprint(both);
  }

  private static byte[] sha256(byte[] value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static final long T = 1_700_000_000L;

  static Clock at(long seconds) {
    return Clock.fixed(Instant.ofEpochSecond(seconds), ZoneOffset.UTC);
  }

  static SecureCookie codec(long now) {
    return SecureCookie.builder(HASH, BLOCK).clock(at(now)).build();
  }

  @Test
  void durationsReadAsSecondsMinutesHoursDays() {
    Object[][] cases = {
      {0L, "0 s"},
      {59L, "59 s"},
      {119L, "119 s"},
      {120L, "2 min"},
      {179L, "2 min"},
      {3599L, "59 min"},
      {3600L, "1 h 0 min"},
      {3660L, "1 h 1 min"},
      {7199L, "1 h 59 min"},
      {86399L, "23 h 59 min"},
      {86400L, "1 d 0 h"},
      {90000L, "1 d 1 h"},
      {2 * 86400L + 7200 + 60, "2 d 2 h"},
      {2_592_000L, "30 d 0 h"}
    };
    for (Object[] c : cases) {
      assertThat(CookieInspector.duration((Long) c[0])).as("%d s", c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  void describesEveryGobValueTypeWithItsGoType() {
    SecureCookie codec = codec(T);
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("s", "tab\there");
    values.put("nothing", null);
    values.put("flag", false);
    values.put("count", -3L);
    values.put("big", new GoInt64(1L << 40));
    values.put("ratio", 0.25);
    values.put("whole", 2.0);
    values.put("blob", new byte[] {0, 1, (byte) 0xfe});
    values.put("_flash", new ArrayList<>(Arrays.asList("one", 2L, null)));
    String cookie = codec.encode("sess", values, Serializer.GOB);
    Inspection report = CookieInspector.decode(codec, "sess", cookie, Format.GOB, at(T));
    assertThat(report.accepted()).isTrue();
    assertThat(report.reason()).isNull();
    assertThat(report.lines().subList(3, report.lines().size()))
        .containsExactly(
            "values (9):",
            "  \"s\" = \"tab\\there\" (string)",
            "  \"nothing\" = nil",
            "  \"flag\" = false (bool)",
            "  \"count\" = -3 (int)",
            "  \"big\" = 1099511627776 (int64)",
            "  \"ratio\" = 0.25 (float64)",
            "  \"whole\" = 2 (float64)",
            "  \"blob\" = base64 AAH+ ([]byte)",
            "  \"_flash\" = [\"one\" (string), 2 (int), nil] ([]interface {})");
    assertThat(report.lines()).isUnmodifiable();
  }

  @Test
  void issuedLineSaysHowLongAgoAndWhenItExpires() {
    String cookie = codec(T).encode("n", new byte[] {1});
    assertThat(CookieInspector.decode(codec(T), "n", cookie, Format.RAW, at(T)).lines().get(2))
        .isEqualTo(
            "issued: 2023-11-14T22:13:20Z (0 s ago), expires 2023-12-14T22:13:20Z (max age 30 d 0 h)");
    assertThat(CookieInspector.decode(codec(T), "n", cookie, Format.RAW, at(T - 1)).lines().get(2))
        .startsWith("issued: 2023-11-14T22:13:20Z (in the future by 1 s), expires");
    assertThat(
            CookieInspector.decode(codec(T), "n", cookie, Format.RAW, at(T - 7200)).lines().get(2))
        .startsWith("issued: 2023-11-14T22:13:20Z (in the future by 2 h 0 min), expires");
    // Without a maximum age nothing expires.
    SecureCookie forever = SecureCookie.builder(HASH, BLOCK).maxAgeSeconds(0).clock(at(T)).build();
    assertThat(CookieInspector.decode(forever, "n", cookie, Format.RAW, at(T + 150)).lines().get(2))
        .isEqualTo("issued: 2023-11-14T22:13:20Z (2 min ago)");
    SecureCookie oneSecond =
        SecureCookie.builder(HASH, BLOCK).maxAgeSeconds(1).clock(at(T)).build();
    assertThat(CookieInspector.decode(oneSecond, "n", cookie, Format.RAW, at(T)).lines().get(2))
        .isEqualTo(
            "issued: 2023-11-14T22:13:20Z (0 s ago), expires 2023-11-14T22:13:21Z (max age 1 s)");
  }

  @Test
  void aPreviousGenerationIsPointedOut() {
    SecureCookie old =
        SecureCookie.builder(CookieInspectorReportTest.OLD_HASH, null).clock(at(T)).build();
    SecureCookie rotated =
        SecureCookie.builder(HASH, BLOCK)
            .previousKeys(CookieInspectorReportTest.OLD_HASH, null)
            .clock(at(T))
            .build();
    String cookie = old.encode("n", "x".getBytes(StandardCharsets.UTF_8));
    Inspection report = CookieInspector.decode(rotated, "n", cookie, Format.RAW, at(T));
    assertThat(report.lines().get(1))
        .isEqualTo(
            "signed with: key generation "
                + CookieInspectorReportTest.fingerprint(CookieInspectorReportTest.OLD_HASH)
                + " (keys "
                + CookieInspectorReportTest.fingerprint(CookieInspectorReportTest.OLD_HASH)
                + "), a PREVIOUS generation: re-issue the cookie under the current keys");
  }

  @Test
  void rawValuesArePrintedAsTextOrAsBase64() {
    SecureCookie codec = codec(T);
    String text = encode(codec, "r", Format.RAW, "héllo \"q\"");
    assertThat(CookieInspector.decode(codec, "r", text, Format.RAW, at(T)).lines().get(3))
        .isEqualTo("value (10 bytes): \"héllo \\\"q\\\"\"");
    String binary = codec.encode("r", new byte[] {(byte) 0xff, 0, (byte) 0xc3});
    assertThat(CookieInspector.decode(codec, "r", binary, Format.RAW, at(T)).lines().get(3))
        .isEqualTo("value (3 bytes): base64 /wDD");
    String empty = SecureCookie.builder(HASH, null).clock(at(T)).build().encode("r", new byte[0]);
    assertThat(
            CookieInspector.decode(
                    SecureCookie.builder(HASH, null).clock(at(T)).build(),
                    "r",
                    empty,
                    Format.RAW,
                    at(T))
                .lines()
                .get(3))
        .isEqualTo("value (0 bytes): \"\"");
  }

  @Test
  void jsonValuesArePrintedAsGoWritesThem() {
    SecureCookie codec = codec(T);
    String cookie = encode(codec, "j", Format.JSON, "[1, 2.5, \"a\", null]");
    Inspection report = CookieInspector.decode(codec, "j", cookie, Format.JSON, at(T));
    assertThat(report.lines().get(3)).isEqualTo("value: [1,2.5,\"a\",null]");
    assertThat(report.lines()).hasSize(4);
  }

  static Inspection rejected(SecureCookie codec, String name, String value, Format format) {
    Inspection report = CookieInspector.decode(codec, name, value, format, at(T));
    assertThat(report.accepted()).isFalse();
    assertThat(report.lines()).hasSize(2);
    assertThat(report.lines().get(0)).startsWith("rejected cookie \"" + name + "\": ");
    return report;
  }

  @Test
  void everyRejectionReasonHasItsLikelyCause() throws Exception {
    SecureCookie codec = codec(T);
    Map<Reason, String> causes = new LinkedHashMap<>();
    causes.put(
        Reason.TOO_LONG,
        "likely cause: the value is longer than browsers keep; the session holds too much data");
    causes.put(
        Reason.MALFORMED,
        "likely cause: not a cookie value of this format: copied incompletely, or"
            + " URL-decoded/quoted on the way");
    causes.put(
        Reason.MAC_INVALID,
        "likely cause: signed with a key this key set does not hold (rotated without setting the"
            + " _PREVIOUS key?), meant for another cookie name, or altered; keys tried: 1");
    causes.put(
        Reason.EXPIRED, "likely cause: older than the maximum age: the user has to sign in again");
    causes.put(Reason.TOO_NEW, "likely cause: younger than the minimum age");
    causes.put(
        Reason.CANNOT_DECRYPT,
        "likely cause: the encrypted part is too short: truncated, or encrypted with no block key");
    causes.put(
        Reason.CANNOT_DESERIALIZE,
        "likely cause: verified, but not in the chosen format (try --json, --gob or --raw), or"
            + " encrypted with a block key this key set does not use");
    String good = encode(codec, "n", Format.JSON, "{\"a\":1}");
    Map<Reason, Inspection> seen = new LinkedHashMap<>();
    seen.put(Reason.TOO_LONG, rejected(codec, "n", "A".repeat(4100), Format.JSON));
    seen.put(Reason.MALFORMED, rejected(codec, "n", "not base64", Format.JSON));
    seen.put(Reason.MAC_INVALID, rejected(codec, "other", good, Format.JSON));
    seen.put(Reason.EXPIRED, rejected(codec(T + 3_000_000), "n", good, Format.JSON));
    seen.put(
        Reason.TOO_NEW,
        rejected(
            SecureCookie.builder(HASH, BLOCK).minAgeSeconds(60).clock(at(T)).build(),
            "n",
            good,
            Format.JSON));
    seen.put(
        Reason.CANNOT_DECRYPT,
        rejected(
            codec,
            "n",
            // Signed without a block key: the MAC verifies, the "encrypted" part is shorter than an
            // IV.
            SecureCookie.builder(HASH, null).clock(at(T)).build().encode("n", new byte[4]),
            Format.RAW));
    seen.put(Reason.CANNOT_DESERIALIZE, rejected(codec, "n", good, Format.GOB));
    for (Map.Entry<Reason, String> c : causes.entrySet()) {
      Inspection report = seen.get(c.getKey());
      assertThat(report.reason()).isEqualTo(c.getKey());
      assertThat(report.lines().get(1)).as(c.getKey().name()).isEqualTo(c.getValue());
    }
    assertThat(seen.get(Reason.MALFORMED).lines().get(0))
        .isEqualTo("rejected cookie \"n\": MALFORMED: the value is not padded URL-safe base64");
    // The number of key pairs tried is the codec's.
    SecureCookie two =
        SecureCookie.builder(HASH, BLOCK)
            .previousKeys(CookieInspectorReportTest.OLD_HASH, null)
            .clock(at(T))
            .build();
    assertThat(rejected(two, "other", good, Format.JSON).lines().get(1)).endsWith("keys tried: 2");
  }

  @Test
  void encodingRefusesTextThatIsNotAValueOfTheFormat() {
    SecureCookie codec = codec(T);
    assertThatThrownBy(() -> encode(codec, "g", Format.GOB, "{\"a\":{\"b\":1}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the value of \"a\" is an object; gob session values are strings, numbers, booleans,"
                + " null or lists (flashes)");
    assertThatThrownBy(() -> encode(codec, "g", Format.GOB, "\"text\""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("session values must be a JSON object, such as {\"user\":\"alice\"}");
    assertThatThrownBy(() -> encode(codec, "j", Format.JSON, "{\"a\":"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the value is not JSON (")
        .hasMessageNotContaining("CANNOT_DESERIALIZE");
    assertThatThrownBy(() -> encode(codec, "j", Format.JSON, null))
        .isInstanceOf(NullPointerException.class);
    // Lists and scalars are gob session values; the order of the object is kept.
    String cookie = encode(codec, "g", Format.GOB, "{\"z\":[\"x\"],\"a\":null,\"m\":1.5}");
    assertThat(codec.decode("g", cookie, Serializer.GOB).value().keySet())
        .containsExactly("z", "a", "m");
    assertThat(CookieInspector.decode(codec, "g", cookie, Format.GOB, at(T)).lines().subList(3, 7))
        .isEqualTo(
            List.of(
                "values (3):",
                "  \"z\" = [\"x\" (string)] ([]interface {})",
                "  \"a\" = nil",
                "  \"m\" = 1.5 (float64)"));
  }
}
