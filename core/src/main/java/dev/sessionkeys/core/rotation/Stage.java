package dev.sessionkeys.core.rotation;

import java.util.Locale;

/**
 * Where one key group stands in a three-phase rotation, as read from the Secret's keys (see {@link
 * PhasedRotation#stage}).
 */
public enum Stage {
  /** Only the primary keys (no {@code _NEXT}, no {@code _PREVIOUS}): the next phase is prepare. */
  STEADY,
  /** Every key of the group has a {@code _NEXT}: the next phase is promote. */
  PREPARED,
  /** Some key of the group still has a {@code _PREVIOUS} and none a {@code _NEXT}: retire next. */
  PROMOTED;

  /** The lower-case word recorded in the phase annotation. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The phase that moves a group out of this stage. */
  public Phase nextPhase() {
    return Phase.values()[ordinal()];
  }
}
