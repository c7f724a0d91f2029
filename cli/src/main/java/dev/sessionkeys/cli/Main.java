package dev.sessionkeys.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

  /**
   * Runs one command line and returns its exit code. Tests call this directly. Nothing escapes:
   * every failure, out-of-memory and stack overflow included, becomes one line and an exit code
   * ({@link Failures}); {@code --debug} anywhere on the line, or {@code SESSIONKEYS_DEBUG=1}, adds
   * the stack trace.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    String[] rest = withoutDebug(args);
    boolean debug =
        rest.length < args.length || "1".equals(CliEnvironment.get().get("SESSIONKEYS_DEBUG"));
    try {
      java.util.OptionalInt fast = FastPath.tryRun(rest, out);
      return fast.isPresent() ? fast.getAsInt() : runWithPicocli(rest, out, err, debug);
    } catch (Throwable failure) { // NOPMD: an Error must end in one line too, not a stack trace
      return Failures.report(failure, context(rest), err, debug);
    } finally {
      out.flush();
    }
  }

  /** Runs one command line through picocli, never through {@link FastPath}. */
  static int runWithPicocli(String[] args, PrintWriter out, PrintWriter err, boolean debug) {
    CommandLine commandLine = new CommandLine(new SessionKeysCommand());
    // Build the model of the invoked subcommand only: building all of them costs ~100 ms at every
    // start. All of them for help, completion, and a name that is no command (to suggest one).
    String invoked = firstNonOption(args);
    configureLogging(invoked);
    boolean all =
        invoked == null
            || "help".equals(invoked)
            || "completion".equals(invoked)
            || Commands.find(invoked) == null;
    for (Commands.Entry entry : Commands.all()) {
      if (all || invoked.equals(entry.name())) {
        commandLine.addSubcommand(entry.name(), entry.factory().get());
      }
    }
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setUsageHelpWidth(helpWidth(CliEnvironment.get().get("COLUMNS")));
    String context = context(args);
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> Failures.report(exception, context, err, debug));
    commandLine.setParameterExceptionHandler(
        (exception, arguments) -> {
          err.println("sessionkeys: " + Failures.withoutPrefix(exception.getMessage()));
          suggest(exception, err);
          err.println(
              "Run '"
                  + exception.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help' for usage.");
          return ExitCode.USAGE_OR_INPUT;
        });
    return commandLine.execute(args);
  }

  /**
   * "Did you mean": picocli's suggestion for a mistyped command; for a mistyped option, the
   * command's option names within two edits of it.
   */
  private static void suggest(CommandLine.ParameterException exception, PrintWriter err) {
    if (!(exception instanceof CommandLine.UnmatchedArgumentException unmatched)) {
      return;
    }
    java.util.List<String> close = new java.util.ArrayList<>();
    String qualified = exception.getCommandLine().getCommandSpec().qualifiedName();
    for (String suggestion : unmatched.getSuggestions()) {
      close.add(suggestion.startsWith("-") ? suggestion : qualified + " " + suggestion);
    }
    for (String arg : unmatched.getUnmatched()) {
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (!close.isEmpty() || !name.startsWith("-")) {
        continue;
      }
      for (CommandLine.Model.OptionSpec option :
          exception.getCommandLine().getCommandSpec().options()) {
        for (String candidate : option.names()) {
          if (candidate.startsWith("--") && editDistance(name, candidate) <= 2) {
            close.add(candidate);
          }
        }
      }
    }
    if (!close.isEmpty()) {
      err.println("Did you mean: " + String.join(" or ", close) + "?");
    }
  }

  /** Levenshtein distance, for suggestions only (short option names). */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /**
   * The help's width: the terminal's ({@code COLUMNS}, as shells export it), within what picocli
   * can lay out (55) and what stays readable (160); 80 when unset or not a number.
   */
  static int helpWidth(String columns) {
    if (columns == null || !columns.matches("[0-9]{1,6}")) {
      return 80;
    }
    return Math.max(55, Math.min(160, Integer.parseInt(columns)));
  }

  /** What a failure's line names: the command and the files among its arguments. */
  static String context(String[] args) {
    StringBuilder context = new StringBuilder();
    for (String arg : args) {
      boolean file =
          arg.equals("-")
              || (!arg.startsWith("-") && java.nio.file.Files.isRegularFile(Path.of(arg)));
      if (context.length() == 0 && !arg.startsWith("-")) {
        context.append(arg);
      } else if (file) {
        context.append(' ').append(arg.equals("-") ? "(standard input)" : arg);
      }
    }
    return context.length() == 0 ? "sessionkeys" : context.toString();
  }

  private static String[] withoutDebug(String[] args) {
    java.util.List<String> rest = new java.util.ArrayList<>();
    for (String arg : args) {
      if (!arg.equals("--debug")) {
        rest.add(arg);
      }
    }
    return rest.toArray(new String[0]);
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
