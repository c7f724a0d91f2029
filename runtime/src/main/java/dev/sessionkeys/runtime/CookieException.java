package dev.sessionkeys.runtime;

import java.util.Objects;

/**
 * Why a cookie (or a value inside it) could not be encoded or decoded. The one exception every
 * decoder in this package throws for bad input, so callers handle a single type and switch on
 * {@link #reason()}.
 *
 * <p>Messages never contain key material and never echo the cookie value; they may name a Go type
 * or a session key when that is what went wrong.
 */
public final class CookieException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The failure classes of gorilla/securecookie, in the order its decoder can reach them. */
  public enum Reason {
    /** Longer than the codec's maxLength (decode) or the encoded result would be (encode). */
    TOO_LONG,
    /** Not the expected base64, layout or timestamp. */
    MALFORMED,
    /** The MAC does not verify: tampered, wrong cookie name, or signed by an unknown key. */
    MAC_INVALID,
    /** Older than maxAge. */
    EXPIRED,
    /** Newer than minAge allows. */
    TOO_NEW,
    /** The encrypted part is too short to hold an IV and data. */
    CANNOT_DECRYPT,
    /**
     * The authenticated payload is not a value the serializer reads (or, when encoding, cannot
     * write).
     */
    CANNOT_DESERIALIZE,
    /**
     * Encoding only: the value is outside what the serializer can write (a programming error, not
     * bad input).
     */
    CANNOT_SERIALIZE
  }

  private final Reason reason;

  /** Creates an exception; {@code detail} must not contain secrets. */
  public CookieException(Reason reason, String detail) {
    super(Objects.requireNonNull(reason, "reason") + ": " + detail, null, false, false);
    this.reason = reason;
  }

  /** The failure class, stable across versions. */
  public Reason reason() {
    return reason;
  }
}
