package dev.sessionkeys.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Reading previous-key decodes from a Prometheus text exposition. */
class KeyUsageTest {

  @Test
  void sumsEverySampleOfThePreviousSlot() {
    String exposition =
        """
        # HELP sessionkeys_key_decodes_total Decodes per key slot.
        # TYPE sessionkeys_key_decodes_total counter
        sessionkeys_key_decodes_total{slot="primary",codec="cookie"} 120
        sessionkeys_key_decodes_total{codec="cookie",slot="previous"} 3
        sessionkeys_key_decodes_total{slot="previous",codec="session",note="a,b}c"} 4.5 1700000000
        sessionkeys_key_decodes_total_other{slot="previous"} 1000
        sessionkeys_key_decodes_total{slot="next"} 7
        """;
    assertThat(KeyUsage.previousDecodes(exposition)).isEqualTo(7.5);
  }

  @Test
  void noSampleIsMinusOneAndBrokenSamplesAreSkipped() {
    assertThat(KeyUsage.previousDecodes("")).isEqualTo(-1);
    assertThat(KeyUsage.previousDecodes("sessionkeys_key_decodes_total 5\n")).isEqualTo(-1);
    assertThat(
            KeyUsage.previousDecodes(
                "sessionkeys_key_decodes_total{slot=\"previous\"} NaNx\n"
                    + "sessionkeys_key_decodes_total{slot=\"previous\" 4\n"
                    + "sessionkeys_key_decodes_total{slot=\"previous\"} 2\n"))
        .isEqualTo(2);
    assertThat(KeyUsage.previousDecodes("sessionkeys_key_decodes_total{slot=\"previousX\"} 2"))
        .isEqualTo(-1);
  }

  @Test
  void onlyHttpUrlsAreRead() {
    assertThatThrownBy(() -> KeyUsage.scrape(URI.create("file:///etc/passwd")))
        .isInstanceOfSatisfying(
            CliException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE_OR_INPUT);
              assertThat(e.getMessage()).contains("http://");
            });
    assertThatThrownBy(() -> KeyUsage.scrape(URI.create("http://127.0.0.1:1/metrics")))
        .isInstanceOfSatisfying(
            CliException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.CLUSTER_OR_IO);
              assertThat(e.getMessage()).contains("cannot read key usage from");
            });
  }

  @Test
  void messagesNeverShowCredentialsFromTheUrl() {
    assertThat(KeyUsage.shown(URI.create("https://user:s3cret@metrics.example:9090/m?token=abc")))
        .isEqualTo("https://metrics.example:9090/m");
    assertThat(KeyUsage.shown(URI.create("http://127.0.0.1/metrics")))
        .isEqualTo("http://127.0.0.1/metrics");
    assertThatThrownBy(
            () -> KeyUsage.scrape(URI.create("http://user:s3cret@127.0.0.1:1/metrics?token=abc")))
        .isInstanceOfSatisfying(
            CliException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("cannot read key usage from http://127.0.0.1:1/metrics")
                    .doesNotContain("s3cret")
                    .doesNotContain("token=abc"));
  }
}
