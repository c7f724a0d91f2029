package dev.sessionkeys.cli;

import java.io.PrintWriter;

/**
 * The one place where a failure becomes a line on stderr and an exit code. Every command's
 * exceptions, picocli's and anything else that escapes (an {@link OutOfMemoryError}, a {@link
 * StackOverflowError}) end here: the user sees one line saying what failed and where, never a stack
 * trace, unless {@code --debug} or {@code SESSIONKEYS_DEBUG=1} asks for it.
 *
 * <p>Exit codes: 2 for the user's input (a {@link CliException} of that code, a bad manifest, a
 * SOPS input error, an input so deeply nested that it exhausted the stack), 1 for a refusal, 3 for
 * I/O, the cluster, running out of heap (the input's fault or the JVM's settings: we cannot tell
 * which) and our own bugs.
 */
final class Failures {

  private Failures() {}

  /** The exit code for {@code failure}, after printing its one line to {@code err}. */
  static int report(Throwable failure, String context, PrintWriter err, boolean debug) {
    Outcome outcome = classify(failure, context);
    err.println("sessionkeys: " + withoutPrefix(outcome.message()));
    if (debug) {
      failure.printStackTrace(err);
    } else if (outcome.internal()) {
      err.println("(run again with --debug or SESSIONKEYS_DEBUG=1 for the stack trace to report)");
    }
    err.flush();
    return outcome.exitCode();
  }

  /** The line and exit code of a failure; {@code internal} marks a bug in sessionkeys. */
  record Outcome(int exitCode, String message, boolean internal) {}

  static Outcome classify(Throwable failure, String context) {
    if (failure instanceof CliException cli) {
      return new Outcome(cli.exitCode(), oneLine(cli.getMessage()), false);
    }
    if (failure instanceof dev.sessionkeys.manifest.ManifestException manifest) {
      // Bad input file: its message already names file and line.
      return new Outcome(ExitCode.USAGE_OR_INPUT, oneLine(manifest.getMessage()), false);
    }
    String type = failure.getClass().getName();
    if (type.equals("dev.sessionkeys.sops.SopsException")) {
      // By name: commands that never meet an encrypted file load no SOPS class.
      return EncryptedFiles.outcome(failure);
    }
    if (failure instanceof StackOverflowError) {
      return new Outcome(
          ExitCode.USAGE_OR_INPUT,
          context + ": the input is nested too deeply to read; check that it is the right file",
          false);
    }
    if (failure instanceof OutOfMemoryError) {
      return new Outcome(
          ExitCode.CLUSTER_OR_IO,
          context
              + ": ran out of memory; the input is far larger than sessionkeys expects, or the JVM"
              + " has too little heap (set JAVA_TOOL_OPTIONS=-Xmx...)",
          false);
    }
    if (failure instanceof java.io.UncheckedIOException || failure instanceof java.io.IOException) {
      return new Outcome(
          ExitCode.CLUSTER_OR_IO,
          context + ": I/O failure: " + oneLine(failure.getMessage()),
          false);
    }
    // A bug, not a user mistake: say so plainly, in one line, so it can be reported.
    return new Outcome(
        ExitCode.CLUSTER_OR_IO,
        context
            + ": internal error (please report it): "
            + failure.getClass().getName()
            + (failure.getMessage() == null ? "" : ": " + oneLine(failure.getMessage())),
        true);
  }

  /**
   * Drops prefixes a library or a nested message already put in front ({@code sessionkeys:}, {@code
   * Error:}), so the user never reads "sessionkeys: Error: ...".
   */
  static String withoutPrefix(String message) {
    return message == null
        ? ""
        : message.strip().replaceFirst("^((sessionkeys|Error|error|ERROR):\\s*)+", "").strip();
  }

  /** Line breaks and the indentation after them become one space. */
  static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
