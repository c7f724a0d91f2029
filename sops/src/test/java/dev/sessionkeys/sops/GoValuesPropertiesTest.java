package dev.sessionkeys.sops;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Random floats and scalars: Go float text and the YAML writer's quoting read back exactly. Left
 * out of mutation testing (slow per mutant); {@link GoValuesTest} and {@link YamlStoreTest} pin the
 * same rules with fixed examples.
 */
class GoValuesPropertiesTest {

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
      assertThat(SopsFormat.YAML.parse(yaml, "t").get("k")).contains(new SopsNode.Scalar(value));
    }
  }
}
