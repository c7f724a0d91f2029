package dev.sessionkeys.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.runtime.CookieException.Reason;
import dev.sessionkeys.runtime.GoFixtures.Case;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * GobView against what Go's encoding/gob writes for the values apps keep in cookies (fixtures:
 * src/test/resources/go-fixtures/go-gob-any.tsv, bytes from a fresh Go process and the expected
 * view computed from the Go value; see the README there).
 */
class GobViewFixturesTest {

  static List<Case> cases() {
    return GoFixtures.load(GoFixtures.GOB_ANY, "view");
  }

  @TestFactory
  Stream<DynamicTest> readsEveryGoValueToItsView() {
    return cases().stream()
        .map(c -> DynamicTest.dynamicTest(c.name(), () -> assertView(c, c.inputBytes())));
  }

  static void assertView(Case c, byte[] gob) {
    List<?> expected = (List<?>) json(c.detail());
    GobView.Decoded d = GobView.decode(gob);
    assertThat(d.goType()).as(c.name()).isEqualTo(expected.get(0));
    assertThat(normalize(json(d.json()))).as(c.name()).isEqualTo(normalize(expected.get(1)));
  }

  static Object json(String text) {
    return GoJson.read(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Go writes map entries in random order: maps compare regardless of order already; lists of
   * {"key","value"} entries (maps with other keys than strings) are sorted here.
   */
  static Object normalize(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(k, normalize(x)));
      return out;
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(x -> out.add(normalize(x)));
      if (!out.isEmpty()
          && out.stream()
              .allMatch(
                  x -> x instanceof Map<?, ?> m && m.keySet().equals(Set.of("key", "value")))) {
        out.sort(Comparator.comparing(x -> new String(GoJson.write(x), StandardCharsets.UTF_8)));
      }
      return out;
    }
    return v;
  }

  /** JSON objects Java writes as a fresh Go process writes them, and reads back to themselves. */
  @TestFactory
  Stream<DynamicTest> writesTheBytesOfAFreshGoProcess() {
    return GoFixtures.load(GoFixtures.GOB_ANY, "write").stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () -> {
                      int space = c.input().indexOf(' ');
                      String json = c.input().substring(space + 1);
                      byte[] gob =
                          GobView.encodeJsonObject(
                              json, GobView.MapType.parse(c.input().substring(0, space)));
                      assertThat(GoFixtures.hex(gob)).isEqualTo(c.detail());
                      assertThat(GobView.decode(gob).json()).isEqualTo(json);
                    }));
  }

  /** The exact text for the rich struct: wire order kept, fields in declaration order. */
  @Test
  void keepsStructFieldOrderAndWritesOneLine() {
    GobView.Decoded d =
        GobView.decode(GoFixtures.named(GoFixtures.GOB_ANY, "view", "struct").inputBytes());
    assertThat(d.goType()).isEqualTo("Account");
    assertThat(d.json())
        .isEqualTo(
            "{\"ID\":18446744073709551615,\"Name\":\"Zoë \\u003cadmin\\u003e\",\"Admin\":true,"
                + "\"Score\":2.5,\"Ratio\":0.10000000149011612,\"Small\":-8,"
                + "\"Roles\":[\"read\",\"write\"],\"Home\":{\"Street\":\"Main St 1\",\"Zip\":12345},"
                + "\"Work\":{\"Street\":\"Dock 9\",\"Zip\":0},\"Limits\":{\"a\":1,\"b\":-2},"
                + "\"Created\":\"2024-02-29T15:14:15.123456789+02:00\",\"Digest\":\"AAH+/w==\","
                + "\"Triple\":[1,0,-1],\"Z\":[1.5,-2],"
                + "\"Extra\":{\"$type\":\"main.Color\",\"$value\":3},\"Empty\":\"\","
                + "\"NoRoles\":null,\"NoMap\":null,\"NoTime\":null,\"NilWork\":null,\"Count\":42,"
                + "\"NoCount\":0}");
  }

  /**
   * Every Go value cut short or with one byte replaced: read or refused with CANNOT_DESERIALIZE,
   * never another exception, and the message never holds the data.
   */
  @TestFactory
  Stream<DynamicTest> damagedValuesAreReadOrRefusedCleanly() {
    return cases().stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () -> {
                      byte[] gob = c.inputBytes();
                      for (int n = 0; n < gob.length; n++) {
                        readOrRefuse(Arrays.copyOf(gob, n));
                      }
                      for (int i = 0; i < gob.length; i++) {
                        for (int r : new int[] {0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff}) {
                          byte[] d = gob.clone();
                          d[i] = (byte) r;
                          readOrRefuse(d);
                        }
                      }
                    }));
  }

  static void readOrRefuse(byte[] gob) {
    try {
      GobView.decode(gob);
    } catch (CookieException e) {
      assertThat(e.reason()).isEqualTo(Reason.CANNOT_DESERIALIZE);
      assertThat(e.getMessage()).startsWith("CANNOT_DESERIALIZE: gob: ").doesNotContain("alice");
    }
  }

  @Test
  void theFixturesCoverTheTypesAppsStore() {
    assertThat(cases())
        .extracting(Case::name)
        .contains(
            "struct",
            "slice-string",
            "time",
            "map-nested",
            "map-string-string",
            "map-string-any",
            "session-registered",
            "interface-struct",
            "binary-marshaler",
            "gob-encoder",
            "recursive");
    assertThatThrownBy(() -> GobView.decode(new byte[0]))
        .isInstanceOf(CookieException.class)
        .hasMessageContaining("unexpected end of data");
  }
}
