package dev.sessionkeys.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sessionkeys completion bash|zsh|fish}: prints a completion script for every command, for
 * the name {@code sessionkeys} (the launcher's, and the installed command's).
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a shell completion script for sessionkeys: bash (the default), zsh or fish.",
      "",
      "Examples:",
      "  source <(sessionkeys completion bash)       # in ~/.bashrc",
      "  source <(sessionkeys completion zsh)        # in ~/.zshrc",
      "  sessionkeys completion fish > ~/.config/fish/completions/sessionkeys.fish"
    })
final class CompletionCommand implements Runnable {

  /** The shells there is a script for. */
  enum Shell {
    bash,
    zsh,
    fish
  }

  static final String NAME = "sessionkeys";

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SHELL",
      defaultValue = "bash",
      description = "bash, zsh or fish. Default: bash.")
  Shell shell;

  @Override
  public void run() {
    // Main builds every subcommand's model when this command runs, so the script covers them all.
    CommandLine root = spec.parent().commandLine();
    String script =
        switch (shell) {
          // picocli's script runs in zsh too, through bashcompinit, which it loads itself.
          case bash, zsh -> AutoComplete.bash(NAME, root);
          case fish -> fish(root);
        };
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
  }

  /** A fish script: the subcommands, then each one's options (and nested subcommands). */
  static String fish(CommandLine root) {
    StringBuilder out = new StringBuilder();
    out.append("# fish completion for ").append(NAME).append(", from `").append(NAME);
    out.append(" completion fish`\n");
    out.append("complete -c ").append(NAME).append(" -e\n");
    root.getSubcommands()
        .forEach((name, command) -> command(out, "__fish_use_subcommand", name, command));
    for (Map.Entry<String, CommandLine> entry : root.getSubcommands().entrySet()) {
      String when = "'__fish_seen_subcommand_from " + entry.getKey() + "'";
      entry.getValue().getSubcommands().forEach((name, nested) -> command(out, when, name, nested));
      for (OptionSpec option : options(entry.getValue())) {
        out.append("complete -c ").append(NAME).append(" -n ").append(when);
        for (String name : option.names()) {
          out.append(
              name.startsWith("--") ? " -l " + name.substring(2) : " -s " + name.substring(1));
        }
        if (option.arity().max() > 0) {
          out.append(" -r");
        }
        String[] description = option.description();
        if (description.length > 0) {
          out.append(" -d ").append(quote(description[0]));
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  /** The line that offers a (sub)command's name where {@code condition} holds. */
  private static void command(
      StringBuilder out, String condition, String name, CommandLine command) {
    out.append("complete -c ").append(NAME).append(" -f -n ").append(condition).append(" -a ");
    String[] description = command.getCommandSpec().usageMessage().description();
    out.append(name).append(" -d ").append(quote(description.length == 0 ? "" : description[0]));
    out.append('\n');
  }

  /** A command's options and those of its subcommands, each once. */
  private static List<OptionSpec> options(CommandLine command) {
    List<OptionSpec> options = new ArrayList<>(command.getCommandSpec().options());
    for (CommandLine nested : command.getSubcommands().values()) {
      for (OptionSpec option : nested.getCommandSpec().options()) {
        if (command.getCommandSpec().findOption(option.longestName()) == null
            && !options.contains(option)) {
          options.add(option);
        }
      }
    }
    return options;
  }

  /** A fish single-quoted word: only {@code '} and {@code \} need escaping. */
  static String quote(String text) {
    String cut = text.length() > 80 ? text.substring(0, 77) + "..." : text;
    return "'" + cut.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
