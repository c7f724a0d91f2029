package dev.sessionkeys.cli;

import dev.sessionkeys.core.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Every duration option takes the one grammar of {@link Durations} ({@code 90s}, {@code 1h30m},
 * {@code 7d}); a bad or out-of-range value is a usage error (exit 2) on picocli's "Invalid value
 * for option" line.
 */
final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(null, value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
