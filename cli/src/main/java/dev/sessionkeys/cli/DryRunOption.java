package dev.sessionkeys.cli;

import picocli.CommandLine.Option;

/**
 * kubectl's {@code --dry-run[=none|client|server]}, for the commands that change a cluster or
 * files.
 */
final class DryRunOption {

  @Option(
      names = "--dry-run",
      arity = "0..1",
      paramLabel = "none|client|server",
      fallbackValue = "client",
      description =
          "Show what would change (fingerprints only, values redacted) and change nothing.")
  String value = "none";

  /** Whether nothing may change: anything but {@code none}. */
  boolean enabled() {
    return DryRun.parse(value);
  }
}
