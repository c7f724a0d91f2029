package dev.sessionkeys.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JSON store on fixed inputs: Go's encoding/json types, exact output, exact refusals. */
class JsonStoreTest {

  private static Object read(String text) {
    return SopsNode.toJava(SopsFormat.JSON.parse(text, "t.json"));
  }

  private static void refuses(String text, String message) {
    assertThatThrownBy(() -> SopsFormat.JSON.parse(text, "t.json"))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SopsException.Reason.INVALID_INPUT);
              assertThat(e.getMessage()).isEqualTo("t.json " + message + " (fix the JSON syntax)");
            });
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  private static List<Object> list(Object... items) {
    return new ArrayList<>(Arrays.asList(items));
  }

  @Test
  void readsEveryValueKindInOrderWithNumbersAsFloats() {
    String text =
        " \t\r\n{ \"z\" : \"s\", \"n\": -1.5e2, \"i\": 0, \"big\": 12345678901, \"t\": true,"
            + " \"f\": false, \"nul\": null,\n \"e\": { }, \"l\": [ ], \"o\": {\"a\": [1, \"x\","
            + " [true], {}]} } \n\t";

    Object tree = read(text);

    assertThat(tree)
        .isEqualTo(
            map(
                "z",
                "s",
                "n",
                -150.0,
                "i",
                0.0,
                "big",
                12345678901.0,
                "t",
                true,
                "f",
                false,
                "nul",
                null,
                "e",
                map(),
                "l",
                list(),
                "o",
                map("a", list(1.0, "x", list(true), map()))));
    assertThat(((Map<?, ?>) tree).keySet().toString())
        .isEqualTo("[z, n, i, big, t, f, nul, e, l, o]");
  }

  @Test
  void readsEveryStringEscape() {
    assertThat(read("{\"k\": \"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9\\u0041 😀 é\"}"))
        .isEqualTo(map("k", "q\" b\\ s/ \b\f\n\r\t éA 😀 é"));
    assertThat(read("{\"\": \"\"}")).isEqualTo(map("", ""));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "`` | line 1: must be a JSON object at the top level",
        "`  ` | line 1: must be a JSON object at the top level",
        "[1] | line 1: must be a JSON object at the top level",
        "`{} x` | line 1: has text after the JSON object",
        "`{}\n\n{}` | line 3: has text after the JSON object",
        "`{\"a\": 1, \"a\": 2}` | line 1: duplicate key 'a'",
        "`{\"o\": {\"a\": 1,\n \"a\": 2}}` | line 2: duplicate key 'o.a'",
        "`{\"a\" 1}` | line 1: expected ':'",
        "`{\"a\": 1` | line 1: expected '}'",
        "`{\"a\": 1 \"b\": 2}` | line 1: expected '}'",
        "`{\"a\": [1 2]}` | line 1: expected ']'",
        "`{\"a\": [1,` | line 1: unexpected end of input",
        "`{\"a\":` | line 1: unexpected end of input",
        "`{\"a\": tru}` | line 1: expected a JSON value",
        "`{\"a\": 01}` | line 1: expected a JSON value",
        "`{\"a\": 1.}` | line 1: expected a JSON value",
        "`{\"a\": +1}` | line 1: expected a JSON value",
        "`{\"a\": 1e999}` | line 1: number out of range",
        "`{1: 2}` | line 1: expected a string",
        "`{\"a\": 1,}` | line 1: expected a string",
        "`{\"a` | line 1: unterminated string",
        "`{\"a\\` | line 1: unterminated string",
        "`{\"a\": \"\\u12` | line 1: bad \\u escape",
        "`{\"a\": \"\\uZZZZ\"}` | line 1: bad \\u escape",
        "`{\"a\": \"\\x\"}` | line 1: bad escape \\x",
        "`{` | line 1: expected a string",
        "`{\"a\": 1,` | line 1: expected a string",
        "`{\"a\": [` | line 1: unexpected end of input",
        "`{\"a\": [1` | line 1: expected ']'",
        "`{\"a\": 1` | line 1: expected '}'",
        "`{\"a\": \"\\u0041` | line 1: unterminated string",
        "`{\"a\": 1e+5 x}` | line 1: expected '}'",
      })
  void refusesBadJsonNamingTheLine(String text, String message) {
    refuses(text, message);
  }

  @Test
  void aControlCharacterInAStringIsRefusedOnItsLine() {
    // The error points just after the first raw line break: one line break before it, line 2.
    refuses("{\"k\": \"a\n\nb\"}", "line 2: control character in a string");
    refuses("{\"k\": \"a\u001fb\"}", "line 1: control character in a string");
  }

  @Test
  void writesIndentedJsonInOrderWithGoFloatText() {
    SopsNode.Mapping tree =
        new SopsNode.Mapping(
            List.of(
                new SopsNode.Comment(" dropped"),
                new SopsNode.Entry("s", SopsNode.Scalar.of("x")),
                new SopsNode.Entry("f", new SopsNode.Scalar(1.0)),
                new SopsNode.Entry("g", new SopsNode.Scalar(1.5e-7)),
                new SopsNode.Entry("i", new SopsNode.Scalar(3L)),
                new SopsNode.Entry("t", new SopsNode.Scalar(Boolean.TRUE)),
                new SopsNode.Entry("n", SopsNode.Scalar.ofNull()),
                new SopsNode.Entry("e", new SopsNode.Mapping(List.of())),
                new SopsNode.Entry(
                    "c", new SopsNode.Sequence(List.of(new SopsNode.Comment(" only a comment")))),
                new SopsNode.Entry(
                    "l",
                    new SopsNode.Sequence(
                        List.of(
                            new SopsNode.Scalar(Boolean.FALSE),
                            new SopsNode.Comment(" dropped"),
                            new SopsNode.Mapping(
                                List.of(new SopsNode.Entry("k", SopsNode.Scalar.of("v")))))))));

    assertThat(JsonStore.write(tree))
        .isEqualTo(
            """
            {
                "s": "x",
                "f": 1,
                "g": 0.00000015,
                "i": 3,
                "t": true,
                "n": null,
                "e": {},
                "c": [],
                "l": [
                    false,
                    {
                        "k": "v"
                    }
                ]
            }
            """);
    assertThat(JsonStore.write(new SopsNode.Mapping(List.of()))).isEqualTo("{}\n");
  }

  @Test
  void jsonTypesTurnIntsIntoFloatsAndDropComments() {
    SopsNode.Mapping yamlTree =
        new SopsNode.Mapping(
            List.of(
                new SopsNode.Comment(" c"),
                new SopsNode.Entry("i", new SopsNode.Scalar(7L)),
                new SopsNode.Entry("d", new SopsNode.Scalar(2.5)),
                new SopsNode.Entry("s", SopsNode.Scalar.of("7")),
                new SopsNode.Entry(
                    "l",
                    new SopsNode.Sequence(
                        List.of(
                            new SopsNode.Scalar(-1L),
                            new SopsNode.Comment(" c"),
                            new SopsNode.Mapping(
                                List.of(new SopsNode.Entry("j", new SopsNode.Scalar(0L)))))))));

    SopsNode.Mapping json = JsonStore.asJsonTypes(yamlTree, "t");

    assertThat(json.items()).hasSize(4).allMatch(i -> i instanceof SopsNode.Entry);
    assertThat(SopsNode.toJava(json))
        .isEqualTo(map("i", 7.0, "d", 2.5, "s", "7", "l", list(-1.0, map("j", 0.0))));
    assertThat(((SopsNode.Sequence) json.get("l").orElseThrow()).items()).hasSize(2);
  }

  @Test
  void jsonCannotHoldNanOrInfinity() {
    for (double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      SopsNode.Mapping tree =
          new SopsNode.Mapping(
              List.of(
                  new SopsNode.Entry("l", new SopsNode.Sequence(List.of(new SopsNode.Scalar(d))))));
      assertThatThrownBy(() -> JsonStore.asJsonTypes(tree, "t"))
          .isInstanceOfSatisfying(
              SopsException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(SopsException.Reason.INVALID_INPUT);
                assertThat(e.getMessage()).isEqualTo("JSON cannot hold NaN or infinity");
              });
    }
  }

  @Test
  void spacesMayStandAroundCommasAndExponentsMayHaveASign() {
    assertThat(read("{\"a\": [1 , 2e+2 ] , \"b\": 1E-1 }"))
        .isEqualTo(map("a", list(1.0, 200.0), "b", 0.1));
  }
}
