package dev.sessionkeys.cli;

import java.util.List;
import java.util.function.Supplier;

/**
 * Every subcommand, by name. A command's class is loaded only when that command runs, so that file
 * commands never load the Kubernetes client and start-up stays short. To add a command: write a
 * picocli {@code @Command} class returning an exit code from {@code call()}, and add one line here.
 *
 * <p>Write each factory as a lambda ({@code () -> new XCommand()}), not a constructor reference
 * ({@code XCommand::new}): a constructor reference is resolved when this list is built, which loads
 * and verifies every command's class (and what its code refers to) at every start. A lambda's body
 * runs, and loads its class, only for the invoked command. {@code FileCommandsClassLoadingTest}
 * checks this.
 */
final class Commands {

  /** A subcommand name and how to make it. */
  record Entry(String name, Supplier<Object> factory) {}

  private Commands() {}

  /** The entry of {@code name}, or null when no command has that name. */
  static Entry find(String name) {
    for (Entry entry : all()) {
      if (entry.name().equals(name)) {
        return entry;
      }
    }
    return null;
  }

  static List<Entry> all() {
    return List.of(
        // one line per command, in the order --help lists them; lambdas (see above)
        new Entry("init", () -> new InitCommand()),
        new Entry("generate", () -> new GenerateCommand()),
        new Entry("check", () -> new CheckCommand()),
        new Entry("encrypt", () -> new EncryptCommand()),
        new Entry("decrypt", () -> new DecryptCommand()),
        new Entry("age-keygen", () -> new AgeKeygenCommand()),
        new Entry("apply", () -> new ApplyCommand()),
        new Entry("adopt", () -> new AdoptCommand()),
        new Entry("rotate", () -> new RotateCommand()),
        new Entry("audit", () -> new AuditCommand()),
        new Entry("cookie", () -> new CookieCommand()),
        new Entry("session", () -> new SessionCommand()),
        new Entry("demo", () -> new DemoCommand()),
        new Entry("operator", () -> new OperatorCommand()),
        new Entry("completion", () -> new CompletionCommand()),
        new Entry("help", () -> new picocli.CommandLine.HelpCommand()));
  }
}
