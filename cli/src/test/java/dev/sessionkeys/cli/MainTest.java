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
  void mistypedCommandsAndFlagsGetADidYouMean() {
    Cli.Result command = Cli.run("chek", "secrets.yaml");
    assertThat(command.code()).isEqualTo(2);
    assertThat(command.err()).contains("Did you mean").contains("check");
    Cli.Result flag = Cli.run("check", "--stirct", "x.yaml");
    assertThat(flag.code()).isEqualTo(2);
    assertThat(flag.err()).contains("Did you mean").contains("--strict");
  }

  @Test
  void noMessageHasADoubledPrefix() {
    for (Cli.Result result :
        java.util.List.of(
            Cli.run("chek"),
            Cli.run("check", "--nope"),
            Cli.run("check", "/nonexistent/secrets.yaml"),
            Cli.run("rotate", "--keys", "cookie", "--grace", "soon"))) {
      assertThat(result.err()).startsWith("sessionkeys: ").doesNotContain("sessionkeys: Error");
      assertThat(result.err()).doesNotContain("sessionkeys: sessionkeys:");
    }
    assertThat(Failures.withoutPrefix("sessionkeys: Error: error: x")).isEqualTo("x");
  }

  @Test
  void helpWrapsToTheTerminalAndNeverMidWord() {
    for (String columns : new String[] {"60", "100", "140"}) {
      Cli.Result help = Cli.runWith(java.util.Map.of("COLUMNS", columns), "check", "--help");
      assertThat(help.code()).isZero();
      int width = Integer.parseInt(columns);
      for (String line : help.out().split("\n")) {
        assertThat(line.length()).as(line).isLessThanOrEqualTo(width);
      }
      // Every word of the description is whole on some line.
      assertThat(help.out().replaceAll("\\s+", " "))
          .contains("wrong lengths, bad characters or base64, published example keys");
    }
    assertThat(Main.helpWidth(null)).isEqualTo(80);
    assertThat(Main.helpWidth("abc")).isEqualTo(80);
    assertThat(Main.helpWidth("10")).isEqualTo(55);
    assertThat(Main.helpWidth("9999")).isEqualTo(160);
    assertThat(Main.helpWidth("1234567")).isEqualTo(80);
  }

  @Test
  void durationsTakeTheOneGrammarAndOutOfRangeIsAUsageError() {
    Cli.Result bad = Cli.run("cookie", "decode", "--name", "n", "--max-age", "30 days", "x");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("'30 days' is not a duration").contains("1h30m");
    Cli.Result huge = Cli.run("cookie", "decode", "--name", "n", "--max-age", "99999999h", "x");
    assertThat(huge.code()).isEqualTo(2);
    assertThat(huge.err()).contains("out of range");
    Cli.Result port = Cli.run("demo", "--port", "99999999999");
    assertThat(port.code()).isEqualTo(2);
    assertThat(port.err()).doesNotContain("internal error");
  }

  @Test
  void failuresThatEscapeACommandAreOneLineWithTheRightCode() {
    java.io.StringWriter err = new java.io.StringWriter();
    int code =
        Failures.report(
            new StackOverflowError(), "check deep.json", new java.io.PrintWriter(err), false);
    assertThat(code).isEqualTo(ExitCode.USAGE_OR_INPUT);
    assertThat(err.toString())
        .isEqualTo(
            "sessionkeys: check deep.json: the input is nested too deeply to read; check that it is"
                + " the right file"
                + System.lineSeparator());
    assertThat(Failures.classify(new OutOfMemoryError("Java heap space"), "check big.yaml"))
        .satisfies(
            o -> {
              assertThat(o.exitCode()).isEqualTo(ExitCode.CLUSTER_OR_IO);
              assertThat(o.message()).startsWith("check big.yaml: ran out of memory");
            });
    Failures.Outcome bug = Failures.classify(new IllegalStateException("x\ny"), "generate");
    assertThat(bug.exitCode()).isEqualTo(ExitCode.CLUSTER_OR_IO);
    assertThat(bug.internal()).isTrue();
    assertThat(bug.message())
        .isEqualTo(
            "generate: internal error (please report it): java.lang.IllegalStateException: x y");
    assertThat(
            Failures.classify(
                    new java.io.UncheckedIOException(new java.io.IOException("disk")), "init")
                .exitCode())
        .isEqualTo(ExitCode.CLUSTER_OR_IO);
    java.io.StringWriter debug = new java.io.StringWriter();
    Failures.report(
        new IllegalStateException("boom"), "generate", new java.io.PrintWriter(debug), true);
    assertThat(debug.toString()).contains("\tat dev.sessionkeys.cli.MainTest");
    java.io.StringWriter plain = new java.io.StringWriter();
    Failures.report(
        new IllegalStateException("boom"), "generate", new java.io.PrintWriter(plain), false);
    assertThat(plain.toString()).doesNotContain("\tat ").contains("--debug");
  }

  @Test
  void deeplyNestedInputEndsInOneLineNeverAStackTrace(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    // Deep enough to overflow an unbounded recursive reader; a bounded one refuses it. Either way:
    // one line, exit 2.
    String deep =
        "{\"sops\": {\"version\": \"3.9.4\"}, \"a\": "
            + "[".repeat(200_000)
            + "]".repeat(200_000)
            + "}";
    java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("deep.json"), deep);
    Cli.Result result = Cli.run("check", file.toString());
    assertThat(result.code()).as(result.all()).isEqualTo(2);
    assertThat(result.err()).startsWith("sessionkeys: ").doesNotContain("\tat ");
    assertThat(result.err().strip().lines()).hasSize(1);
    Cli.Result debug =
        Cli.runWith(java.util.Map.of("SESSIONKEYS_DEBUG", "1"), "check", file.toString());
    assertThat(debug.code()).isEqualTo(2);
  }

  @Test
  void completionForBashZshAndFish() {
    assertThat(Cli.run("completion", "bash").out()).contains("complete -F _complete_sessionkeys");
    assertThat(Cli.run("completion", "zsh").out()).contains("bashcompinit");
    Cli.Result fish = Cli.run("completion", "fish");
    assertThat(fish.code()).isZero();
    assertThat(fish.out())
        .contains("complete -c sessionkeys -f -n __fish_use_subcommand -a check -d 'Check Secret")
        .contains("complete -c sessionkeys -n '__fish_seen_subcommand_from check' -l strict")
        .contains("-s o -l output -r")
        .contains("-n '__fish_seen_subcommand_from cookie' -a decode");
    assertThat(Cli.run("completion", "tcsh").code()).isEqualTo(2);
    assertThat(CompletionCommand.quote("it's a \\ b")).isEqualTo("'it\\'s a \\\\ b'");
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
