package dev.sessionkeys.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.runtime.CookieException.Reason;
import dev.sessionkeys.runtime.GoFixtures.Case;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The session gob codec ({@link Serializer#GOB}) against the bytes Go's encoding/gob writes for
 * gorilla's session values and what Go reads from given bytes (fixtures:
 * src/test/resources/go-fixtures/go-gob.tsv, made by the real Go; see the README there).
 */
class GoGobFixturesTest {

  /**
   * A fresh Go process's bytes: Java writes exactly them and reads them back to the same values.
   */
  @TestFactory
  Stream<DynamicTest> writesTheBytesOfAFreshGoProcess() {
    return GoFixtures.load(GoFixtures.GOB, "encode").stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () -> {
                      Map<String, Object> values = GoFixtures.parseValues(c.input());
                      assertThat(GoFixtures.hex(GobWriter.encode(values, GobView.MapType.SESSION)))
                          .isEqualTo(c.detail());
                      assertThat(
                              GoFixtures.describeValues(
                                  GobReader.readSessionValues(c.detailBytes())))
                          .isEqualTo(c.input());
                    }));
  }

  /**
   * Bytes from Go (other type ids, types outside the subset, cut or damaged): Java reads what Go
   * reads, to the same values, and refuses the rest with CANNOT_DESERIALIZE only.
   */
  @TestFactory
  Stream<DynamicTest> readsWhatGoReads() {
    return GoFixtures.load(GoFixtures.GOB, "decode").stream()
        .map(c -> DynamicTest.dynamicTest(c.name(), () -> assertReadsLikeGo(c)));
  }

  /**
   * Damaged bytes Go reads and Java refuses; Go never writes them. Go ends a struct at the end of
   * its message even without the closing zero delta, reads an over-long {@code ff 00} as zero, and
   * keeps a second field of a type definition; Java wants the closing delta and one field.
   */
  static final Set<String> JAVA_STRICTER = Set.of("set-13-ff", "set-62-ff", "set-63-01");

  static void assertReadsLikeGo(Case c) {
    byte[] input = c.inputBytes();
    if (JAVA_STRICTER.contains(c.name())) {
      assertThat(c.outcome()).as(c.toString()).isEqualTo("ok");
      assertRefused(c, input, "gob: ");
      return;
    }
    switch (c.outcome()) {
      case "ok" ->
          // Go strings hold any bytes, Java strings text: invalid UTF-8 reads as U+FFFD, as
          // GoFixtures.parseValues reads Go's own description.
          assertThat(GoFixtures.describeValues(GobReader.readSessionValues(input)))
              .as(c.toString())
              .isEqualTo(GoFixtures.describeValues(GoFixtures.parseValues(c.detail())));
      case "outside" -> {
        String expected;
        if (c.detail().startsWith("key ")) {
          String type = c.detail().substring(4).replace("<nil>", "nil");
          expected =
              "a session key of Go type " + type + " is outside the supported subset (string)";
        } else if (c.detail().startsWith("[]interface {} in")) {
          expected = "type []interface {} does not match the wire type";
        } else {
          expected =
              "a value of Go type "
                  + c.detail()
                  + " under key \"x\" is outside the supported subset";
        }
        assertRefused(c, input, expected);
      }
      default -> assertRefused(c, input, "gob: ");
    }
  }

  static void assertRefused(Case c, byte[] input, String messagePart) {
    assertThatThrownBy(() -> GobReader.readSessionValues(input))
        .as(c + " (Go: " + c.outcome() + " " + c.detail() + ")")
        .isInstanceOfSatisfying(
            CookieException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.CANNOT_DESERIALIZE);
              assertThat(e.getMessage()).contains("gob: ", messagePart);
            });
  }

  @Test
  void theFixturesCoverEveryOutcome() {
    var decode = GoFixtures.load(GoFixtures.GOB, "decode");
    for (String outcome : new String[] {"ok", "err", "outside", "panic"}) {
      assertThat(decode).as(outcome).anyMatch(c -> c.outcome().equals(outcome));
    }
    assertThat(GoFixtures.load(GoFixtures.GOB, "encode")).hasSizeGreaterThan(50);
  }
}
