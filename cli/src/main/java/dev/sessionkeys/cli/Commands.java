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
        // Cluster commands as lambdas, not constructor references: a reference is resolved (and its class loaded and
        // verified, pulling in the Kubernetes client's types) when this list is built; a lambda only when it runs.
        new Entry("apply", () -> new ApplyCommand()),
        new Entry("adopt", () -> new AdoptCommand()),
        new Entry("rotate", () -> new RotateCommand()),
        new Entry("audit", () -> new AuditCommand()),
        new Entry("cookie", CookieCommand::new),
        new Entry("session", SessionCommand::new),
        new Entry("completion", CompletionCommand::new),
        new Entry("help", picocli.CommandLine.HelpCommand::new)
    );
  }
}
