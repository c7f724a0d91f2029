package dev.sessionkeys.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Tells a uniform generator from a biased one with Pearson's chi-square test over the 62
 * characters.
 *
 * <p>Numbers: 200,000 characters, 61 degrees of freedom. A fair generator's statistic has mean 61
 * and standard deviation 11; it exceeds {@link #CRITICAL} = 160 with probability below 1e-10
 * (Wilson-Hilferty), so the SecureRandom case does not flake. The classic {@code byte % 62} bias (8
 * characters at 5/256, 54 at 4/256) gives an expected statistic of about 200,000 x 0.0066 = 1,300:
 * eight times the critical value, so the test has the power to catch it. The fixed-seed cases are
 * deterministic.
 */
class KeyGeneratorStatisticsTest {

  private static final int CHARACTERS = 200_000;
  private static final double CRITICAL = 160.0;

  private static final KeySpec SPEC =
      Profile.FAIRWINDS_INSIGHTS.keys().get(0); // 64 characters over [A-Za-z0-9]

  /** The mistake rejection sampling avoids: map every byte onto the alphabet with a modulo. */
  private static String moduloBiased(SplittableRandom random, int length) {
    String characters = Alphabet.ALPHANUMERIC.characters();
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    StringBuilder out = new StringBuilder(length);
    for (byte b : bytes) {
      out.append(characters.charAt((b & 0xff) % characters.length()));
    }
    return out.toString();
  }

  /** Pearson's statistic of the character counts against the uniform distribution. */
  static double chiSquare(String text) {
    String characters = Alphabet.ALPHANUMERIC.characters();
    long[] counts = new long[characters.length()];
    for (int i = 0; i < text.length(); i++) {
      int index = characters.indexOf(text.charAt(i));
      assertThat(index).as("character outside the alphabet").isNotNegative();
      counts[index]++;
    }
    double expected = (double) text.length() / characters.length();
    double statistic = 0;
    for (long count : counts) {
      statistic += (count - expected) * (count - expected) / expected;
    }
    return statistic;
  }

  private static String sample(KeyGenerator generator) {
    StringBuilder all = new StringBuilder(CHARACTERS);
    while (all.length() < CHARACTERS) {
      all.append(generator.generate(SPEC).reveal());
    }
    return all.substring(0, CHARACTERS);
  }

  @Test
  void theProductionGeneratorPassesOverSecureRandom() {
    assertThat(chiSquare(sample(KeyGenerator.secure()))).isLessThan(CRITICAL);
  }

  @Test
  void theGeneratorPassesOverAFixedSeed() {
    SplittableRandom random = new SplittableRandom(42);
    assertThat(chiSquare(sample(KeyGenerator.using(random::nextBytes)))).isLessThan(CRITICAL);
  }

  @Test
  void theSameTestCatchesModuloBias() {
    SplittableRandom random = new SplittableRandom(42);
    double statistic = chiSquare(moduloBiased(random, CHARACTERS));
    assertThat(statistic).isGreaterThan(4 * CRITICAL);
  }

  @Test
  void theSameTestCatchesAGeneratorThatUsesModuloOnSecureRandomBytes() {
    SecureRandom random = new SecureRandom();
    String characters = Alphabet.ALPHANUMERIC.characters();
    byte[] bytes = new byte[CHARACTERS];
    random.nextBytes(bytes);
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      out.append(characters.charAt((b & 0xff) % 62));
    }
    // Expected ~1,300, standard deviation ~50 under the bias: below 4 x 160 with negligible
    // probability.
    assertThat(chiSquare(out.toString())).isGreaterThan(4 * CRITICAL);
  }

  @Test
  void everyPositionOfAKeyIsUniformToo() {
    // A generator could be uniform overall yet favour characters at some position (say, never a
    // digit first).
    SplittableRandom random = new SplittableRandom(7);
    KeyGenerator generator = KeyGenerator.using(random::nextBytes);
    StringBuilder first = new StringBuilder();
    StringBuilder last = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      String value = generator.generate(SPEC).reveal();
      first.append(value.charAt(0));
      last.append(value.charAt(value.length() - 1));
    }
    assertThat(chiSquare(first.toString())).isLessThan(CRITICAL);
    assertThat(chiSquare(last.toString())).isLessThan(CRITICAL);
  }
}
