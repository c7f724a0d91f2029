package dev.sessionkeys.demo;

import java.util.Objects;

/**
 * The demo could not start: the keys are missing or wrong, the key file is unreadable, or the port
 * is taken. The message is one line that says what was wrong, where, and what to do; it never holds
 * a key value.
 */
public final class DemoException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Whose fault: the user's input (exit code 2 in the CLI) or the machine's (exit code 3). */
  public enum Kind {
    /** A bad option, key file or key value. */
    INPUT,
    /** The file system or the network failed (for example, the port is in use). */
    IO
  }

  private final Kind kind;

  private DemoException(Kind kind, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  static DemoException input(String message) {
    return new DemoException(Kind.INPUT, message, null);
  }

  static DemoException io(String message, Throwable cause) {
    return new DemoException(Kind.IO, message, cause);
  }

  /** Whether the user's input or the machine is at fault. */
  public Kind kind() {
    return kind;
  }
}
