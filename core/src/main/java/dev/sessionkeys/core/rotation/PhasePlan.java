package dev.sessionkeys.core.rotation;

import java.util.List;

/**
 * The outcome of planning one phase: the state to write in a single update, and what changes,
 * described by fingerprints only.
 *
 * @param phase the phase planned
 * @param groups the groups the phase applies to, in profile order (groups already past it are left
 *     out)
 * @param after the Secret's values and annotations once the plan is applied
 * @param changes each key that changes, in profile order
 * @param notes things the user must know next, one line each (no command-line syntax: the CLI and
 *     the operator word their own advice)
 */
public record PhasePlan(
    Phase phase,
    List<String> groups,
    RotationState after,
    List<RotationPlan.Change> changes,
    List<String> notes) {

  public PhasePlan {
    groups = List.copyOf(groups);
    changes = List.copyOf(changes);
    notes = List.copyOf(notes);
  }

  /** Whether applying the plan changes no key (nothing to write, nothing to roll out). */
  public boolean isEmpty() {
    return changes.isEmpty();
  }
}
