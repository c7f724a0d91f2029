package dev.sessionkeys.runtime;

import java.util.Objects;

/**
 * Data could not be decrypted by {@link DataCipher}. The message never contains key material or
 * plaintext.
 */
public final class DataCipherException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason {
    /** Not this format: wrong version, too short, bad base64, a chunk cut short. */
    MALFORMED,
    /** Encrypted under a key this cipher does not hold (neither primary, next nor previous). */
    UNKNOWN_KEY,
    /**
     * The GCM tag does not verify: altered, truncated at a chunk boundary, or other associated
     * data.
     */
    AUTHENTICATION_FAILED
  }

  private final Reason reason;

  DataCipherException(Reason reason, String detail) {
    super(Objects.requireNonNull(reason, "reason") + ": " + detail);
    this.reason = reason;
  }

  /** The failure class. */
  public Reason reason() {
    return reason;
  }
}
