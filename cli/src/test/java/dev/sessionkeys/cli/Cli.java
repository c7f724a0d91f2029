package dev.sessionkeys.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process, as the launcher would, capturing both streams. */
final class Cli {

  record Result(int code, String out, String err) {
    String all() {
      return out + err;
    }
  }

  private Cli() {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  /**
   * As {@link #run}, with {@code env} as the environment the commands see (e.g. HOME,
   * SOPS_AGE_KEY_FILE).
   */
  static Result runWith(java.util.Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment.set(env);
    try {
      int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
      return new Result(code, out.toString(), err.toString());
    } finally {
      CliEnvironment.set(null);
    }
  }
}
