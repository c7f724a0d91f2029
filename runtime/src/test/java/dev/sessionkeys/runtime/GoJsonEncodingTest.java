package dev.sessionkeys.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.runtime.CookieException.Reason;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GoJson behaviour the Go fixtures cannot show (Java-only types, lone surrogates, limits, exact
 * error messages and offsets). GoJsonFixturesTest pins the rest to Go's bytes.
 */
class GoJsonEncodingTest {

  static String write(Object v) {
    return new String(GoJson.write(v), StandardCharsets.UTF_8);
  }

  static Object read(String json) {
    return GoJson.read(json.getBytes(StandardCharsets.UTF_8));
  }

  static void refusedToWrite(Object v, String message) {
    assertThatThrownBy(() -> GoJson.write(v))
        .isInstanceOfSatisfying(
            CookieException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.CANNOT_SERIALIZE);
              assertThat(e.getMessage()).endsWith(message);
            });
  }

  static void refusedToRead(String json, String message) {
    assertThatThrownBy(() -> read(json))
        .as(json)
        .isInstanceOfSatisfying(
            CookieException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.CANNOT_DESERIALIZE);
              assertThat(e.getMessage()).endsWith("JSON: " + message);
            });
  }

  @Test
  void loneSurrogatesAreWrittenAsReplacementEscapes() {
    assertThat(write("\ud800")).isEqualTo("\"\\ufffd\"\n");
    assertThat(write("a\udc00b")).isEqualTo("\"a\\ufffdb\"\n");
    assertThat(write("\ud800x")).isEqualTo("\"\\ufffdx\"\n");
    assertThat(write("x\udbff")).isEqualTo("\"x\\ufffd\"\n");
    assertThat(write("\ud800\ud83d\ude00")).isEqualTo("\"\\ufffd\ud83d\ude00\"\n");
    assertThat(write("\ude00\ud83d")).isEqualTo("\"\\ufffd\\ufffd\"\n");
  }

  @Test
  void javaOnlyTypes() {
    assertThat(write(new Object[] {1, "a", null, new Object[] {}}))
        .isEqualTo("[1,\"a\",null,[]]\n");
    assertThat(write(new LinkedHashSet<>(List.of("b", "a")))).isEqualTo("[\"b\",\"a\"]\n");
    assertThat(write(new BigDecimal("1.50"))).isEqualTo("1.50\n");
    assertThat(write(new BigInteger("-123456789012345678901234567890")))
        .isEqualTo("-123456789012345678901234567890\n");
    assertThat(write(Boolean.FALSE)).isEqualTo("false\n");
    assertThat(write(Map.of())).isEqualTo("{}\n");
    assertThat(write(List.of())).isEqualTo("[]\n");
    assertThat(write(1.5f)).isEqualTo("1.5\n");
  }

  @Test
  void refusesWhatJsonCannotHoldNamingIt() {
    refusedToWrite(new Object(), "JSON cannot hold a java.lang.Object");
    refusedToWrite(
        List.of(Map.of("k", new StringBuilder())), "JSON cannot hold a java.lang.StringBuilder");
    refusedToWrite(Map.of(1, "x"), "JSON object keys must be strings, got java.lang.Integer");
    Map<Object, Object> nullKey = new HashMap<>();
    nullKey.put(null, "x");
    refusedToWrite(nullKey, "JSON object keys must be strings, got null");
    refusedToWrite(Float.NaN, "JSON cannot hold NaN");
    refusedToWrite(Float.NEGATIVE_INFINITY, "JSON cannot hold -Infinity");
    refusedToWrite(List.of(1.0, Double.POSITIVE_INFINITY), "JSON cannot hold Infinity");
  }

  static Object nestedLists(int levels) {
    Object v = new ArrayList<>();
    for (int i = 1; i < levels; i++) {
      v = List.of(v);
    }
    return v;
  }

  static Object nestedMaps(int levels) {
    Object v = Map.of();
    for (int i = 1; i < levels; i++) {
      v = Map.of("k", v);
    }
    return v;
  }

  @Test
  void nestingIsLimitedTo1000LevelsBelowTheTop() {
    assertThat(write(nestedLists(1001))).startsWith("[[[").endsWith("]]]\n");
    refusedToWrite(nestedLists(1002), "nesting deeper than 1000");
    assertThat(write(nestedMaps(1001))).startsWith("{\"k\":{").endsWith("}}\n");
    refusedToWrite(nestedMaps(1002), "nesting deeper than 1000");

    assertThat(read("[".repeat(1001) + "]".repeat(1001))).isEqualTo(nestedLists(1001));
    refusedToRead("[".repeat(1002) + "]".repeat(1002), "nesting deeper than 1000 at offset 1001");
    assertThat(read("{\"k\":".repeat(1000) + "{}" + "}".repeat(1000))).isEqualTo(nestedMaps(1001));
    refusedToRead(
        "{\"k\":".repeat(1001) + "{}" + "}".repeat(1001),
        "nesting deeper than 1000 at offset 5005");
  }

  @Test
  void keysAreOrderedByCodePointNotUtf16() {
    assertThat(GoJson.compareCodePoints("a", "a")).isZero();
    assertThat(GoJson.compareCodePoints("a", "ab")).isNegative();
    assertThat(GoJson.compareCodePoints("ab", "a")).isPositive();
    assertThat(GoJson.compareCodePoints("b", "a")).isPositive();
    // U+FFFF sorts before U+1F600, although its UTF-16 unit is larger than the high surrogate.
    assertThat(GoJson.compareCodePoints("\uffff", "\ud83d\ude00")).isNegative();
    assertThat(GoJson.compareCodePoints("\ud83d\ude00x", "\ud83d\ude00")).isPositive();
    assertThat("\uffff".compareTo("\ud83d\ude00")).isPositive();
  }

  @Test
  void integerLiteralsThatFitReadAsLongOtherNumbersAsDouble() {
    assertThat(read("1")).isEqualTo(1L);
    assertThat(read("-1")).isEqualTo(-1L);
    assertThat(read("0")).isEqualTo(0L);
    assertThat(read("1.0")).isEqualTo(1.0);
    assertThat(read("1e2")).isEqualTo(100.0);
    assertThat(read("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    assertThat(read("9223372036854775808")).isEqualTo(9.223372036854775808e18);
    assertThat(read("-999999999999999999")).isEqualTo(-999999999999999999L);
    assertThat(read("1000000000000000000")).isEqualTo(1000000000000000000L);
    // Twenty characters: read as float64, as Go does for every number.
    assertThat(read("-9223372036854775808")).isEqualTo(-9.223372036854775808e18);
    assertThat(read("10000000000000000000")).isEqualTo(1e19);
    // Go keeps the sign of -0 (a float64) and writes it back as -0.
    assertThat(read("-0"))
        .isInstanceOfSatisfying(
            Double.class, d -> assertThat(Double.doubleToRawLongBits(d)).isNegative());
    assertThat(read("-0.0")).isEqualTo(-0.0);
    // One value is read; what follows it is ignored, as Go's Decoder.Decode does.
    assertThat(read("1/")).isEqualTo(1L);
    assertThat(read("1:")).isEqualTo(1L);
    assertThat(read("0.5/")).isEqualTo(0.5);
    assertThat(read("5e1:")).isEqualTo(50.0);
    assertThat(read("5E+1")).isEqualTo(50.0);
    assertThat(read("5e-1")).isEqualTo(0.5);
    assertThat(read("09")).isEqualTo(0L);
    assertThat(read("1.09")).isEqualTo(1.09);
    assertThat(read("1.90")).isEqualTo(1.9);
    assertThat(read("2e09")).isEqualTo(2e9);
    assertThat(read("2e90")).isEqualTo(2e90);
    assertThat(read("\"a\\nb\"")).isEqualTo("a\nb");
    assertThat(read("\"a b\"")).isEqualTo("a b");
  }

  @Test
  @SuppressWarnings("unchecked")
  void readsIntoPlainMutableCollections() {
    List<Object> list = (List<Object>) read("[]");
    list.add(1L);
    assertThat(list).containsExactly(1L);
    Map<String, Object> map = (Map<String, Object>) read("{ }");
    map.put("a", 1L);
    assertThat(map).containsExactly(Map.entry("a", 1L));
    assertThat(read("[1]")).isInstanceOf(ArrayList.class);
  }

  @Test
  void readsEscapesToTheirCharacters() {
    assertThat(read("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"")).isEqualTo("\"\\/\b\f\n\r\t");
    assertThat(read("\"\\u0009\\u00aF\\u00Af\\uABCD\\u0a0A\""))
        .isEqualTo("\t\u00af\u00af\uabcd\u0a0a");
    assertThat(read("\"\\ud83d\\ude00\"")).isEqualTo("\ud83d\ude00");
    assertThat(read("\"\\ud83dx\"")).isEqualTo("\ufffdx");
    assertThat(read("\"\\ud83d\\u0041\"")).isEqualTo("\ufffdA");
    assertThat(read("\"\\ude00\"")).isEqualTo("\ufffd");
    assertThat(read("\"é\\n\"")).isEqualTo("é\n");
    assertThat(read("\"plain\"")).isEqualTo("plain");
    assertThat(read("{\"a\":1,\"b\":[true,null],\"a\":2}"))
        .isEqualTo(Map.of("a", 2L, "b", java.util.Arrays.asList(true, null)));
  }

  @Test
  void refusesBadInputSayingWhatAndWhere() {
    refusedToRead("", "no JSON value (empty input) at offset 0");
    refusedToRead(" \t", "no JSON value (empty input) at offset 2");
    refusedToRead("[1,]", "unexpected character 0x5d at offset 3");
    refusedToRead("\u00e9", "unexpected character 0xc3 at offset 0");
    refusedToRead("{\"a\":1", "unexpected end of input at offset 6");
    refusedToRead("[1", "unexpected end of input at offset 2");
    refusedToRead("[", "unexpected end of input at offset 1");
    refusedToRead("{\"a\":", "unexpected end of input at offset 5");
    refusedToRead("tru", "unexpected end of input at offset 0");
    refusedToRead("trUe", "invalid literal at offset 0");
    refusedToRead("nulL", "invalid literal at offset 0");
    refusedToRead("falsE", "invalid literal at offset 0");
    refusedToRead("{\"a\" 1}", "expected ':' at offset 5");
    refusedToRead("{\"a\"", "expected ':' at offset 4");
    refusedToRead("{1:2}", "expected a string key at offset 1");
    refusedToRead("{\"a\":1,", "expected a string key at offset 7");
    refusedToRead("[1 2]", "expected ',' or ']' at offset 3");
    refusedToRead("{\"a\":1]", "expected ',' or '}' at offset 6");
    refusedToRead("\"\\x\"", "invalid escape at offset 3");
    refusedToRead("\"\\u12\"", "truncated \\u escape at offset 3");
    refusedToRead("\"\\ud83d\\u12\"", "truncated \\u escape at offset 9");
    for (char bad : new char[] {'/', ':', '`', 'g', '@', 'G'}) {
      refusedToRead("\"\\u00" + bad + "0\"", "invalid \\u escape at offset 6");
    }
    refusedToRead("\"\\ud83d\\uzzzz\"", "invalid \\u escape at offset 10");
    refusedToRead("\"abc", "unterminated string at offset 4");
    refusedToRead("\"\\u0041", "unterminated string at offset 7");
    refusedToRead("\"\\ud800\\", "unterminated string at offset 8");
    refusedToRead("\"\\ud800\\u00", "truncated \\u escape at offset 9");
    refusedToRead("\"abc\\", "unterminated string at offset 5");
    refusedToRead("\"ab\\n", "unterminated string at offset 5");
    refusedToRead("\"a\u0001\"", "control character in string at offset 2");
    refusedToRead("\"\\n\u001f\"", "control character in string at offset 3");
    refusedToRead("1e400", "number out of float64 range at offset 5");
    refusedToRead("-1e400", "number out of float64 range at offset 6");
    refusedToRead("-", "truncated number at offset 1");
    refusedToRead("-a", "invalid number at offset 1");
    refusedToRead("-/", "invalid number at offset 1");
    refusedToRead("-:", "invalid number at offset 1");
    refusedToRead("1.", "invalid number at offset 2");
    refusedToRead("1./", "invalid number at offset 2");
    refusedToRead("1.:", "invalid number at offset 2");
    refusedToRead("1e", "invalid number at offset 2");
    refusedToRead("1e+", "invalid number at offset 3");
    refusedToRead("1e/", "invalid number at offset 2");
    refusedToRead("1e:", "invalid number at offset 2");
  }
}
