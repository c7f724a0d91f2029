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
import org.junit.jupiter.params.provider.ValueSource;

/** The YAML store on fixed inputs: exact text out, exact tree in, exact refusals. */
class YamlStoreTest {

  private static Object read(String text) {
    return SopsNode.toJava(SopsFormat.YAML.parse(text, "t.yaml"));
  }

  private static void refuses(String text, String message) {
    assertThatThrownBy(() -> SopsFormat.YAML.parse(text, "t.yaml"))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SopsException.Reason.INVALID_INPUT);
              assertThat(e.getMessage()).isEqualTo(message);
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

  private static SopsNode.Entry entry(String key, SopsNode value) {
    return new SopsNode.Entry(key, value);
  }

  private static SopsNode.Scalar str(String s) {
    return SopsNode.Scalar.of(s);
  }

  private static SopsNode.Comment comment(String text) {
    return new SopsNode.Comment(text);
  }

  /** The tree with comments shown, for exact comparisons with readable failures. */
  static String dump(SopsNode node) {
    if (node instanceof SopsNode.Mapping m) {
      StringBuilder out = new StringBuilder("{");
      for (SopsNode.Item item : m.items()) {
        out.append(
                item instanceof SopsNode.Entry e
                    ? e.key() + "=" + dump(e.value())
                    : dump((SopsNode.Comment) item))
            .append(' ');
      }
      return out.append('}').toString();
    } else if (node instanceof SopsNode.Sequence s) {
      StringBuilder out = new StringBuilder("[");
      for (SopsNode item : s.items()) {
        out.append(dump(item)).append(' ');
      }
      return out.append(']').toString();
    } else if (node instanceof SopsNode.Comment c) {
      return "#" + c.text() + "#";
    }
    Object v = ((SopsNode.Scalar) node).value();
    return v == null ? "null" : v.getClass().getSimpleName() + ":" + v;
  }

  // ------------------------------------------------------------------------------------------------ reading

  @Test
  void anEmojiStraddlingTheParsersBufferBoundaryReads() {
    // Regression: snakeyaml-engine's reader failed with IndexOutOfBoundsException when the high
    // surrogate of an astral character sat at index 1024 of a text longer than its buffer.
    String prefix = "k: \"";
    String value = "a".repeat(1024 - prefix.length()) + "😀" + "b".repeat(100);
    String text = prefix + value + "\"\n";
    assertThat(Character.isHighSurrogate(text.charAt(1024))).isTrue();

    assertThat(read(text)).isEqualTo(Map.of("k", value));
  }

  @Test
  void typesPlainScalarsAsGoYamlAndQuotedOnesAsStrings() {
    assertThat(
            read(
                """
                s: text
                q: "1"
                sq: 'true'
                i: 0x1F
                f: 1.5
                b: True
                n: ~
                e:
                l: [1, "x", {a: b}]
                """))
        .isEqualTo(
            map(
                "s",
                "text",
                "q",
                "1",
                "sq",
                "true",
                "i",
                31L,
                "f",
                1.5,
                "b",
                true,
                "n",
                null,
                "e",
                null,
                "l",
                list(1L, "x", map("a", "b"))));
  }

  @Test
  void explicitYamlTagsMustFitTheirValue() {
    assertThat(
            read(
                """
                s: !!str 1
                i: !!int 12
                f: !!float 3
                g: !!float 2.5
                b: !!bool false
                n: !!null null
                """))
        .isEqualTo(map("s", "1", "i", 12L, "f", 3.0, "g", 2.5, "b", false, "n", null));
    assertThat(((Map<?, ?>) read("f: !!float 3\n")).get("f")).isInstanceOf(Double.class);
    assertThat(((Map<?, ?>) read("i: !!int 3\n")).get("i")).isInstanceOf(Long.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "k: !!int x",
        "k: !!int 1.5",
        "k: !!float x",
        "k: !!bool 1",
        "k: !!null 0",
        "k: !!binary aGk=",
        "k: !!timestamp 2024-01-01"
      })
  void aValueThatDoesNotFitItsTagIsRefused(String text) {
    String kind = text.substring(text.indexOf("!!") + 2, text.indexOf(' ', text.indexOf("!!")));
    if (kind.equals("timestamp")) {
      // The date itself is refused first: sops cannot read unquoted dates.
      assertThatThrownBy(() -> read(text)).hasMessageContaining("unquoted date");
      return;
    }
    refuses(
        text,
        "t.yaml line 1 (key k): the value does not match its tag !!"
            + kind
            + ", or the tag is not supported; remove the tag or fix the value");
  }

