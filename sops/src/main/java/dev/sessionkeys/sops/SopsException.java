package dev.sessionkeys.sops;

import java.util.Objects;

/**
 * The one exception of this package: a SOPS or age file that could not be read, written or trusted.
 *
 * <p>The message is meant for the user as is: what went wrong, where (file, line, key path) and
 * what to do. It never holds a key, a data key or a plaintext value. {@link #reason()} lets callers
 * map failures to exit codes.
 */
public final class SopsException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the operation failed; stable, for exit codes and tests. */
  public enum Reason {
    /**
     * The input is not valid YAML/JSON, or not a mapping, or has a shape SOPS refuses (duplicate or
     * non-string keys).
     */
    INVALID_INPUT,
    /** The file has no {@code sops} metadata block, or the block is malformed. */
    NOT_A_SOPS_FILE,
    /** The metadata {@code version} is missing or not a version the sops CLI accepts. */
    UNSUPPORTED_VERSION,
    /** No age identity was found (no key file, no environment variable). */
    MISSING_IDENTITY,
    /** Identities were found, but none of them opens any of the file's age recipients. */
    WRONG_IDENTITY,
    /** An age file (the {@code enc} of a recipient) is damaged: bad armor, header or payload. */
    CORRUPT_AGE_FILE,
    /**
     * An encrypted value does not decrypt under the data key: it was edited or moved to another
     * key.
     */
    TAMPERED_VALUE,
    /** The stored MAC does not decrypt or does not match the file's values. */
    TAMPERED_MAC,
    /** A recipient or identity string is not a valid age X25519 key. */
    INVALID_KEY,
    /** The file could not be read or written. */
    IO
  }

  private final Reason reason;

  public SopsException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public SopsException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The input is not something sops would read ({@link Reason#INVALID_INPUT}). */
  static SopsException invalidInput(String message) {
    return new SopsException(Reason.INVALID_INPUT, message);
  }

  public Reason reason() {
    return reason;
  }
}
