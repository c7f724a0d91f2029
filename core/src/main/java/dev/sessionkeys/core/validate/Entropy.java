package dev.sessionkeys.core.validate;

import dev.sessionkeys.core.KeySpec;
import java.util.Optional;

/**
 * Spots values a person made up rather than a random generator. Each rule is tuned so that a
 * uniformly random value of the profile's length almost never trips it (see the comments), while
 * typed, patterned or repeated values do.
 */
final class Entropy {

  /**
   * The chance a rule may have of firing on a uniformly random value at one position (or for one
   * whole value). Runs and sequences are as long as they must be for this: over 62 characters a run
   * of 6 (62^-5, about 1e-9); over 16 (hex) a run of 9 (16^-8, about 2e-10). A 64-character value
   * has some 60 positions and two sequence directions, so a random value trips a rule with
   * probability of the order of 1e-7.
   */
  static final double RANDOM_CHANCE = 2e-9;

  /**
   * A run of identical characters (or of consecutive ones, like abcdef) of this length or more is
   * hand-made.
   */
  static int longestRandomRun(int alphabetSize) {
    // A given run of L identical characters has probability size^-(L-1).
    return 1 + (int) Math.ceil(Math.log(1 / RANDOM_CHANCE) / Math.log(alphabetSize));
  }

  private Entropy() {}

  /**
   * Why the value looks hand-made, or empty when it looks random. Checks only values of the right
   * length.
   */
  static Optional<String> weakness(KeySpec spec, String value) {
    int length = value.length();
    if (length == 0) {
      return Optional.empty();
    }
    int alphabetSize = spec.alphabet().size();
    // Distinct characters: a random 32-character value over 62 holds about 25 (standard deviation
    // about 2), a 64-character one about 40. A quarter of the possible count is many standard
    // deviations out.
    int possibleDistinct = Math.min(length, alphabetSize);
    int distinct = distinctCharacters(value);
    if (distinct < Math.max(2, possibleDistinct / 4)) {
      return Optional.of("only " + distinct + " distinct characters in " + length);
    }
    // One character class only (all digits, all lower case, all upper case), where a random value
    // of this length would almost never be: for 32 characters over 62, all lower case has
    // probability (26/62)^32, about 1e-12. The rule is skipped when the alphabet is mostly that
    // class (hex is 10/16 digits) or the value too short for the odds.
    String characters = spec.alphabet().characters();
    if (classOnly(value, characters, '0', '9')) {
      return Optional.of("all digits");
    }
    if (classOnly(value, characters, 'a', 'z')) {
      return Optional.of("all lower-case letters");
    }
    if (classOnly(value, characters, 'A', 'Z')) {
      return Optional.of("all upper-case letters");
    }
    int longest = longestRandomRun(alphabetSize);
    int run = 1;
    int ascending = 1;
    int descending = 1;
    for (int i = 1; i < length; i++) {
      char previous = value.charAt(i - 1);
      char current = value.charAt(i);
      run = current == previous ? run + 1 : 1;
      ascending = current == previous + 1 ? ascending + 1 : 1;
      descending = current == previous - 1 ? descending + 1 : 1;
      if (run >= longest) {
        return Optional.of("a run of " + run + " identical characters");
      }
      if (ascending >= longest || descending >= longest) {
        return Optional.of(
            "a run of "
                + Math.max(ascending, descending)
                + " consecutive characters (like abcdef)");
      }
    }
    // A repeated block ("abc123abc123..."): a random value repeats itself with negligible
    // probability.
    for (int period = 1; period <= length / 2; period++) {
      if (repeatsWithPeriod(value, period)) {
        return Optional.of("a block of " + period + " characters repeated");
      }
    }
    return Optional.empty();
  }

  // Loops rather than streams or lambdas here and below: `check` runs this once per key,
  // interpreted, where a stream pipeline's set-up and each lambda's call-site linkage cost more
  // than the work (measured: milliseconds of a 70 ms run).
  private static boolean classOnly(String value, String alphabet, char first, char last) {
    int members = count(alphabet, first, last);
    if (members == 0 || members == alphabet.length()) {
      return false;
    }
    double chance = Math.pow((double) members / alphabet.length(), value.length());
    return chance < RANDOM_CHANCE && count(value, first, last) == value.length();
  }

  /** How many characters of {@code text} lie in {@code [first, last]}. */
  private static int count(String text, char first, char last) {
    int count = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= first && c <= last) {
        count++;
      }
    }
    return count;
  }

  /**
   * How many different chars (UTF-16 units) the value holds: sorted, then counted where they
   * change.
   */
  private static int distinctCharacters(String value) {
    char[] sorted = value.toCharArray();
    java.util.Arrays.sort(sorted);
    int distinct = 1;
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] != sorted[i - 1]) {
        distinct++;
      }
    }
    return distinct;
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
