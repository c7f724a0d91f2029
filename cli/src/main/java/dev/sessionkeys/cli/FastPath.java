package dev.sessionkeys.cli;

import dev.sessionkeys.core.Fingerprint;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Runs the commonest command lines ({@code generate [-o F]}, {@code check FILE... [--values V] [-o
 * F]}) without building a picocli model. Building one costs more than the rest of such a run
 * (reflection over the annotations, a proxy class generated per annotation type), and these two are
 * what scripts and CI call over and over.
 *
 * <p>It accepts only a fixed, unambiguous subset of each command's syntax and declines everything
 * else (help, any other option, a repeated option, an unknown value, {@code --}, an
 * {@code @argfile}), which then goes through picocli as usual: so it can never accept what picocli
 * would refuse, nor give a command line another meaning. {@code FastPathTest} runs the same command
 * lines both ways and compares the results.
 */
final class FastPath {

  private FastPath() {}

  /** The exit code if this command line was handled here, or empty when picocli must handle it. */
  static OptionalInt tryRun(String[] args, PrintWriter out) {
    if (args.length == 0) {
      return OptionalInt.empty();
    }
    // Failures propagate to Main, which reports every one the same way.
    Integer code =
        switch (args[0]) {
          case "generate" -> generate(args, out);
          case "check" -> check(args, out);
          default -> null;
        };
    out.flush();
    return code == null ? OptionalInt.empty() : OptionalInt.of(code);
  }

  private static Integer generate(String[] args, PrintWriter out) {
    GenerateCommand command = new GenerateCommand();
    if (args.length > 1) {
      // One -o FORMAT, --output FORMAT or --output=FORMAT and nothing else.
      String value = outputValue(args, 1);
      if (value == null || args.length != (args[1].contains("=") ? 2 : 3)) {
        return null;
      }
      switch (value) {
        case "env" -> command.format = GenerateCommand.Format.env;
        case "yaml" -> command.format = GenerateCommand.Format.yaml;
        case "json" -> command.format = GenerateCommand.Format.json;
        default -> {
          return null;
        }
      }
    }
    return command.run(out);
  }

  private static Integer check(String[] args, PrintWriter out) {
    CheckCommand command = new CheckCommand();
    boolean formatSeen = false;
    boolean valuesSeen = false;
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("-")) {
        if (arg.isEmpty() || arg.startsWith("@")) {
          return null; // picocli reads @FILE as an argument file: leave that to it
        }
        command.files.add(Path.of(arg));
        continue;
      }
      String format = outputValue(args, i);
      String values = optionValue(args, i, "--values");
      if (format != null && !formatSeen) {
        formatSeen = true;
        switch (format) {
          case "text" -> command.output.format = ReportRenderer.Format.text;
          case "json" -> command.output.format = ReportRenderer.Format.json;
          default -> {
            return null;
          }
        }
      } else if (values != null && !valuesSeen && !values.isEmpty() && !values.startsWith("-")) {
        valuesSeen = true;
        command.values.add(Path.of(values));
      } else {
        return null;
      }
      if (!arg.contains("=")) {
        i++;
      }
    }
    if (command.files.isEmpty()) {
      return null;
    }
    new DigestWarmUp().start();
    return command.run(out);
  }

  /**
   * Sets up the JCA provider behind SHA-256 (every reported key gets a fingerprint) on a second
   * thread while this one reads the YAML: loading the security configuration and the SUN provider
   * costs some 8 ms of a check's run, and the two share nothing. Hashes an empty input only. A
   * failure is left for the real call to meet and report. A class rather than a lambda: a lambda's
   * call-site linkage would cost about what the thread saves.
   */
  private static final class DigestWarmUp extends Thread {
    DigestWarmUp() {
      super("sessionkeys-digest-warm-up");
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        Fingerprint.of(new byte[0]);
      } catch (RuntimeException e) {
        // The check's own call meets the same failure and reports it.
      }
    }
  }

  /**
   * The value of {@code -o V}, {@code --output V} or {@code --output=V} at {@code i}, else null.
   */
  private static String outputValue(String[] args, int i) {
    String value = optionValue(args, i, "-o");
    return value != null ? value : optionValue(args, i, "--output");
  }

  private static String optionValue(String[] args, int i, String name) {
    String arg = args[i];
    if (arg.equals(name)) {
      return i + 1 < args.length ? args[i + 1] : null;
    }
    if (name.startsWith("--") && arg.startsWith(name + "=")) {
      return arg.substring(name.length() + 1);
    }
    return null;
  }
}
