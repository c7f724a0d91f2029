package dev.sessionkeys.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** The {@code sessionkeys} entry point. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    PrintWriter out =
        new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = run(args, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command line and returns its exit code. Tests call this directly. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    java.util.OptionalInt fast = FastPath.tryRun(args, out, err);
    return fast.isPresent() ? fast.getAsInt() : runWithPicocli(args, out, err);
  }

  /**
   * As {@link #run(String[], PrintWriter, PrintWriter)}, with the environment the commands see
   * instead of the process's (e.g. {@code SOPS_AGE_KEY_FILE}, {@code HOME}). For tests.
   */
  public static int run(
      String[] args, PrintWriter out, PrintWriter err, java.util.Map<String, String> env) {
    CliEnvironment.set(env);
    try {
      return run(args, out, err);
    } finally {
      CliEnvironment.set(null);
    }
  }

  /** Runs one command line through picocli, never through {@link FastPath}. */
  static int runWithPicocli(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new SessionKeysCommand());
    // Build the model of the invoked subcommand only: building all of them costs ~100 ms at every
    // start.
    String invoked = firstNonOption(args);
    configureLogging(invoked);
    for (Commands.Entry entry : Commands.all()) {
      if (invoked == null
          || invoked.equals(entry.name())
          || "help".equals(invoked)
          || "completion".equals(invoked)) {
        commandLine.addSubcommand(entry.name(), entry.factory().get());
      }
    }
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> handle(exception, err));
    commandLine.setParameterExceptionHandler(
        (exception, arguments) -> {
          err.println("sessionkeys: " + exception.getMessage());
          err.println(
              "Run '"
                  + exception.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help' for usage.");
          return ExitCode.USAGE_OR_INPUT;
        });
    return commandLine.execute(args);
  }

  static int handle(Exception exception, PrintWriter err) {
    if (exception instanceof CliException cli) {
      err.println("sessionkeys: " + cli.getMessage());
      return cli.exitCode();
    }
    if (exception instanceof dev.sessionkeys.manifest.ManifestException manifest) {
      // Bad input file: its message already names file and line.
      err.println("sessionkeys: " + manifest.getMessage());
      return ExitCode.USAGE_OR_INPUT;
    }
    if (exception instanceof java.io.UncheckedIOException
        || exception instanceof java.io.IOException) {
      err.println("sessionkeys: I/O failure: " + exception.getMessage());
      return ExitCode.CLUSTER_OR_IO;
    }
    // A bug, not a user mistake: say so plainly and show where, so it can be reported.
    err.println("sessionkeys: internal error (please report it): " + exception);
    exception.printStackTrace(err);
    return 70;
  }

  /**
   * Library log lines (the Kubernetes client's, the operator framework's) are noise in a command's
   * output, which says what matters in its own words; the long-running operator is the exception
   * and logs at info to stderr. Must run before the first logger is made; a level the user set with
   * -D wins.
   */
  private static void configureLogging(String invoked) {
    String property = "org.slf4j.simpleLogger.defaultLogLevel";
    if (System.getProperty(property) == null) {
      System.setProperty(property, "operator".equals(invoked) ? "info" : "off");
    }
    if (System.getProperty("org.slf4j.simpleLogger.showDateTime") == null) {
      System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    }
  }

  private static String firstNonOption(String[] args) {
    for (String arg : args) {
      if (!arg.startsWith("-")) {
        return arg;
      }
    }
    return null;
  }
}
