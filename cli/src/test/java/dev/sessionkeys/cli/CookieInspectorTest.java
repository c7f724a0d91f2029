package dev.sessionkeys.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.cli.CookieInspector.Format;
import dev.sessionkeys.cli.CookieInspector.Inspection;
import dev.sessionkeys.runtime.CookieException;
import dev.sessionkeys.runtime.SecureCookie;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CookieInspectorTest {

  static final Clock T0 = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
  static final Clock LATER =
      Clock.fixed(Instant.ofEpochSecond(1_700_000_000L + 3_600), ZoneOffset.UTC);

  @Test
  void encodesTextAndDescribesTheDecodedCookie() {
    SecureCookie codec =
        SecureCookie.builder(CookieInspectorReportTest.HASH, CookieInspectorReportTest.BLOCK)
            .clock(T0)
            .build();
    String cookie =
        CookieInspectorReportTest.encode(
            codec,
            "insights",
            Format.GOB,
            "{\"user\":\"alice\",\"n\":3,\"admin\":true,\"_flash\":[\"hi\"]}");
    Inspection ok = CookieInspector.decode(codec, "insights", cookie, Format.GOB, LATER);
    assertThat(ok.accepted()).isTrue();
    assertThat(ok.lines())
        .containsExactly(
            "valid cookie \"insights\"",
            "signed with: key generation "
                + CookieInspectorReportTest.pairFingerprint(
                    CookieInspectorReportTest.HASH, CookieInspectorReportTest.BLOCK)
                + " (keys "
                + CookieInspectorReportTest.fingerprint(CookieInspectorReportTest.HASH)
                + ", "
                + CookieInspectorReportTest.fingerprint(CookieInspectorReportTest.BLOCK)
                + "), the current one",
            "issued: 2023-11-14T22:13:20Z (1 h 0 min ago), expires 2023-12-14T22:13:20Z (max age 30 d 0 h)",
            "values (4):",
            "  \"user\" = \"alice\" (string)",
            "  \"n\" = 3 (int)",
            "  \"admin\" = true (bool)",
            "  \"_flash\" = [\"hi\" (string)] ([]interface {})");
    String json =
        CookieInspectorReportTest.encode(codec, "p", Format.JSON, "{\"b\":1,\"a\":\"<x>\"}");
    assertThat(CookieInspector.decode(codec, "p", json, Format.JSON, LATER).lines())
        .contains("value: {\"a\":\"\\u003cx\\u003e\",\"b\":1}");
    String raw = CookieInspectorReportTest.encode(codec, "r", Format.RAW, "plain");
    assertThat(CookieInspector.decode(codec, "r", raw, Format.RAW, LATER).lines())
        .contains("value (5 bytes): \"plain\"");
  }

  @Test
  void explainsRejections() {
    SecureCookie codec =
        SecureCookie.builder(CookieInspectorReportTest.HASH, CookieInspectorReportTest.BLOCK)
            .clock(T0)
            .build();
    String cookie =
        CookieInspectorReportTest.encode(codec, "insights", Format.GOB, "{\"user\":\"alice\"}");
    Inspection wrongName = CookieInspector.decode(codec, "other", cookie, Format.GOB, LATER);
    assertThat(wrongName.accepted()).isFalse();
    assertThat(wrongName.reason()).isEqualTo(CookieException.Reason.MAC_INVALID);
    assertThat(wrongName.lines().get(1))
        .startsWith("likely cause: signed with a key this key set does not hold");
    SecureCookie later =
        SecureCookie.builder(CookieInspectorReportTest.HASH, CookieInspectorReportTest.BLOCK)
            .clock(Clock.offset(T0, java.time.Duration.ofDays(40)))
            .build();
    Inspection expired = CookieInspector.decode(later, "insights", cookie, Format.GOB, LATER);
    assertThat(expired.reason()).isEqualTo(CookieException.Reason.EXPIRED);
    assertThat(expired.lines().get(0))
        .contains("issued 3456000 s ago, the maximum age is 2592000 s");
    assertThat(CookieInspector.decode(codec, "insights", cookie, Format.JSON, LATER).reason())
        .isEqualTo(CookieException.Reason.CANNOT_DESERIALIZE);
    assertThatThrownBy(() -> CookieInspectorReportTest.encode(codec, "x", Format.GOB, "[1]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JSON object");
    assertThatThrownBy(() -> CookieInspectorReportTest.encode(codec, "x", Format.JSON, "{"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the value is not JSON");
  }
}