  @Test
  void aLocalTagIsRefused() {
    refuses(
        "a:\n  k: !secret x\n",
        "t.yaml line 2 (key a.k): the YAML tag !secret is not supported; remove it");
  }

  @Test
  void refusesWhatSopsCannotRead() {
    refuses("", "t.yaml is empty; expected a YAML mapping");
    assertThat(dump(SopsFormat.YAML.parse("# only a comment\n", "t.yaml"))).isEqualTo("{}");
    refuses("a: 1\n---\nb: 2\n", "t.yaml holds several YAML documents; put one document per file");
    refuses(
        "- a\n",
        "t.yaml must be a YAML mapping at the top level (sops refuses sequences and scalars)");
    refuses(
        "just text\n",
        "t.yaml must be a YAML mapping at the top level (sops refuses sequences and scalars)");
    refuses(
        "a:\n  ? [x]\n  : y\n",
        "t.yaml line 2 (key a): a mapping key must be a string, not a collection");
    refuses(
        "1: x\n",
        "t.yaml line 1: the key '1' is not a string; quote it (sops refuses non-string keys)");
    refuses("a:\n  b: 1\n  b: 2\n", "t.yaml line 3 (key a.b): duplicate key 'b'; keep only one");
    refuses(
        "a:\n  big: 18446744073709551615\n",
        "t.yaml line 2 (key a.big): this number is beyond the 64-bit range sops handles; quote it");
    refuses("a: &x\n  b: *x\n", "t.yaml line 1 (key a.b): an alias refers to itself; expand it");
  }

