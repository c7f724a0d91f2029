package dev.sessionkeys.cli;

import java.util.List;
import java.util.function.Supplier;

/**
 * Every subcommand, by name. A command's class is loaded only when that command runs, so that file commands never load
 * the Kubernetes client and start-up stays short. To add a command: write a picocli {@code @Command} class returning an
 * exit code from {@code call()}, and add one line here.
 */
final class Commands {

  /** A subcommand name and how to make it. */
  record Entry(String name, Supplier<Object> factory) {}

  private Commands() {}

  static List<Entry> all() {
    return List.of(
        // one line per command, in the order --help lists them
        new Entry("init", InitCommand::new),
        new Entry("generate", GenerateCommand::new),
        new Entry("check", CheckCommand::new),
        new Entry("cookie", CookieCommand::new),
        new Entry("session", SessionCommand::new),
        new Entry("demo", DemoCommand::new),
        new Entry("completion", CompletionCommand::new),
        new Entry("help", picocli.CommandLine.HelpCommand::new)
    );
  }
}
