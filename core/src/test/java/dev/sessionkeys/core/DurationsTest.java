package dev.sessionkeys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "90s, PT1M30S",
    "1h30m, PT1H30M",
    "2h45m30s, PT2H45M30S",
    "1.5h, PT1H30M",
    ".5m, PT30S",
    "7d, PT168H",
    "0, PT0S",
    "0s, PT0S",
    "1500ms, PT1.5S",
    "2us, PT0.000002S",
    "2µs, PT0.000002S",
    "3ns, PT0.000000003S",
    "' 24h ', PT24H",
    "1h1h, PT2H"
  })
  void parsesGoStyleDurations(String text, String expected) {
    assertThat(Durations.parse("--grace", text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "soon", "1", "h", "1x", "1.2.3h", ".h", "-1h", "1h-", "P1D", "1 h", "01"})
  void refusesWhatIsNotADuration(String text) {
    assertThatThrownBy(() -> Durations.parse("--grace", text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--grace '"
                + text.strip()
                + "' is not a duration: write it as a number and a unit, such as 90s, 45m, 1h30m,"
                + " 2h45m30s or 7d");
  }

  @Test
  void withoutANameTheMessageStartsWithTheText() {
    assertThatThrownBy(() -> Durations.parse(null, "soon")).hasMessageStartingWith("'soon' is not");
    assertThatThrownBy(() -> Durations.parse(null, "999999d"))
        .hasMessageStartingWith("'999999d' is out of range");
  }

  @Test
  void refusesNull() {
    assertThatThrownBy(() -> Durations.parse("x", null)).hasMessageStartingWith("x '' is not");
  }

  @Test
  void outOfRangeIsRefusedWithTheLimit() {
    assertThat(Durations.parse("g", "36500d")).isEqualTo(Durations.MAX);
    assertThatThrownBy(() -> Durations.parse("g", "36500d1ns"))
        .hasMessage("g '36500d1ns' is out of range: at most 36500d (100 years)");
    assertThatThrownBy(() -> Durations.parse("g", "99999999999999999999h"))
        .hasMessageContaining("out of range");
  }

  @Test
  void longTextIsRefusedAndCutShortInTheMessage() {
    String text = "1".repeat(64) + "s";
    assertThatThrownBy(() -> Durations.parse("g", text))
        .hasMessage(
            "g '"
                + "1".repeat(64)
                + "...' is not a duration: write it as a number and a"
                + " unit, such as 90s, 45m, 1h30m, 2h45m30s or 7d");
    assertThat(Durations.parse("g", "1".repeat(9) + "ns")).isEqualTo(Duration.ofNanos(111111111));
    // 64 characters is still read (and here too large), shown whole.
    String longest = "1".repeat(63) + "s";
    assertThatThrownBy(() -> Durations.parse("g", longest))
        .hasMessage("g '" + longest + "' is out of range: at most 36500d (100 years)");
  }

  @ParameterizedTest
  @CsvSource({
    "PT0S, 0s",
    "PT-1S, 0s",
    "PT1M30S, 1m30s",
    "PT48H, 2d",
    "PT25H1S, 1d1h1s",
    "PT1H30M, 1h30m",
    "PT0.5S, 0s"
  })
  void formatsInTheSameGrammar(String duration, String expected) {
    assertThat(Durations.format(Duration.parse(duration))).isEqualTo(expected);
  }

  @Test
  void formatThenParseIsTheIdentityOnWholeSeconds() {
    for (long seconds : new long[] {1, 59, 60, 61, 3599, 3600, 86399, 86400, 90061, 1_000_000}) {
      Duration d = Duration.ofSeconds(seconds);
      assertThat(Durations.parse("x", Durations.format(d))).isEqualTo(d);
    }
  }
}
