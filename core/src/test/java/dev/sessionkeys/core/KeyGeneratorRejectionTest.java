package dev.sessionkeys.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The rejection step that keeps generated characters unbiased, at its exact boundary. */
class KeyGeneratorRejectionTest {

  private static KeySpec spec(int length) {
    return new KeySpec("K", length, Alphabet.ALPHANUMERIC, "g", "test", RotationClass.GRACE_PERIOD);
  }

  @Test
  void theFirstByteAtTheLimitIsRejectedAndTheOneBelowIsKept() {
    // 62 characters: 256 - 256 % 62 = 248, so 248 must be skipped and 247 (247 % 62 = 61, '9')
    // kept.
    SecretValue rejected =
        KeyGenerator.using(
                into -> {
                  Arrays.fill(into, (byte) 1);
                  into[0] = (byte) 248;
                })
            .generate(spec(16));
    assertThat(rejected.reveal()).isEqualTo("B".repeat(16));

    SecretValue kept =
        KeyGenerator.using(
                into -> {
                  Arrays.fill(into, (byte) 1);
                  into[0] = (byte) 247;
                })
            .generate(spec(16));
    assertThat(kept.reveal()).isEqualTo("9" + "B".repeat(15));
    assertThat(kept.fingerprint()).isEqualTo(Fingerprint.of(kept.reveal())).hasSize(16);
  }

  @Test
  void aSourceThatOnlyGivesRejectedBytesAtFirstIsDrawnFromAgain() {
    int[] calls = {0};
    SecretValue value =
        KeyGenerator.using(
                into -> {
                  Arrays.fill(into, calls[0]++ == 0 ? (byte) 255 : (byte) 2);
                })
            .generate(spec(32));
    assertThat(value.reveal()).isEqualTo("C".repeat(32));
    assertThat(calls[0]).isEqualTo(2);
  }
}
