package dev.sessionkeys.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * GobWriter then GobReader (through GobView) over random values: what Java writes reads back to the
 * same JSON, and no bytes make the reader throw anything but CookieException. GobInteropTest runs a
 * fixed set of such values against Go.
 */
class GobWriterPropertiesTest {

  @Property(tries = 200)
  void anyMapsReadBackToTheirJson(@ForAll("objects") Map<String, Object> value) {
    String json = new String(GoJson.write(value), StandardCharsets.UTF_8);
    byte[] gob = GobView.encodeJsonObject(json, GobView.MapType.STRING_TO_ANY);
    GobView.Decoded d = GobView.decode(gob);
    assertThat(d.goType()).isEqualTo("map[string]interface {}");
    assertThat(GoJson.read(d.json().getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(GobInteropTest.viaGoJson(value));
  }

  @Property(tries = 200)
  void stringMapsReadBackToTheirJson(
      @ForAll("strings") List<String> keys, @ForAll("strings") List<String> values) {
    Map<String, Object> value = new LinkedHashMap<>();
    for (int i = 0; i < Math.min(keys.size(), values.size()); i++) {
      value.put(keys.get(i), values.get(i));
    }
    byte[] gob = GobWriter.encode(value, GobView.MapType.STRING_TO_STRING);
    GobView.Decoded d = GobView.decode(gob);
    assertThat(d.goType()).isEqualTo("map[string]string");
    assertThat(GoJson.read(d.json().getBytes(StandardCharsets.UTF_8))).isEqualTo(value);
  }

  /** Damaged encodings: read (to something) or refused, never another exception. */
  @Property(tries = 100)
  void damagedBytesAreReadOrRefused(
      @ForAll("objects") Map<String, Object> value,
      @ForAll("positions") int position,
      @ForAll("positions") int replacement) {
    byte[] gob = GobWriter.encode(value, GobView.MapType.STRING_TO_ANY);
    byte[] damaged = gob.clone();
    damaged[position % damaged.length] = (byte) replacement;
    GobViewFixturesTest.readOrRefuse(damaged);
    GobViewFixturesTest.readOrRefuse(java.util.Arrays.copyOf(gob, position % gob.length));
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 10_000);
  }

  @Provide
  Arbitrary<List<String>> strings() {
    return text().list().ofMaxSize(6);
  }

  @Provide
  Arbitrary<Map<String, Object>> objects() {
    return objects(3);
  }

  static Arbitrary<String> text() {
    // Surrogates excluded: a lone one is not text, so it could not read back as itself.
    return Arbitraries.strings().withCharRange('\u0000', '\ud7ff').ofMaxLength(12);
  }

  static Arbitrary<Map<String, Object>> objects(int depth) {
    return Arbitraries.maps(text(), values(depth)).ofMaxSize(5).map(LinkedHashMap::new);
  }

  static Arbitrary<Object> values(int depth) {
    Arbitrary<Object> scalar =
        Arbitraries.oneOf(
                text().map(s -> (Object) s),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d))
            .injectNull(0.1);
    if (depth == 0) {
      return scalar;
    }
    return Arbitraries.frequencyOf(
        Tuple.of(6, scalar),
        Tuple.of(1, objects(depth - 1).map(m -> (Object) m)),
        Tuple.of(1, values(depth - 1).list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l))));
  }

  /** The same kind of values from a seeded Random, for the fixed set run against Go. */
  static Map<String, Object> randomObject(Random random, boolean strings, int depth) {
    Map<String, Object> m = new LinkedHashMap<>();
    int n = random.nextInt(5);
    for (int i = 0; i < n; i++) {
      m.put(randomText(random), strings ? randomText(random) : randomValue(random, depth));
    }
    return m;
  }

  static Object randomValue(Random random, int depth) {
    int kind = random.nextInt(depth < 3 ? 8 : 6);
    return switch (kind) {
      case 0 -> randomText(random);
      case 1 -> random.nextBoolean();
      case 2 -> random.nextLong() >> random.nextInt(64);
      case 3 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
      case 4 -> null;
      case 5 -> random.nextInt(100);
      case 6 -> randomObject(random, false, depth + 1);
      default -> {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          list.add(randomValue(random, depth + 1));
        }
        yield list;
      }
    };
  }

  static String randomText(Random random) {
    StringBuilder sb = new StringBuilder();
    String alphabet = "ab <&>\"\\\n\u0000é中\u2028";
    for (int i = random.nextInt(8); i > 0; i--) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    if (random.nextInt(10) == 0) {
      sb.append("😀");
    }
    return sb.toString();
  }
}
