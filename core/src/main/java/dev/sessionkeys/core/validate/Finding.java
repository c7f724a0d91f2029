package dev.sessionkeys.core.validate;

import java.util.Objects;

/**
 * One thing a check found. Never holds a key value: a message may name a key and show a
 * fingerprint, nothing more.
 *
 * @param severity how much it matters
 * @param code the stable identifier
 * @param key the key it concerns, or {@code null} when it concerns the whole Secret
 * @param message what is wrong, in one line
 * @param fix what to do about it, in one line
 * @param line the 1-based line in the source file it comes from, or 0 when unknown
 */
public record Finding(
    Severity severity, FindingCode code, String key, String message, String fix, int line) {

  public Finding {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(fix, "fix");
  }

  /** A finding with the code's default severity. */
  public static Finding of(FindingCode code, String key, String message, String fix, int line) {
    return new Finding(code.defaultSeverity(), code, key, message, fix, line);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }
}
