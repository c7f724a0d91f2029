package dev.sessionkeys.core.rotation;

import java.util.Locale;
import java.util.Optional;

/**
 * The three steps of a rotation that logs nobody out, each a single write of the Secret followed by
 * a rollout of the workloads that read it.
 *
 * <p>Why three: during a rolling restart old and new pods serve side by side. A key must therefore
 * be accepted by every pod before any pod issues with it ({@link #PREPARE}), and the key it
 * replaces must stay accepted until every pod has stopped issuing with it and the cookies it signed
 * have expired ({@link #PROMOTE}, then {@link #RETIRE} after the grace period).
 */
public enum Phase {
  /** Adds {@code <KEY>_NEXT}: every pod accepts it, none issues with it. */
  PREPARE(Stage.STEADY, Stage.PREPARED),
  /** {@code <KEY>_NEXT} becomes the primary; the old primary becomes {@code <KEY>_PREVIOUS}. */
  PROMOTE(Stage.PREPARED, Stage.PROMOTED),
  /** Drops {@code <KEY>_PREVIOUS} once its grace period is over. */
  RETIRE(Stage.PROMOTED, Stage.STEADY);

  private final Stage from;
  private final Stage to;

  Phase(Stage from, Stage to) {
    this.from = from;
    this.to = to;
  }

  /** The stage a group is in before this phase. */
  public Stage from() {
    return from;
  }

  /** The stage a group is in after this phase. */
  public Stage to() {
    return to;
  }

  /** The lower-case word for this phase, as users write it. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The phase a word names ({@code prepare}, {@code promote}, {@code retire}), if any. */
  public static Optional<Phase> fromWord(String word) {
    for (Phase phase : values()) {
      if (phase.word().equals(word)) {
        return Optional.of(phase);
      }
    }
    return Optional.empty();
  }
}
