package dev.sessionkeys.cli;

/**
 * The exit codes of every sessionkeys command. Documented in {@code --help} and the README; never
 * renumbered.
 */
public final class ExitCode {
  /** Done, nothing wrong. */
  public static final int OK = 0;

  /**
   * Findings at error level, or a refusal to do something that would lose keys or log users out.
   */
  public static final int FINDINGS_OR_REFUSED = 1;

  /** The command line or an input file is wrong. Nothing was written. */
  public static final int USAGE_OR_INPUT = 2;

  /** The cluster or the file system failed: unreachable, unauthorized, forbidden, disk full. */
  public static final int CLUSTER_OR_IO = 3;

  private ExitCode() {}
}
