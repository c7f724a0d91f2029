package dev.sessionkeys.core.validate;

/** How much a finding matters. Only {@link #ERROR} makes a check fail (exit code 1). */
public enum Severity {
  ERROR,
  WARNING,
  INFO;

  /** Lower-case, as reports print it. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
