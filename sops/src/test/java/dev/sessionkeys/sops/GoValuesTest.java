package dev.sessionkeys.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
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

  @Test
  void specialFloatsAndSignedPlainScalars() {
    assertThat((Double) GoValues.resolvePlain(".NaN")).isNaN();
    assertThat(GoValues.resolvePlain("+.Inf")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(GoValues.resolvePlain("-.INF")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(GoValues.resolvePlain(".5e1")).isEqualTo(5.0);
    assertThat(GoValues.resolvePlain(".x")).isEqualTo(".x");
    assertThat(GoValues.resolvePlain(".1e999")).isEqualTo(".1e999");
    assertThat(GoValues.resolvePlain("+7")).isEqualTo(7L);
    assertThat(GoValues.resolvePlain("-7")).isEqualTo(-7L);
    assertThat(GoValues.resolvePlain("0")).isEqualTo(0L);
    assertThat(GoValues.resolvePlain("9")).isEqualTo(9L);
    assertThat(GoValues.resolvePlain("/9")).isEqualTo("/9");
    assertThat(GoValues.resolvePlain(":9")).isEqualTo(":9");
    assertThat(GoValues.resolvePlain("+")).isEqualTo("+");
    assertThat(GoValues.resolvePlain("-")).isEqualTo("-");
    assertThat(GoValues.resolvePlain("1e999")).isEqualTo("1e999");
    assertThat(GoValues.resolvePlain("0b101")).isEqualTo(5L);
    assertThat(GoValues.resolvePlain("0xff")).isEqualTo(255L);
    assertThat(GoValues.resolvePlain("0b")).isEqualTo("0b");
    assertThat(GoValues.resolvePlain("00")).isEqualTo(0L);
    assertThat(GoValues.resolvePlain("0b2")).isEqualTo("0b2");
    // A date needs a digit first: '/' and ':' sit just outside '0'..'9'.
    assertThat(GoValues.resolvePlain("2024-01-02")).isInstanceOf(GoValues.Timestamp.class);
    assertThat(GoValues.resolvePlain("+2024-01-02")).isEqualTo("+2024-01-02");
  }

  @Test
  void integersAtTheEdgesOfInt64AndUint64() {
    assertThat(GoValues.resolvePlain("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> GoValues.resolvePlain("18446744073709551615"))
        .isInstanceOf(IllegalArgumentException.class);
    // Beyond uint64 go-yaml falls through to a float.
    assertThat(GoValues.resolvePlain("18446744073709551616")).isEqualTo(1.8446744073709552e19);
    assertThat(GoValues.resolvePlain("-9223372036854775809")).isEqualTo(-9.223372036854776e18);
  }

  @Test
  void floatTextIsGosShortestPlainForm() {
    assertThat(GoValues.formatFloat(Double.NaN)).isEqualTo("NaN");
    assertThat(GoValues.formatFloat(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(GoValues.formatFloat(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    assertThat(GoValues.formatFloat(0.0)).isEqualTo("0");
    assertThat(GoValues.formatFloat(-0.0)).isEqualTo("-0");
    assertThat(GoValues.formatFloat(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(GoValues.formatFloat(100.0)).isEqualTo("100");
    assertThat(GoValues.formatFloat(-2.5)).isEqualTo("-2.5");
    assertThat(GoValues.formatFloat(1e21)).isEqualTo("1000000000000000000000");
    assertThat(GoValues.formatFloat(Double.MIN_VALUE)).isEqualTo("0." + "0".repeat(323) + "5");
    assertThat(GoValues.formatFloat(Double.MAX_VALUE))
        .isEqualTo("17976931348623157" + "0".repeat(292));
    assertThat(GoValues.toText(true)).isEqualTo("True");
    assertThat(GoValues.toText(false)).isEqualTo("False");
    assertThatThrownBy(() -> GoValues.toText(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decryptedTextParsesBackToItsType() {
    assertThat(GoValues.parseTyped("str", "1")).isEqualTo("1");
    assertThat(GoValues.parseTyped("int", "-3")).isEqualTo(-3L);
    assertThat(GoValues.parseTyped("float", "2.5")).isEqualTo(2.5);
    assertThat((Double) GoValues.parseTyped("float", "NaN")).isNaN();
    for (String inf : new String[] {"+Inf", "Inf", "inf", "+inf"}) {
      assertThat(GoValues.parseTyped("float", inf)).isEqualTo(Double.POSITIVE_INFINITY);
    }
    assertThat(GoValues.parseTyped("float", "-Inf")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(GoValues.parseTyped("float", "-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
    // Java would take these; Go does not.
    for (String notGo : new String[] {"1f", "1d", " 1", "0x1p3", "Infinity"}) {
      assertThatThrownBy(() -> GoValues.parseTyped("float", notGo))
          .as(notGo)
          .isInstanceOf(IllegalArgumentException.class);
    }
    for (String t : new String[] {"1", "t", "T", "TRUE", "true", "True"}) {
      assertThat(GoValues.parseTyped("bool", t)).isEqualTo(Boolean.TRUE);
    }
    for (String f : new String[] {"0", "f", "F", "FALSE", "false", "False"}) {
      assertThat(GoValues.parseTyped("bool", f)).isEqualTo(Boolean.FALSE);
    }
    assertThatThrownBy(() -> GoValues.parseTyped("bool", "yes")).hasMessage("not a bool");
    assertThatThrownBy(() -> GoValues.parseTyped("bytes", "x"))
        .hasMessage("unknown value type 'bytes'");
  }

  @Test
  void onlyAsciiDigitsMakeNumbersAsInGo() {
    // Regression: Character.digit and BigInteger read non-ASCII digits, so "1٣" became the int 13
    // (its text, type and MAC changed); Go's ParseInt leaves it a string.
    for (String s : new String[] {"1٣", "+٣", "٣", "0x１", "1２"}) {
      assertThat(GoValues.resolvePlain(s)).as(s).isEqualTo(s);
    }
    assertThat(SopsNode.toJava(SopsFormat.YAML.parse("k: 1٣\n", "t")))
        .isEqualTo(java.util.Map.of("k", "1٣"));
  }

  @Test
  void datesStartWithAnyAsciiDigit() {
    assertThat(GoValues.resolvePlain("0999-12-31")).isInstanceOf(GoValues.Timestamp.class);
    assertThat(GoValues.resolvePlain("9999-12-31")).isInstanceOf(GoValues.Timestamp.class);
  }
}
