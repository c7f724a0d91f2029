package dev.sessionkeys.core;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class KeyGeneratorTest {

  @Test
  void generatesEveryKeyOfTheProfileWithItsLengthAndAlphabet() {
    KeySet keys = KeyGenerator.secure().generate(Profile.FAIRWINDS_INSIGHTS);
    assertThat(keys.values().keySet())
        .containsExactly(
            "COOKIE_HASH_KEY",
            "COOKIE_BLOCK_KEY",
            "SESSION_AUTH_KEY",
            "SESSION_ENCRYPTION_KEY",
            "AES_BASE64_CYPHER_KEY");
    for (KeySpec spec : Profile.FAIRWINDS_INSIGHTS.keys()) {
      String value = keys.get(spec.name()).orElseThrow().reveal();
      assertThat(value).hasSize(spec.length());
      assertThat(Alphabet.ALPHANUMERIC.containsAll(value)).isTrue();
    }
  }

  @Test
  void toStringShowsFingerprintsOnly() {
    KeySet keys = KeyGenerator.secure().generate(Profile.FAIRWINDS_INSIGHTS);
    String text = keys.toString();
    for (SecretValue value : keys.values().values()) {
      assertThat(text).doesNotContain(value.reveal()).contains(value.fingerprint());
    }
  }

  @Property(tries = 50)
  void bytesAtOrAboveTheRejectionLimitAreNeverUsed(
      @ForAll @IntRange(min = 248, max = 255) int rejected) {
    // A source that first yields only rejectable bytes, then byte 0: the output must be all 'A'
    // (index 0).
    int[] calls = {0};
    KeyGenerator generator =
        KeyGenerator.using(
            into -> {
              java.util.Arrays.fill(into, (byte) (calls[0]++ == 0 ? rejected : 0));
            });
    assertThat(generator.generate(Profile.FAIRWINDS_INSIGHTS.keys().get(1)).reveal())
        .isEqualTo("A".repeat(32));
  }
}
