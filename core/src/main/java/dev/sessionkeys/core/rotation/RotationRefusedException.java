package dev.sessionkeys.core.rotation;

import java.util.Objects;

/**
 * A rotation that would lose a key or log users out, refused. The message says why and what to do
 * instead; {@link #reason()} lets a caller (the CLI, the operator) react without parsing it.
 */
public final class RotationRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a rotation was refused. */
  public enum Reason {
    /** The request names a group the profile does not have. */
    UNKNOWN_GROUP,
    /** The group encrypts data at rest and was not explicitly allowed. */
    DATA_KEY_NOT_ALLOWED,
    /** A primary key of the group is missing, so there is nothing to rotate. */
    KEY_MISSING,
    /** Some keys of the group have a {@code _NEXT} and others do not: a hand edit or a bug. */
    PARTIAL_STAGE,
    /** A profile key is itself named like another key's {@code _NEXT}. */
    NAME_CLASH,
    /** Promote with no {@code _NEXT} keys: prepare first. */
    NOT_PREPARED,
    /** Retire while {@code _NEXT} keys are staged: promote first. */
    NOT_PROMOTED,
    /** A staged rotation is under way, so the one-step rotation would strand its {@code _NEXT}. */
    STAGED_ROTATION_IN_PROGRESS,
    /**
     * Prepare or promote while {@code _PREVIOUS} keys of the last rotation remain: retire first.
     */
    PREVIOUS_NOT_RETIRED,
    /** {@code _PREVIOUS} keys are still inside their grace period. */
    PREVIOUS_IN_GRACE,
    /** {@code _PREVIOUS} keys exist but no readable grace period is recorded for them. */
    GRACE_UNKNOWN,
    /** The data group's {@code _PREVIOUS} key is still there: data may be encrypted under it. */
    DATA_PREVIOUS_PRESENT
  }

  private final Reason reason;

  public RotationRefusedException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why the rotation was refused. */
  public Reason reason() {
    return reason;
  }
}
