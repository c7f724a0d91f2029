package dev.sessionkeys.cli;

import dev.sessionkeys.manifest.SecureFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    // Encrypting or decrypting in place would lose the original if anything went wrong.
    if (target.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize())) {
      throw CliException.input(
          "-o " + target + " is the input file; sessionkeys never " + verb + " in place");
    }
    requireWritable(target);
    return target;
  }

  /**
   * Refuses when {@code target} exists and {@code --force} is off (exit 1) or is a directory (exit
   * 2).
   */
  private void requireWritable(Path target) {
    if (Files.isDirectory(target)) {
      throw CliException.input(target + " is a directory; give a file path with -o");
    }
    if (Files.exists(target) && !force) {
      throw CliException.refused(
          target
              + " already exists and may hold live keys; nothing written. Choose another"
              + " -o FILE, or replace it with --force (the old file is kept as a backup)");
    }
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
    Path backup = write(target, content.getBytes(StandardCharsets.UTF_8));
    out.println(wrote);
    if (backup != null) {
      out.println("kept the previous " + target.getFileName() + " as " + backup + " (mode 0600)");
    }
    return backup;
  }

  /**
   * Writes {@code content} to {@code target} as {@code init} writes its key file.
   *
   * @return the backup of the file replaced, or null when there was none
   */
  private Path write(Path target, byte[] content) {
    requireWritable(target);
    try {
      Path parent = target.toAbsolutePath().getParent();
      if (parent != null && !Files.exists(parent)) {
        Files.createDirectories(parent);
      }
      if (Files.exists(target)) {
        Path backup = SecureFiles.backup(target);
        SecureFiles.writeAtomically(target, content);
        return backup;
      }
      if (!SecureFiles.writeIfAbsent(target, content)) {
        throw CliException.refused(
            target + " appeared while writing; nothing replaced. Run the command again");
      }
      return null;
    } catch (SecureFiles.UnusableTargetException e) {
      throw CliException.input(e.getMessage());
    } catch (IOException e) {
      throw CliException.io("writing " + target + " failed: " + e.getMessage(), e);
    }
  }
}
