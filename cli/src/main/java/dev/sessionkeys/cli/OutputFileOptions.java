package dev.sessionkeys.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * {@code -o/--output FILE|-} and {@code --force}, shared by {@code encrypt} and {@code decrypt}:
 * the result goes to a 0600 file, never over an existing one without {@code --force} (and then only
 * after a backup), or to standard output with {@code -o -}.
 */
final class OutputFileOptions {

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description =
          "Output file, or - for standard output. Default: FILE with .enc added (encrypt) or"
              + " taken out (decrypt).")
  String output;

  @Option(
      names = "--force",
      description = "Replace an existing output file (kept first as a timestamped backup).")
  boolean force;

  boolean toStdout() {
    return "-".equals(output);
  }

  /**
   * The file to write ({@code -o FILE}, else {@code byDefault}), or null with {@code -o -}; checked
   * before any work: not the input, not a directory, not an existing file without {@code --force}.
   */
  Path target(Path input, Supplier<Path> byDefault, String verb) {
    if (toStdout()) {
      return null;
    }
    Path target = output == null ? byDefault.get() : Path.of(output);
    SecretOutput.requireOtherThan(input, target, verb, force);
    return target;
  }

  /**
   * Prints {@code content} with {@code -o -}; else writes it to {@code target} and prints {@code
   * wrote}, and the backup of a replaced file.
   *
   * @return the backup, or null when none was made
   */
  Path write(PrintWriter out, Path target, String content, String wrote) {
    if (toStdout()) {
      out.print(content);
      out.flush();
      return null;
    }
    Path backup = SecretOutput.write(target, content.getBytes(StandardCharsets.UTF_8), force);
    out.println(wrote);
    if (backup != null) {
      out.println("kept the previous " + target.getFileName() + " as " + backup + " (mode 0600)");
    }
    return backup;
  }
}
