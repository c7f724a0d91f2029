package dev.sessionkeys.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sessionkeys completion}: prints a bash/zsh completion script for every command. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a bash/zsh completion script.",
      "",
      "Example:",
      "  source <(sessionkeys completion)"
    })
final class CompletionCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    // Main builds every subcommand's model when this command runs, so the script covers them all.
    String script = AutoComplete.bash("sessionkeys", spec.parent().commandLine());
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
  }
}
