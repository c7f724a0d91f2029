package dev.sessionkeys.core.validate;

import dev.sessionkeys.core.KeySpec;
import java.util.Optional;

/**
 * Spots values a person made up rather than a random generator. Each rule is tuned so that a uniformly random value of
 * the profile's length almost never trips it (see the comments), while typed, patterned or repeated values do.
 */
final class Entropy {

  /**
   * A run of this many identical characters. For 62 characters, a given run of 6 has probability 62^-5 (about 1e-9);
   * over a 64-character value, about 6e-8.
   */
  static final int LONGEST_RUN = 6;

  /** A run of this many consecutive ascending or descending characters (abcdef, 987654): same odds as above. */
  static final int LONGEST_SEQUENCE = 6;

  private Entropy() {}

  /** Why the value looks hand-made, or empty when it looks random. Checks only values of the right length. */
  static Optional<String> weakness(KeySpec spec, String value) {
    int length = value.length();
    if (length == 0) {
      return Optional.empty();
    }
    int alphabetSize = spec.alphabet().size();
    // Distinct characters: a random 32-character value over 62 holds about 25 (standard deviation about 2), a
    // 64-character one about 40. A quarter of the possible count is many standard deviations out.
    int possibleDistinct = Math.min(length, alphabetSize);
    int distinct = (int) value.chars().distinct().count();
    if (distinct < Math.max(2, possibleDistinct / 4)) {
      return Optional.of("only " + distinct + " distinct characters in " + length);
    }
    // One character class only (all digits, all lower case, all upper case): for 32 characters over 62, the likeliest
    // of these (all lower or all upper, 26/62 each) has probability about 1e-12.
    if (spec.alphabet().size() > 10 && length >= 16) {
      if (value.chars().allMatch(Character::isDigit)) {
        return Optional.of("all digits");
      }
      if (value.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
        return Optional.of("all lower-case letters");
      }
      if (value.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
        return Optional.of("all upper-case letters");
      }
    }
    int run = 1;
    int ascending = 1;
    int descending = 1;
    for (int i = 1; i < length; i++) {
      char previous = value.charAt(i - 1);
      char current = value.charAt(i);
      run = current == previous ? run + 1 : 1;
      ascending = current == previous + 1 ? ascending + 1 : 1;
      descending = current == previous - 1 ? descending + 1 : 1;
      if (run >= LONGEST_RUN) {
        return Optional.of("a run of " + run + " identical characters");
      }
      if (ascending >= LONGEST_SEQUENCE || descending >= LONGEST_SEQUENCE) {
        return Optional.of("a run of " + Math.max(ascending, descending) + " consecutive characters (like abcdef)");
      }
    }
    // A repeated block ("abc123abc123..."): a random value repeats itself with negligible probability.
    for (int period = 1; period <= length / 2; period++) {
      if (repeatsWithPeriod(value, period)) {
        return Optional.of("a block of " + period + " characters repeated");
      }
    }
    return Optional.empty();
  }

  private static boolean repeatsWithPeriod(String value, int period) {
    for (int i = period; i < value.length(); i++) {
      if (value.charAt(i) != value.charAt(i - period)) {
        return false;
      }
    }
    return true;
  }
}
