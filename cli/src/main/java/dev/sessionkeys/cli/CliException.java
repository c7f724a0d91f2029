package dev.sessionkeys.cli;

/**
 * A failure the user can act on: printed as one line ({@code sessionkeys: <message>}), never as a
 * stack trace, and mapped to an exit code. Messages say what was wrong, where, and what to do; they
 * never hold a key value.
 */
public class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  /** Bad command line or bad input file: exit 2. */
  public static CliException input(String message) {
    return new CliException(ExitCode.USAGE_OR_INPUT, message);
  }

  /** A refusal that protects keys or users: exit 1. */
  public static CliException refused(String message) {
    return new CliException(ExitCode.FINDINGS_OR_REFUSED, message);
  }

  /** The cluster or the file system failed: exit 3. */
  public static CliException io(String message, Throwable cause) {
    return new CliException(ExitCode.CLUSTER_OR_IO, message, cause);
  }
}
