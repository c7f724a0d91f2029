package dev.sessionkeys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void everyCommandHasHelpWithExitCodes() {
    for (Commands.Entry entry : Commands.all()) {
      if (entry.name().equals("help")) {
        continue;
      }
      Cli.Result result = Cli.run(entry.name(), "--help");
      assertThat(result.code()).as(entry.name()).isZero();
      assertThat(result.out()).as(entry.name()).contains("Usage: sessionkeys " + entry.name());
    }
    for (String name : new String[] {"init", "generate", "check"}) {
      assertThat(Cli.run(name, "--help").out())
          .as(name)
          .contains("Exit codes:")
          .contains("Example");
    }
  }

  @Test
  void topLevelHelpListsCommandsAndExitCodes() {
    Cli.Result result = Cli.run("--help");
    assertThat(result.code()).isZero();
    assertThat(result.out())
        .contains("init")
        .contains("generate")
        .contains("check")
        .contains("Exit codes:")
        .contains("2   usage or input error");
    assertThat(Cli.run("help", "check").out()).contains("Usage: sessionkeys check");
    assertThat(Cli.run().out()).contains("Usage: sessionkeys");
  }

  @Test
  void versionIsPrinted() {
    Cli.Result result = Cli.run("--version");
    assertThat(result.code()).isZero();
    assertThat(result.out()).startsWith("sessionkeys ");
  }

  @Test
  void unknownCommandsAndOptionsAreUsageErrors() {
    Cli.Result unknown = Cli.run("frobnicate");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("sessionkeys: ").contains("frobnicate");
    assertThat(Cli.run("check", "--nope").code()).isEqualTo(2);
  }

  @Test
  void completionScriptCoversEveryCommand() {
    Cli.Result result = Cli.run("completion");
    assertThat(result.code()).isZero();
    assertThat(result.out())
        .contains("complete -F")
        .contains("init")
        .contains("generate")
        .contains("check");
  }

  @Test
  void exitCodesAreTheDocumentedOnes() {
    assertThat(ExitCode.OK).isZero();
    assertThat(ExitCode.FINDINGS_OR_REFUSED).isEqualTo(1);
    assertThat(ExitCode.USAGE_OR_INPUT).isEqualTo(2);
    assertThat(ExitCode.CLUSTER_OR_IO).isEqualTo(3);
  }
}
