package dev.sessionkeys.core.rotation;

/**
 * A rotation that would lose a key or log users out, refused. The message says why and what to do
 * instead.
 */
public final class RotationRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  public RotationRefusedException(String message) {
    super(message);
  }
}
