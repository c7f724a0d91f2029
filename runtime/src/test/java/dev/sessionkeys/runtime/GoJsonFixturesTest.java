package dev.sessionkeys.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.runtime.CookieException.Reason;
import dev.sessionkeys.runtime.GoFixtures.Case;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * GoJson against the bytes Go's encoding/json writes and the values it reads, as gorilla's
 * JSONEncoder calls it (fixtures: src/test/resources/go-fixtures/go-json.tsv, made by the real Go;
 * see the README there).
 */
class GoJsonFixturesTest {

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Asserts Java writes Go's exact bytes, or refuses what Go refuses to write. */
  static void assertWrites(Case c, Supplier<Object> value) {
    if (c.outcome().equals("ok")) {
      assertThat(text(GoJson.write(value.get()))).as(c.toString()).isEqualTo(text(c.detailBytes()));
    } else {
      assertThatThrownBy(() -> GoJson.write(value.get()))
          .as(c.toString())
          .isInstanceOfSatisfying(
              CookieException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.CANNOT_SERIALIZE);
                assertThat(e.getMessage()).endsWith("JSON cannot hold " + value.get());
              });
    }
  }

  /**
   * What Go reads, Java reads to a value Go's encoder writes the same way; what Go refuses, Java
   * refuses with a message that says where.
   */
  @TestFactory
  Stream<DynamicTest> readsWhatGoReadsAndRefusesWhatGoRefuses() {
    return GoFixtures.load(GoFixtures.JSON, "read").stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () -> {
                      if (c.outcome().equals("ok")) {
                        Object value = GoJson.read(c.inputBytes());
                        assertThat(text(GoJson.write(value)))
                            .as(c.name())
                            .isEqualTo(text(c.detailBytes()));
                      } else {
                        assertThatThrownBy(() -> GoJson.read(c.inputBytes()))
                            .as(c.name() + " (Go: " + c.detail() + ")")
                            .isInstanceOfSatisfying(
                                CookieException.class,
                                e -> {
                                  assertThat(e.reason()).isEqualTo(Reason.CANNOT_DESERIALIZE);
                                  assertThat(e.getMessage()).contains("JSON: ", " at offset ");
                                });
                      }
                    }));
  }

  @Test
  void everyReadFixtureIsUsed() {
    List<Case> reads = GoFixtures.load(GoFixtures.JSON, "read");
    assertThat(reads).hasSizeGreaterThan(100);
    assertThat(reads.stream().filter(c -> c.outcome().equals("err")).count()).isGreaterThan(40);
  }

  @Test
  void float64AsGoWritesIt() {
    for (Case c : GoFixtures.load(GoFixtures.JSON, "float64")) {
      double d = Double.longBitsToDouble(Long.parseUnsignedLong(c.input(), 16));
      assertWrites(c, () -> d);
      // Boxed in a list: the same number between brackets.
      if (c.outcome().equals("ok")) {
        String one = text(c.detailBytes()).strip();
        assertThat(text(GoJson.write(List.of(d, d)))).isEqualTo("[" + one + "," + one + "]\n");
      }
    }
  }

  @Test
  void float32AsGoWritesIt() {
    for (Case c : GoFixtures.load(GoFixtures.JSON, "float32")) {
      float f = Float.intBitsToFloat(Integer.parseUnsignedInt(c.input(), 16));
      assertWrites(c, () -> f);
    }
  }

  @Test
  void integersAsGoWritesThem() {
    for (Case c : GoFixtures.load(GoFixtures.JSON, "int64")) {
      long n = Long.parseLong(c.input());
      assertWrites(c, () -> n);
      assertWrites(c, () -> BigInteger.valueOf(n));
      if (n == (int) n) {
        assertWrites(c, () -> (int) n);
      }
      if (n == (short) n) {
        assertWrites(c, () -> (short) n);
      }
      if (n == (byte) n) {
        assertWrites(c, () -> (byte) n);
      }
    }
  }

  @Test
  void stringsAsGoWritesThem() {
    for (Case c : GoFixtures.load(GoFixtures.JSON, "string")) {
      String s = text(c.inputBytes());
      assertWrites(c, () -> s);
      // The same text as an object key.
      String quoted = text(c.detailBytes()).strip();
      assertThat(text(GoJson.write(java.util.Map.of(s, 1)))).isEqualTo("{" + quoted + ":1}\n");
    }
  }

  @Test
  void byteSlicesAsStandardBase64() {
    for (Case c : GoFixtures.load(GoFixtures.JSON, "bytes")) {
      byte[] b = c.inputBytes();
      assertWrites(c, () -> b);
    }
  }
}
