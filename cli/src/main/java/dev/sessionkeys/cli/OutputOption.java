package dev.sessionkeys.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;
import java.util.function.Supplier;
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

  /** The one switch between the forms of a command's result: one JSON line, or the text. */
  void print(PrintWriter out, Supplier<JsonObject> json, Consumer<PrintWriter> text) {
    if (json()) {
      out.println(json.get());
    } else {
      text.accept(out);
    }
    out.flush();
  }
}
