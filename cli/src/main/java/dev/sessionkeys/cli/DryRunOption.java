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
      fallbackValue = "server",
      description =
          "Change nothing. server (the default for a bare --dry-run): read the live state and show"
              + " what would change (fingerprints only); client: ask no server, show what would be"
              + " sent, where the command can.")
  String value = "none";

  /** {@code --dry-run=client}: the cluster is not asked at all. */
  boolean clientOnly() {
    return "client".equals(value);
  }

  /** Whether nothing may change: anything but {@code none}. */
  boolean enabled() {
    return switch (value) {
      case "none", "false" -> false;
      case "client", "server", "true" -> true;
      default ->
          throw CliException.input("--dry-run must be none, client or server, not '" + value + "'");
    };
  }
}
