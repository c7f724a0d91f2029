package dev.sessionkeys.cli;

import picocli.CommandLine.Option;

/** kubectl's {@code -o/--output}, here {@code text} (for people) or {@code json} (for scripts). */
final class OutputOption {

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (the default) or json.")
  ReportRenderer.Format format = ReportRenderer.Format.text;

  boolean json() {
    return format == ReportRenderer.Format.json;
  }
}
