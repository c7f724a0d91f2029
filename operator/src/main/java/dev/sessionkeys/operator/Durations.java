package dev.sessionkeys.operator;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations as Kubernetes users write them: {@code 30d}, {@code 720h}, {@code 1h30m}, {@code
 * 90s}.
 */
final class Durations {

  private static final Pattern WHOLE = Pattern.compile("([0-9]+[dhms])+");
  private static final Pattern PART = Pattern.compile("([0-9]+)([dhms])");

  private Durations() {}

  /**
   * Parses {@code text}; the message of the exception says what was wrong, for the resource's
   * status.
   */
  static Duration parse(String field, String text) {
    String trimmed = text == null ? "" : text.trim();
    if (!WHOLE.matcher(trimmed).matches()) {
      throw new IllegalArgumentException(
          field + " '" + text + "' is not a duration: write it like 30d, 720h, 1h30m or 90s");
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(trimmed);
    try {
      while (part.find()) {
        long amount = Long.parseLong(part.group(1));
        total =
            total.plus(
                switch (part.group(2)) {
                  case "d" -> Duration.ofDays(amount);
                  case "h" -> Duration.ofHours(amount);
                  case "m" -> Duration.ofMinutes(amount);
                  default -> Duration.ofSeconds(amount);
                });
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(field + " '" + text + "' is too long a duration");
    }
    return total;
  }
}
