package dev.sessionkeys.core.rotation;

import java.util.List;

/**
 * The outcome of planning a one-step rotation or its clean-up: the state to write, and what
 * changes, described by fingerprints. Its {@link Change} also describes the changes of a {@link
 * PhasePlan}.
 *
 * @param after the Secret's values and annotations once the plan is applied
 * @param changes each key that changes, in profile order
 * @param notes things the user must know (such as data that must be re-encrypted), one line each
 */
public record RotationPlan(RotationState after, List<Change> changes, List<String> notes) {

  public RotationPlan {
    changes = List.copyOf(changes);
    notes = List.copyOf(notes);
  }

  /** Whether applying the plan changes nothing. */
  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /** What happens to one Secret key, in either kind of rotation. */
  public enum Action {
    /** A fresh value is staged as {@code <KEY>_NEXT}: accepted everywhere, used nowhere yet. */
    NEXT_ADDED,
    /** The {@code _NEXT} value becomes the primary value (and its {@code _NEXT} key goes). */
    PROMOTED,
    /** A fresh value replaces the current one. */
    GENERATED,
    /**
     * The replaced value is kept under {@code <KEY>_PREVIOUS} so that what it protected stays
     * readable.
     */
    KEPT_AS_PREVIOUS,
    /** A {@code _PREVIOUS} value is removed (its grace period is over, or it was retired). */
    PREVIOUS_DROPPED
  }

  /**
   * One change to one Secret key.
   *
   * @param key the Secret key
   * @param action what happens to it
   * @param oldFingerprint fingerprint of the value before, or {@code null} when there was none
   * @param newFingerprint fingerprint of the value after, or {@code null} when it is removed
   */
  public record Change(String key, Action action, String oldFingerprint, String newFingerprint) {}
}
