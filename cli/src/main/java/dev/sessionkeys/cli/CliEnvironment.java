package dev.sessionkeys.cli;

import java.util.Map;

/**
 * The environment the commands see: the process environment, or the one a test sets for its thread
 * (e.g. {@code SOPS_AGE_KEY_FILE}, {@code HOME}).
 */
final class CliEnvironment {

  private static final ThreadLocal<Map<String, String>> OVERRIDE = new ThreadLocal<>();

  private CliEnvironment() {}

  static Map<String, String> get() {
    Map<String, String> env = OVERRIDE.get();
    return env != null ? env : System.getenv();
  }

  static void set(Map<String, String> env) {
    if (env == null) {
      OVERRIDE.remove();
    } else {
      OVERRIDE.set(Map.copyOf(env));
    }
  }
}
