package dev.sessionkeys.operator;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.rotation.Phase;
import dev.sessionkeys.core.rotation.PhasePlan;
import dev.sessionkeys.core.rotation.PhaseRequest;
import dev.sessionkeys.core.rotation.PhasedRotation;
import dev.sessionkeys.core.rotation.Rotation;
import dev.sessionkeys.core.rotation.RotationRefusedException;
import dev.sessionkeys.core.rotation.RotationState;
import dev.sessionkeys.core.rotation.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, as a pure function, the scheduled rotation of the phased strategy: per grace-period
 * group at most one phase of core's {@link PhasedRotation} a pass (prepare when due, promote,
 * retire after the grace period), none while a workload of {@code spec.restart} still rolls out.
 */
final class PhasedSchedule {

  /** How soon a set in the middle of a phased rotation looks at its workloads' rollout again. */
  static final Duration ROLLOUT_RECHECK = Duration.ofSeconds(15);

  private final KeyGenerator generator;

  PhasedSchedule(KeyGenerator generator) {
    this.generator = generator;
  }

  /**
   * Where a phased rotation stands after a pass, for the Rotating condition and the wake-up.
   *
   * @param recheck how soon to look again: at once when no phase is held and no workload is named
   *     (nothing to wait for), else after {@link #ROLLOUT_RECHECK}
   */
  record Step(List<String> moved, List<String> held, Duration recheck) {
    static final Step NONE = new Step(List.of(), List.of(), ROLLOUT_RECHECK);

    boolean idle() {
      return held.isEmpty() && moved.isEmpty();
    }

    /** The Rotating condition while a phased rotation moves or is held. */
    KeySetPlanner.Verdict verdict() {
      return held.isEmpty()
          ? new KeySetPlanner.Verdict(
              true,
              "PhaseInProgress",
              String.join("; ", moved) + "; the next phase follows once the workloads rolled out")
          : new KeySetPlanner.Verdict(
              true,
              "RolloutPending",
              "held: "
                  + String.join("; ", held)
                  + (moved.isEmpty() ? "" : "; " + String.join("; ", moved)));
    }
  }

  record Result(RotationState state, Step step, Optional<String> blocked) {}

  /**
   * The scheduled rotation in three phases: per grace-period group at most one phase a pass, and
   * none while a workload of {@code spec.restart} is still rolling out (the pods must all hold the
   * Secret as the last phase left it before the next one starts).
   */
  Result run(
      ResolvedSpec spec,
      KeySetPlanner.Observed observed,
      RotationState state,
      Set<String> invalidGroups,
      Set<String> rotated,
      List<Note> notes,
      Instant now) {
    Profile profile = spec.profile();
    List<String> moved = new ArrayList<>();
    List<String> held = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    for (String group : KeySetPlanner.graceGroups(profile)) {
      if (rotated.contains(group) || invalidGroups.contains(group)) {
        continue;
      }
      try {
        Stage stage = PhasedRotation.stage(profile, state, group);
        Optional<Phase> next = nextPhase(spec, observed, state, group, stage, now);
        if (next.isEmpty()) {
          continue;
        }
        // While the last phase's restart has not happened (it failed, or is still to come), some
        // pods may not hold what that phase wrote, and the next one would log them out.
        Optional<String> waitsFor =
            state.annotations().containsKey(KeySetPlanner.RESTART_PENDING)
                ? Optional.of("the restart after the last phase")
                : observed.rolloutWait().map(wait -> "the rollout (" + wait + ")");
        if (waitsFor.isPresent()) {
          held.add(next.get().word() + " of the " + group + " keys waits for " + waitsFor.get());
          continue;
        }
        PhasePlan plan =
            PhasedRotation.plan(
                profile,
                state,
                PhaseRequest.of(next.get(), Set.of(group), spec.grace()),
                now,
                generator);
        if (plan.isEmpty()) {
          continue;
        }
        state = plan.after();
        rotated.add(group);
        moved.add("the " + group + " keys are " + next.get().to().word());
        notes.add(
            Note.normal(
                "Phase" + capitalized(next.get().word()),
                next.get().word()
                    + " of the "
                    + group
                    + " keys: "
                    + plan.changes().stream()
                        .map(c -> c.key() + " " + c.action().name().toLowerCase(Locale.ROOT))
                        .toList()));
      } catch (RotationRefusedException e) {
        refusals.add(e.getMessage());
      }
    }
    return new Result(
        state,
        new Step(
            moved,
            held,
            held.isEmpty() && spec.restart().isEmpty() ? Duration.ZERO : ROLLOUT_RECHECK),
        refusals.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", refusals)));
  }

  /** The phase a group is due for now, if any. */
  private static Optional<Phase> nextPhase(
      ResolvedSpec spec,
      KeySetPlanner.Observed observed,
      RotationState state,
      String group,
      Stage stage,
      Instant now) {
    return switch (stage) {
      case STEADY ->
          now.isBefore(
                  KeySetPlanner.birth(state, group, observed.createdAt(), now)
                      .plus(spec.interval().get()))
              ? Optional.empty()
              : Optional.of(Phase.PREPARE);
      case PREPARED -> Optional.of(Phase.PROMOTE);
      case PROMOTED ->
          Rotation.graceUntil(state, group).map(now::isBefore).orElse(false)
              ? Optional.empty()
              : Optional.of(Phase.RETIRE);
    };
  }

  private static String capitalized(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }
}
