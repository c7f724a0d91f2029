package dev.sessionkeys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperatorCommandTest {

  @Test
  void helpDescribesTheEnvironmentAndExitCodes() {
    Cli.Result result = Cli.run("operator", "--help");
    assertThat(result.code()).isZero();
    assertThat(result.out())
        .contains(
            "SESSIONKEYS_WATCH_NAMESPACES", "--watch-namespace", "--leader-elect", "Exit codes");
  }

  @Test
  void anInvalidNamespaceIsAUsageError() {
    Cli.Result result = Cli.run("operator", "--watch-namespace", "Not_A_Namespace");
    assertThat(result.code()).isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertThat(result.err())
        .contains("--watch-namespace 'Not_A_Namespace' is not a valid namespace name");
  }

  @Test
  void aPortOutOfRangeIsAUsageError() {
    Cli.Result result = Cli.run("operator", "--http-port", "70000");
    assertThat(result.code()).isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertThat(result.err()).contains("--http-port 70000");
  }

  @Test
  void aMetricsAddressWithoutAPortIsAUsageError() {
    Cli.Result result = Cli.run("operator", "--metrics-bind-address", "127.0.0.1");
    assertThat(result.code()).isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertThat(result.err())
        .contains("--metrics-bind-address '127.0.0.1' is not HOST:PORT (e.g. 127.0.0.1:9090)");
  }

  @Test
  void anUnparsableFlagValueIsAUsageError() {
    Cli.Result result = Cli.run("operator", "--leader-elect", "maybe");
    assertThat(result.code()).isEqualTo(ExitCode.USAGE_OR_INPUT);
  }
}
