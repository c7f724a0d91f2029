package dev.sessionkeys.core.rotation;

import java.util.Arrays;
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
  // Declared in step with Stage: phase i moves a group from stage i to stage i + 1 (wrapping).

  /** Adds {@code <KEY>_NEXT}: every pod accepts it, none issues with it. */
  PREPARE,
  /** {@code <KEY>_NEXT} becomes the primary; the old primary becomes {@code <KEY>_PREVIOUS}. */
  PROMOTE,
  /** Drops {@code <KEY>_PREVIOUS} once its grace period is over. */
  RETIRE;

  /** The stage a group is in before this phase. */
  public Stage from() {
    return Stage.values()[ordinal()];
  }

  /** The stage a group is in after this phase. */
  public Stage to() {
    return Stage.values()[(ordinal() + 1) % Stage.values().length];
  }

  /** The lower-case word for this phase, as users write it. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The phase a word names ({@code prepare}, {@code promote}, {@code retire}), if any. */
  public static Optional<Phase> fromWord(String word) {
    return Arrays.stream(values()).filter(phase -> phase.word().equals(word)).findFirst();
  }
}
