package dev.sessionkeys.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.sessionkeys.manifest.ManifestException.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The shared limits, through each YAML reader of this module and on their own. */
class ParseLimitsTest {

  @TempDir Path dir;

  /** Every YAML reader in this module, by name, on bytes. */
  static Stream<Arguments> readers() {
    return Stream.of(
        Arguments.of("secret", (BiConsumer<String, byte[]>) SecretManifests::parse),
        Arguments.of("values", (BiConsumer<String, byte[]>) HelmValues::parse),
        Arguments.of(
            "profile", (BiConsumer<String, byte[]>) (s, b) -> ProfileFiles.parse(s, b, false)));
  }

  private static void refused(
      BiConsumer<String, byte[]> reader, String text, Problem problem, String fragment) {
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThatThrownBy(
                    () -> reader.accept("in.yaml", text.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                    ManifestException.class, e -> assertThat(e.problem()).isEqualTo(problem))
                .hasMessageStartingWith("in.yaml")
                .hasMessageContaining(fragment)
                .hasMessageNotContaining("\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readers")
  void deepNestingIsADepthError(String name, BiConsumer<String, byte[]> reader) {
    refused(
        reader,
        "a: " + "[".repeat(100_000) + "]".repeat(100_000),
        Problem.TOO_DEEP,
        "is nested more than 64 levels deep (the nesting limit)");
    StringBuilder block = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      block.append(" ".repeat(i)).append("k:\n");
    }
    refused(reader, block.toString(), Problem.TOO_DEEP, "in.yaml:65: is nested more than 64");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readers")
  void aliasBombsAreRefused(String name, BiConsumer<String, byte[]> reader) {
    StringBuilder bomb = new StringBuilder("a: &a [lol, lol, lol]\n");
    String previous = "a";
    for (char c = 'b'; c <= 'q'; c++) {
      bomb.append(c + ": &" + c + " [*" + previous + ", *" + previous + ", *" + previous + "]\n");
      previous = String.valueOf(c);
    }
    refused(reader, bomb.toString(), Problem.TOO_MANY_ALIASES, "(the alias limit)");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readers")
  void tooManyNodesAreRefused(String name, BiConsumer<String, byte[]> reader) {
    refused(
        reader,
        "a: [" + "x, ".repeat(50_000) + "x]\n",
        Problem.TOO_MANY_NODES,
        "holds more than 50000 values, aliases expanded (the node limit)");
  }

  @Test
  void depthAndNodeLimitsAreExact() {
    ParseLimits limits = new ParseLimits(1000, 20, 3, 7);
    // Three levels and five nodes (3 collections, 2 scalars): accepted.
    assertThat(limits.composeAll(LoadSettings.builder(), "a: [[x]]", "t")).hasSize(1);
    assertThatThrownBy(() -> limits.composeAll(LoadSettings.builder(), "a: [[[x]]]", "t"))
        .isInstanceOfSatisfying(
            ManifestException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.TOO_DEEP);
              assertThat(e.line()).isEqualTo(1);
            })
        .hasMessage(
            "t:1: is nested more than 3 levels deep (the nesting limit); Secret manifests, values,"
                + " profiles and SOPS files are small: give the right file");
    // Leaving a collection gives its level back; seven nodes are accepted, eight are not.
    assertThat(limits.composeAll(LoadSettings.builder(), "a: [[x]]\nb: c", "t")).hasSize(1);
    assertThatThrownBy(() -> limits.composeAll(LoadSettings.builder(), "a: [[x]]\nb: [c]", "t"))
        .isInstanceOfSatisfying(
            ManifestException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.TOO_MANY_NODES);
              assertThat(e.line()).isEqualTo(2);
            })
        .hasMessageStartingWith("t:2: holds more than 7 values");
    // Aliases count as nodes; documents share one count.
    assertThatThrownBy(
            () -> limits.composeAll(LoadSettings.builder(), "a: &x b\nc: *x\nd: *x\ne: *x", "t"))
        .hasMessageContaining("(the node limit)");
    assertThatThrownBy(
            () -> limits.composeAll(LoadSettings.builder(), "a: b\n---\nc: d\n---\ne: f", "t"))
        .hasMessageContaining("(the node limit)");
    assertThat(limits.composeAll(LoadSettings.builder(), "", "t")).isEmpty();
  }

  @Test
  void onlyAliasesToCollectionsCountTowardsTheAliasLimit() {
    StringBuilder aliases = new StringBuilder();
    for (int i = 0; i < 21; i++) {
      aliases.append("k").append(i).append(": *x\n");
    }
    assertThat(ParseLimits.DEFAULT.composeAll(LoadSettings.builder(), "a: &x s\n" + aliases, "t"))
        .hasSize(1);
    // A scalar anchored under the same name replaces the collection.
    assertThat(
            ParseLimits.DEFAULT.composeAll(
                LoadSettings.builder(), "a: &x [s]\nb: &x s\n" + aliases, "t"))
        .hasSize(1);
    assertThatThrownBy(
            () ->
                ParseLimits.DEFAULT.composeAll(
                    LoadSettings.builder(), "a: &x [s]\n" + aliases, "t"))
        .isInstanceOfSatisfying(
            ManifestException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.TOO_MANY_ALIASES);
              assertThat(e.line()).isEqualTo(22);
            });
  }

  @Test
  void budgetCountsDepthAndNodes() {
    ParseLimits.Budget budget = new ParseLimits(10, 1, 1, 4).budget("s");
    budget.enter(1);
    budget.exit();
    budget.enter(2);
    // One level given back: the second collection is at depth 1, the limit of 1 holds.
    assertThatThrownBy(() -> budget.enter(3))
        .isInstanceOfSatisfying(
            ManifestException.class, e -> assertThat(e.problem()).isEqualTo(Problem.TOO_DEEP))
        .hasMessageStartingWith("s:3: is nested more than 1 levels deep");
    budget.node(5);
    assertThatThrownBy(() -> budget.node(7))
        .isInstanceOfSatisfying(
            ManifestException.class, e -> assertThat(e.problem()).isEqualTo(Problem.TOO_MANY_NODES))
        .hasMessageStartingWith("s:7: holds more than 4 values");
  }

  @Test
  void sizeIsCheckedOnTextAndOnFiles() throws Exception {
    ParseLimits limits = new ParseLimits(8, 1, 2, 3);
    limits.checkSize("s", 8);
    assertThatThrownBy(() -> limits.checkSize("s", 9))
        .isInstanceOfSatisfying(
            ManifestException.class, e -> assertThat(e.problem()).isEqualTo(Problem.TOO_LARGE))
        .hasMessage(
            "s: is larger than 8 bytes (the input size limit); Secret manifests, values, profiles"
                + " and SOPS files are small: give the right file");
    assertThatThrownBy(() -> limits.composeAll(LoadSettings.builder(), "123456789", "s"))
        .hasMessageContaining("(the input size limit)");
    Path eight = Files.write(dir.resolve("eight"), "12345678".getBytes(StandardCharsets.UTF_8));
    assertThat(limits.readString(eight)).isEqualTo("12345678");
    Path nine = Files.write(dir.resolve("nine"), "123456789".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> limits.read(nine))
        .hasMessageContaining("nine: is larger than 8 bytes");
    assertThat(ParseLimits.DEFAULT.exceeded(ParseLimits.Limit.SIZE, "s", 0))
        .hasMessageContaining("is larger than 1 MiB");
  }

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    assertThat(ParseLimits.DEFAULT).isEqualTo(new ParseLimits(1024 * 1024, 20, 64, 50_000));
    assertThat(ParseLimits.DEFAULT.exceeded(ParseLimits.Limit.ALIASES, "s", 3))
        .hasMessageStartingWith("s:3: uses more than 20 aliases to collections (the alias limit)");
  }
}
