package dev.sessionkeys.sops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The YAML store on fixed inputs: exact text out, exact tree in, exact refusals. */
class YamlStoreTest {

  private static Object read(String text) {
    return SopsNode.toJava(YamlStore.read(text, "t.yaml"));
  }

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
}
