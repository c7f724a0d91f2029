package dev.sessionkeys.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkeys.core.Alphabet;
import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySpec;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.RotationClass;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EntropyTest {

  private static final KeySpec KEY_64 = Profile.FAIRWINDS_INSIGHTS.keys().get(0);
  private static final KeySpec KEY_32 = Profile.FAIRWINDS_INSIGHTS.keys().get(1);

  @Test
  void noFalsePositiveOverTwentyThousandGeneratedKeysOfEachLength() {
    // Fixed seed: deterministic. The rules' per-value false-positive rate is about 1e-7 (see
    // Entropy), so 40,000
    // random values should all pass; a rule tuned too tight shows up here.
    KeyGenerator generator = KeyGenerator.using(new SplittableRandom(2026)::nextBytes);
    List<String> flagged = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      for (KeySpec spec : List.of(KEY_64, KEY_32)) {
        String value = generator.generate(spec).reveal();
        Entropy.weakness(spec, value).ifPresent(flagged::add);
      }
    }
    assertThat(flagged).isEmpty();
  }

  @Test
  void noFalsePositiveOverHexKeysEither() {
    KeySpec hex =
        new KeySpec(
            "HEX_KEY",
            32,
            new Alphabet("hex", "0123456789abcdef"),
            "data",
            "test",
            RotationClass.REENCRYPT);
    KeyGenerator generator = KeyGenerator.using(new SplittableRandom(99)::nextBytes);
    for (int i = 0; i < 5_000; i++) {
      String value = generator.generate(hex).reveal();
      assertThat(Entropy.weakness(hex, value)).as("value %d", i).isEmpty();
    }
  }

  @Test
  void runsMustBeLongerOverSmallerAlphabets() {
    assertThat(Entropy.longestRandomRun(62)).isEqualTo(6);
    assertThat(Entropy.longestRandomRun(16)).isEqualTo(9);
    assertThat(Entropy.longestRandomRun(10)).isEqualTo(10);
  }

  @Test
  void eachRuleCatchesItsPattern() {
    assertThat(Entropy.weakness(KEY_32, "ab".repeat(16)))
        .hasValueSatisfying(w -> assertThat(w).contains("distinct"));
    assertThat(Entropy.weakness(KEY_32, "31415926535897932384626433832795"))
        .hasValueSatisfying(w -> assertThat(w).isEqualTo("all digits"));
    assertThat(Entropy.weakness(KEY_32, "thequickbrownfoxjumpsoverthelazy"))
        .hasValueSatisfying(w -> assertThat(w).isEqualTo("all lower-case letters"));
    assertThat(Entropy.weakness(KEY_32, "THEQUICKBROWNFOXJUMPSOVERTHELAZY"))
        .hasValueSatisfying(w -> assertThat(w).isEqualTo("all upper-case letters"));
    assertThat(Entropy.weakness(KEY_32, "Xy7Q2aaaaaa9Lm4Np8Rt6Vw3Bk5Hj1Gf"))
        .hasValueSatisfying(w -> assertThat(w).contains("identical"));
    assertThat(Entropy.weakness(KEY_32, "Xy7Q2abcdef9Lm4Np8Rt6Vw3Bk5Hj1Gf"))
        .hasValueSatisfying(w -> assertThat(w).contains("consecutive"));
    assertThat(Entropy.weakness(KEY_32, "Xy7Q2fedcba9Lm4Np8Rt6Vw3Bk5Hj1Gf"))
        .hasValueSatisfying(w -> assertThat(w).contains("consecutive"));
    assertThat(Entropy.weakness(KEY_32, "Xy7Q2Lm4Np8Rt6VwXy7Q2Lm4Np8Rt6Vw"))
        .hasValueSatisfying(w -> assertThat(w).contains("repeated"));
    // Five in a row is still plausible for a random value and is not flagged.
    assertThat(Entropy.weakness(KEY_32, "Xy7Q2aaaaa09Lm4Np8Rt6Vw3Bk5Hj1Gf")).isEmpty();
  }
}
