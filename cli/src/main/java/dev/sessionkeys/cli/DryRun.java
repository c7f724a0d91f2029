package dev.sessionkeys.cli;

/** kubectl's {@code --dry-run[=none|client|server]}: anything but {@code none} changes nothing. */
final class DryRun {

  private DryRun() {}

  static boolean parse(String value) {
    return switch (value) {
      case "none", "false" -> false;
      case "client", "server", "true" -> true;
      default ->
          throw CliException.input("--dry-run must be none, client or server, not '" + value + "'");
    };
  }
}
