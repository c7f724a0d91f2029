package dev.sessionkeys.sops;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * go-yaml v3 typing of plain scalars and sops' value bytes, as the spec (checked against real sops)
 * lists them.
 */
class GoValuesTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "yes | str | yes",
        "1.50 | float | 1.5",
        "1e21 | float | 1000000000000000000000",
        "0x1F | int | 31",
        "true | bool | True",
        "False | bool | False",
        "TRUE | bool | True",
        "on | str | on",
        "3 | int | 3",
        "-7 | int | -7",
        "0o17 | int | 15",
        "017 | int | 15",
        "1_000 | int | 1000",
        "1234.5 | float | 1234.5",
        ".5 | float | 0.5",
        "1.0 | float | 1",
        "3.10 | float | 3.1",
        "3.9.4 | str | 3.9.4",
        "0.1 | float | 0.1",
        "1e-7 | float | 0.0000001",
        "ENC[x] | str | ENC[x]",
        "09 | float | 9",
        "-9223372036854775808 | int | -9223372036854775808",
        "-9223372036854775809 | float | -9223372036854776000",
        "+.5 | float | 0.5",
        "0x | str | 0x",
      })
  void plainScalarsTypeAndHashLikeSops(String plain, String type, String bytes) {
    SopsNode.Scalar scalar = new SopsNode.Scalar(GoValues.resolvePlain(plain));
    assertThat(scalar.sopsType()).isEqualTo(type);
    assertThat(GoValues.toText(scalar.value())).isEqualTo(bytes);
  }

  @org.junit.jupiter.api.Test
  void unsignedOnlyIntegersAreRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> GoValues.resolvePlain("9223372036854775808"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"~", "null", "Null", "NULL", "''"})
  void nullsAreNull(String plain) {
    assertThat(GoValues.resolvePlain(plain)).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "2024-01-01",
    "2024-1-2",
    "2024-01-01T10:00:00Z",
    "2024-01-01 10:00:00",
    "2001-12-14t21:59:43.10-05:00"
  })
  void unquotedDatesAreTimestamps(String plain) {
    assertThat(GoValues.resolvePlain(plain)).isInstanceOf(GoValues.Timestamp.class);
  }

  @Property(tries = 2000)
  void floatTextIsShortestAndExponentFree(@ForAll double d) {
    String text = GoValues.formatFloat(d);
    if (Double.isFinite(d)) {
      assertThat(text).doesNotContain("E").doesNotContain("e");
      assertThat(Double.parseDouble(text)).isEqualTo(d);
      // Shortest: no trailing zero after a decimal point.
      assertThat(text)
          .doesNotEndWith(".")
          .satisfies(
              t -> {
                if (t.contains(".")) {
                  assertThat(t).doesNotEndWith("0");
                }
              });
    }
  }

  @Property(tries = 500)
  void formattedScalarsReadBackToTheSameValue(@ForAll String s, @ForAll long l, @ForAll double d) {
    String safe =
        s.codePoints()
            .filter(cp -> cp < 0xd800 || cp > 0xdfff)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    for (Object value : new Object[] {safe, l, d}) {
      String yaml = "k: " + YamlStore.formatScalar(value) + "\n";
      assertThat(YamlStore.read(yaml, "t").get("k")).contains(new SopsNode.Scalar(value));
    }
  }
}
