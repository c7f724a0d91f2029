package dev.sessionkeys.core;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * The one duration grammar of sessionkeys, the one Kubernetes users know from kubectl and Go
 * ({@code time.ParseDuration}): a sequence of decimal numbers, each with a unit, such as {@code
 * 90s}, {@code 1h30m}, {@code 2h45m30s} or {@code 1.5h}. Units: {@code ns}, {@code us} (or {@code
 * µs}), {@code ms}, {@code s}, {@code m}, {@code h}, and {@code d} (24 hours, which Go lacks but
 * key rotation periods need). A lone {@code 0} is zero, as in Go. No sign: a negative period means
 * nothing here.
 *
 * <p>A hand-written scanner rather than a regular expression: the text may come from a file anyone
 * can commit (a SessionKeySet), and this runs in time linear in its length.
 */
public final class Durations {

  /** Longer than any period a key set needs, and far below {@link Duration}'s own limit. */
  public static final Duration MAX = Duration.ofDays(100L * 365);

  private static final int MAX_LENGTH = 64;

  private Durations() {}

  /**
   * Parses {@code text}.
   *
   * @param what names the value in the message, such as {@code --grace} or {@code
   *     spec.rotation.grace}; null when the caller names it itself
   * @throws IllegalArgumentException with a one-line message saying what was wrong and how to write
   *     it
   */
  public static Duration parse(String what, String text) {
    String s = text == null ? "" : text.strip();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty() || s.length() > MAX_LENGTH) {
      throw notADuration(what, text);
    }
    BigDecimal nanos = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(start, i);
      int unitStart = i;
      while (i < s.length() && !isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      long unit = unitNanos(s.substring(unitStart, i));
      if (!isNumber(number) || unit == 0) {
        throw notADuration(what, text);
      }
      nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
    }
    if (nanos.compareTo(BigDecimal.valueOf(MAX.toSeconds()).movePointRight(9)) > 0) {
      throw new IllegalArgumentException(
          "%s'%s' is out of range: at most %s (100 years)"
              .formatted(prefix(what), shown(text), format(MAX)));
    }
    return toDuration(nanos);
  }

  /**
   * {@code duration} in the same grammar, shortest form, whole seconds and up: {@code 1h30m},
   * {@code 90s} as {@code 1m30s}, {@code 48h} as {@code 2d}; zero is {@code 0s}.
   */
  public static String format(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds <= 0) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    append(out, seconds / 86_400, "d");
    append(out, seconds % 86_400 / 3_600, "h");
    append(out, seconds % 3_600 / 60, "m");
    append(out, seconds % 60, "s");
    return out.toString();
  }

  private static void append(StringBuilder out, long amount, String unit) {
    if (amount > 0) {
      out.append(amount).append(unit);
    }
  }

  private static Duration toDuration(BigDecimal nanos) {
    BigDecimal[] parts = nanos.divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
    return Duration.ofSeconds(parts[0].longValueExact(), parts[1].longValue());
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Digits with at most one '.', and a digit on at least one side of it. */
  private static boolean isNumber(String number) {
    int dot = number.indexOf('.');
    if (dot != number.lastIndexOf('.')) {
      return false;
    }
    return dot < 0 ? !number.isEmpty() : number.length() > 1;
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "µs", "μs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      case "d" -> 86_400_000_000_000L;
      default -> 0L;
    };
  }

  private static String prefix(String what) {
    return what == null ? "" : what + " ";
  }

  /** The text as the message shows it: stripped, and cut short when long. */
  private static String shown(String text) {
    String s = text == null ? "" : text.strip();
    return s.length() > MAX_LENGTH ? s.substring(0, MAX_LENGTH) + "..." : s;
  }

  private static IllegalArgumentException notADuration(String what, String text) {
    return new IllegalArgumentException(
        ("%s'%s' is not a duration: write it as a number and a unit, such as 90s, 45m, 1h30m,"
                + " 2h45m30s or 7d")
            .formatted(prefix(what), shown(text)));
  }
}