  @Test
  void aSyntaxErrorNamesLineAndColumn() {
    assertThatThrownBy(() -> SopsFormat.YAML.parse("a: 1\nb: [x,\n", "t.yaml"))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SopsException.Reason.INVALID_INPUT);
              assertThat(e.getMessage())
                  .startsWith("t.yaml is not valid YAML at line 3 column 1: ")
                  .endsWith(" (fix the syntax)");
            });
  }

  @Test
  void aliasesToSharedNodesAreExpanded() {
    assertThat(read("a: &x\n  b: 1\nc: *x\nd: *x\n"))
        .isEqualTo(map("a", map("b", 1L), "c", map("b", 1L), "d", map("b", 1L)));
  }

  @Test
  void unquotedDatesAreRefusedOutsideTheSopsBlockAndKeptAsTextInsideIt() {
    String message =
        ": an unquoted date or timestamp is a time value in Go YAML, which sops 3.9 and older"
            + " cannot read; quote it to keep it a string";
    refuses("d: 2024-01-01\n", "t.yaml line 1 (key d)" + message);
    refuses("sopsy: 2024-01-01\n", "t.yaml line 1 (key sopsy)" + message);
    refuses("x:\n  sops: 2024-01-01\n", "t.yaml line 2 (key x.sops)" + message);
    assertThat(read("sops: 2024-01-01T00:00:00Z\n")).isEqualTo(map("sops", "2024-01-01T00:00:00Z"));
    assertThat(read("sops:\n  a:\n    b: 2024-01-01\n"))
        .isEqualTo(map("sops", map("a", map("b", "2024-01-01"))));
  }

  @Test
  void commentsComeInFileOrderWhereSopsPutsThem() {
    SopsNode.Mapping tree =
        SopsFormat.YAML.parse(
            """
            # head
            a: 1 # after a

            # before b
            b:
                # inside b
                c: x
                    # deeper than d: ends b
            d:
                - 1 # after 1
                # between items
                - k: v
                  # end of the item mapping
            # tail
            """,
            "t.yaml");

    // A head comment of a mapping item belongs to the mapping (sequences add nothing to the AAD
    // path, so it is encrypted under the same path either way); the writer puts it before the dash.
    assertThat(dump(tree))
        .isEqualTo(
            "{# head# # after a# a=Long:1 # before b# b={# inside b# c=String:x # deeper than d:"
                + " ends b# } d=[# after 1# Long:1 {# between items# k=String:v # end of the item"
                + " mapping# } ] # tail# }");
  }

  // ------------------------------------------------------------------------------------------------ writing

  @Test
  void writesSopsLayout() {
    SopsNode.Mapping tree =
        new SopsNode.Mapping(
            List.of(
                comment(" top"),
                entry("s", str("plain")),
                entry("q", str("needs: quotes")),
                entry("yes", str("y")),
                entry("i", new SopsNode.Scalar(-3L)),
                entry("f", new SopsNode.Scalar(2.0)),
                entry("b", new SopsNode.Scalar(Boolean.FALSE)),
                entry("n", SopsNode.Scalar.ofNull()),
                entry("em", new SopsNode.Mapping(List.of())),
                entry("es", new SopsNode.Sequence(List.of())),
                entry(
                    "m",
                    new SopsNode.Mapping(
                        List.of(comment(" in m"), entry("k", str("v")), comment(" end of m")))),
                entry(
                    "l",
                    new SopsNode.Sequence(
                        List.of(
                            comment(" first"),
                            str("x"),
                            new SopsNode.Mapping(
                                List.of(
                                    comment(" before k"),
                                    comment(" and again"),
                                    entry("k", str("v")),
                                    entry("k2", new SopsNode.Sequence(List.of(str("z")))))),
                            new SopsNode.Mapping(List.of(comment(" only a comment"))),
                            new SopsNode.Sequence(List.of(comment(" dropped"))),
                            new SopsNode.Sequence(
                                List.of(str("a"), comment(" dropped too"), str("b"))),
                            str("two\nlines"))))));

    assertThat(YamlStore.write(tree))
        .isEqualTo(
            """
            # top
            s: plain
            q: "needs: quotes"
            "yes": "y"
            i: -3
            f: 2.0
            b: false
            "n": null
            em: {}
            es: []
            m:
                # in m
                k: v
                # end of m
            l:
                # first
                - x
                # before k
                # and again
                - k: v
                  k2:
                      - z
                - {}
                - []
                - - a
                  - b
                - |-
                      two
                      lines
            """);
    assertThat(dump(SopsFormat.YAML.parse(YamlStore.write(tree), "again")))
        .isEqualTo(
            dump(tree)
                .replace("{# only a comment# }", "{}")
                .replace("[# dropped# ]", "[]")
                .replace("# dropped too# ", ""));
  }

  @Test
  void multiLineTextIsALiteralBlockOnlyWhenItReadsBackExactly() {
    assertThat(YamlStore.write(mapOf("k", "a\n\nb\n"))).isEqualTo("k: |\n    a\n\n    b\n");
    assertThat(YamlStore.write(mapOf("k", "a\nb"))).isEqualTo("k: |-\n    a\n    b\n");
    for (String s :
        List.of(
            "a\nb\n\n",
            " a\nb",
            "\na",
            "a\n b",
            "a \nb",
            "a\n\tb",
            "a\t\nb",
            "a\nb\u0001",
            "a\né",
            "a\n\u007f")) {
      assertThat(YamlStore.write(mapOf("k", s)))
          .as("%s", s)
          .isEqualTo("k: " + YamlStore.doubleQuoted(s) + "\n");
      assertThat(read(YamlStore.write(mapOf("k", s)))).isEqualTo(Map.of("k", s));
    }
    assertThat(YamlStore.write(mapOf("k", "a\n~b"))).isEqualTo("k: |-\n    a\n    ~b\n");
  }

  private static SopsNode.Mapping mapOf(String key, String value) {
    return new SopsNode.Mapping(List.of(entry(key, str(value))));
  }

  @Test
  void formatsScalarsAsGoYamlReadsThemBack() {
    assertThat(YamlStore.formatScalar(null)).isEqualTo("null");
    assertThat(YamlStore.formatScalar(true)).isEqualTo("true");
    assertThat(YamlStore.formatScalar(false)).isEqualTo("false");
    assertThat(YamlStore.formatScalar(Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
    assertThat(YamlStore.formatScalar(Double.NaN)).isEqualTo(".nan");
    assertThat(YamlStore.formatScalar(Double.POSITIVE_INFINITY)).isEqualTo(".inf");
    assertThat(YamlStore.formatScalar(Double.NEGATIVE_INFINITY)).isEqualTo("-.inf");
    assertThat(YamlStore.formatScalar(1e21)).isEqualTo("1000000000000000000000.0");
    assertThat(YamlStore.formatScalar(-0.0)).isEqualTo("-0.0");
    assertThat(YamlStore.formatScalar(0.25)).isEqualTo("0.25");
    assertThat(YamlStore.formatScalar("plain")).isEqualTo("plain");
    assertThat(YamlStore.formatScalar("1")).isEqualTo("\"1\"");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "a-b",
        "a:b",
        "a#b",
        "a b",
        "~a",
        "=a",
        "1a",
        "0x1G",
        "ENC[AES256_GCM,data:x]",
        "<<a",
        "e",
        "E",
        "_1",
        "e_e",
        "a'b\"c",
      })
  void safePlainStrings(String s) {
    assertThat(YamlStore.plainIsSafe(s)).isTrue();
    assertThat(read("k: " + s + "\n")).isEqualTo(Map.of("k", s));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-a",
        "?a",
        ":a",
        ",a",
        "[a",
        "]a",
        "{a",
        "}a",
        "#a",
        "&a",
        "*a",
        "!a",
        "|a",
        ">a",
        "'a",
        "\"a",
        "%a",
        "@a",
        "`a",
        " a",
        "a ",
        "a:",
        "a: b",
        "a #b",
        "a\tb",
        "é",
        "a\u007f",
        "\u001f",
        "y",
        "Y",
        "n",
        "yes",
        "No",
        "ON",
        "off",
        "true",
        "FALSE",
        "null",
        "~",
        "=",
        "<<",
        "1",
        "1_0",
        "+1",
        ".5",
        "1:20",
        "1e3",
        "0x1F",
        "0o7",
        "2024-01-01",
        ".inf",
        "NULL",
        ""
      })
  void unsafePlainStrings(String s) {
    assertThat(YamlStore.plainIsSafe(s)).as("%s", s).isFalse();
    assertThat(read(YamlStore.write(mapOf("k", s)))).isEqualTo(Map.of("k", s));
  }

  @Test
  void plainStringsUpTo512CharsOnly() {
    assertThat(YamlStore.plainIsSafe("a".repeat(512))).isTrue();
    assertThat(YamlStore.plainIsSafe("a".repeat(513))).isFalse();
    assertThat(YamlStore.plainIsSafe(" ".substring(1) + "~")).isFalse();
    assertThat(YamlStore.plainIsSafe("a\u0020b")).isTrue();
    assertThat(YamlStore.plainIsSafe("a\u007eb")).isTrue();
  }

  @Test
  void doubleQuotesEscapeEverythingNotPrintable() {
    assertThat(YamlStore.doubleQuoted("q\" b\\ n\n t\t r\r z\0 é 😀"))
        .isEqualTo("\"q\\\" b\\\\ n\\n t\\t r\\r z\\0 é 😀\"");
    assertThat(
            YamlStore.doubleQuoted(
                "\u001f \u0020 \u007e \u007f \u0080 \u009f \u00a0 \u2028 \u2029 \ufeff \ufffd"
                    + " \ufffe \uffff \ud800"))
        .isEqualTo(
            "\"\\u001F \u0020 \u007e \\u007F \\u0080 \\u009F \u00a0 \\u2028 \\u2029 \\uFEFF \ufffd"
                + " \\uFFFE \\uFFFF \\uD800\"");
    assertThat(YamlStore.doubleQuoted("\udfff\ud7ff\ue000")).isEqualTo("\"\\uDFFF\ud7ff\ue000\"");
  }

  @Test
  void aLoneHighSurrogateAtTheEndOfALongTextIsRefusedAsYaml() {
    String text = "k: " + "a".repeat(1100) + "\ud800";
    assertThatThrownBy(() -> SopsFormat.YAML.parse(text, "t.yaml"))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SopsException.Reason.INVALID_INPUT);
              assertThat(e.getMessage()).startsWith("t.yaml is not valid YAML");
            });
  }

  @Test
  void commentsAtTheLevelOfTheNextKeyStayWithIt() {
    assertThat(
            dump(SopsFormat.YAML.parse("a:\n    k:\n        x: 1\n    # about j\n    j: 2\n", "t")))
        .isEqualTo("{a={k={x=Long:1 } # about j# j=Long:2 } }");
    assertThat(dump(SopsFormat.YAML.parse("a:\n    - - y\n    # about z\n    - z\n", "t")))
        .isEqualTo("{a=[[String:y ] # about z# String:z ] }");
  }

  @Test
  void commentsIndentedDeeperThanTheNextItemEndTheCollectionAbove() {
    assertThat(dump(SopsFormat.YAML.parse("a: # on a\n    b: 1\n", "t")))
        .isEqualTo("{# on a# a={b=Long:1 } }");
    assertThat(dump(SopsFormat.YAML.parse("a:\n    # before value\n    x\n", "t")))
        .isEqualTo("{# before value# a=String:x }");
    assertThat(
            dump(
                SopsFormat.YAML.parse(
                    "a:\n    - x\n    - - y\n      # deeper than z\n    - z\nb: 1\n", "t")))
        .isEqualTo("{a=[String:x [String:y # deeper than z# ] String:z ] b=Long:1 }");
    assertThat(
            dump(
                SopsFormat.YAML.parse(
                    "a:\n    - x # inline x\n    # between\n    - y\n    # end of seq\nb: 1\n",
                    "t")))
        .isEqualTo("{a=[# inline x# String:x # between# String:y # end of seq# ] b=Long:1 }");
    assertThat(dump(SopsFormat.YAML.parse("a:\n    - - y\n        # very deep\nb: 1\n", "t")))
        .isEqualTo("{a=[[String:y # very deep# ] ] b=Long:1 }");
    assertThat(
            dump(
                SopsFormat.YAML.parse(
                    "a:\n    k:\n        - y\n            # deep after y\n    j: 1\n", "t")))
        .isEqualTo("{a={k=[String:y # deep after y# ] j=Long:1 } }");
    assertThat(
            dump(SopsFormat.YAML.parse("a:\n    - k: v\n          # deep in item\n    - z\n", "t")))
        .isEqualTo("{a=[{k=String:v # deep in item# } String:z ] }");
    assertThat(dump(SopsFormat.YAML.parse("a:\n    k: []\n        # after []\n    j: 1\n", "t")))
        .isEqualTo("{a={k=[# after []# ] j=Long:1 } }");
    assertThat(dump(SopsFormat.YAML.parse("a:\n    k: {}\n        # after {}\n    j: 1\n", "t")))
        .isEqualTo("{a={k={# after {}# } j=Long:1 } }");
  }

  @Test
  void aSequenceAliasedTwiceIsExpandedAndASelfReferenceRefused() {
    assertThat(read("a: &x [1]\nb: *x\n")).isEqualTo(map("a", list(1L), "b", list(1L)));
    refuses("a: &x\n    - *x\n", "t.yaml line 1 (key a): an alias refers to itself; expand it");
  }

  @Test
  void plainIsSafeRefusesYaml11NumbersAndUint64() {
    for (String s : List.of("+1:20", ".1:2", "1:20", "0xFFFFFFFFFFFFFFFF", "a\tb", "\ta")) {
      assertThat(YamlStore.plainIsSafe(s)).as("%s", s).isFalse();
      assertThat(read(YamlStore.write(mapOf("k", s)))).isEqualTo(Map.of("k", s));
    }
  }

  @Test
  void aCommentDeeperThanANestedMappingEndsThatMapping() {
    assertThat(
            dump(
                SopsFormat.YAML.parse("a:\n    k:\n        x: 1\n            # deep\nb: 1\n", "t")))
        .isEqualTo("{a={k={x=Long:1 # deep# } } b=Long:1 }");
  }

  @Test
  void aCommentAtTheColumnOfAnIndentlessSequenceStaysWithTheNextKey() {
    // kubectl writes sequences at their key's indentation.
    assertThat(dump(SopsFormat.YAML.parse("a:\n- x\n# about b\nb: 1\n", "t")))
        .isEqualTo("{a=[String:x ] # about b# b=Long:1 }");
  }
}
