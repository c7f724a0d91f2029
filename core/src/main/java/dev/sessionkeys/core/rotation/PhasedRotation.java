package dev.sessionkeys.core.rotation;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySpec;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.RotationClass;
import dev.sessionkeys.core.SecretValue;
import dev.sessionkeys.core.rotation.RotationRefusedException.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans the three phases of a rotation that logs nobody out ({@link Phase}), as pure functions over
 * a Secret's values and annotations, so that the CLI, a GitOps file and every operator replica
 * decide exactly alike.
 *
 * <p>The stage of each group is read from the Secret's keys ({@link #stage}): {@code <KEY>_NEXT}
 * for every key means prepared, a {@code <KEY>_PREVIOUS} means promoted, neither means steady. The
 * annotations under {@value Rotation#PREFIX} record the rest: {@code rotation-phase.<group>} (the
 * last phase done, {@code prepared} or {@code promoted}; removed once retired), {@code
 * prepared-at.<group>}, {@code rotated-at.<group>} and {@code grace-until.<group>}. The annotation
 * also tells a promote that was already written (and whose answer was lost) from {@code _PREVIOUS}
 * keys left by the one-step rotation, so a retried promote does nothing instead of failing.
 *
 * <p>Each phase is one write. The data group ({@link RotationClass#REENCRYPT}, such as {@code
 * AES_BASE64_CYPHER_KEY}) takes part only with {@link PhaseRequest.Permission#DATA_KEY}; its {@code
 * _PREVIOUS} has no grace period and is retired only on such an explicit request, once the data it
 * encrypted has been re-encrypted.
 */
public final class PhasedRotation {

  private PhasedRotation() {}

  /** The annotation that records the last phase done for {@code group}. */
  public static String phaseAnnotation(String group) {
    return Rotation.PREFIX + "rotation-phase." + group;
  }

  /** The annotation that records when {@code group}'s next keys were staged. */
  public static String preparedAtAnnotation(String group) {
    return Rotation.PREFIX + "prepared-at." + group;
  }

  /** Whether {@code group}'s keys encrypt data at rest. */
  public static boolean isDataGroup(Profile profile, String group) {
    return profile.keysInGroup(group).stream()
        .anyMatch(k -> k.rotation() == RotationClass.REENCRYPT);
  }

  /**
   * Where {@code group} stands, read from the keys.
   *
   * @throws RotationRefusedException ({@link Reason#PARTIAL_STAGE}) when only some of its keys have
   *     a {@code _NEXT}
   */
  public static Stage stage(Profile profile, RotationState state, String group)
      throws RotationRefusedException {
    List<KeySpec> keys = profile.keysInGroup(group);
    List<String> staged = new ArrayList<>();
    List<String> unstaged = new ArrayList<>();
    boolean previous = false;
    for (KeySpec key : keys) {
      (state.values().containsKey(key.nextName()) ? staged : unstaged).add(key.name());
      previous |= state.values().containsKey(key.previousName());
    }
    if (!staged.isEmpty() && !unstaged.isEmpty()) {
      throw new RotationRefusedException(
          Reason.PARTIAL_STAGE,
          ("the %s keys are half staged: %s have a _NEXT value but %s do not; keys of a group are"
                  + " used together, so remove the _NEXT values (nothing issues with them yet) and"
                  + " prepare again")
              .formatted(group, String.join(", ", staged), String.join(", ", unstaged)));
    }
    if (!staged.isEmpty()) {
      return Stage.PREPARED;
    }
    return previous ? Stage.PROMOTED : Stage.STEADY;
  }

  /** The stage of every group of the profile, in profile order. */
  public static Map<String, Stage> stages(Profile profile, RotationState state)
      throws RotationRefusedException {
    Map<String, Stage> stages = new LinkedHashMap<>();
    for (String group : profile.groups()) {
      stages.put(group, stage(profile, state, group));
    }
    return stages;
  }

  /**
   * Plans {@code request.phase()} at {@code now}. Groups already past the phase are left alone
   * (with a note), so a phase retried after a lost answer plans nothing.
   *
   * @throws RotationRefusedException when the phase would lose a key, log users out or touch the
   *     data key without permission; {@link RotationRefusedException#reason()} says which
   */
  public static PhasePlan plan(
      Profile profile,
      RotationState state,
      PhaseRequest request,
      Instant now,
      KeyGenerator generator)
      throws RotationRefusedException {
    Phase phase = request.phase();
    List<String> groups = resolveGroups(profile, state, request);
    PlanDraft draft = new PlanDraft(state);
    List<String> planned = new ArrayList<>();
    for (String group : groups) {
      Stage stage = stage(profile, state, group);
      if (isDone(phase, stage, state, group)) {
        draft.notes.add(
            "the " + group + " keys are already " + phase.to().word() + "; nothing to do");
        continue;
      }
      requireStage(profile, state, phase, stage, group, now, request);
      planned.add(group);
      switch (phase) {
        case PREPARE -> prepare(profile, group, draft, now, generator);
        case PROMOTE -> promote(profile, group, draft, now, request);
        case RETIRE -> retire(profile, group, draft);
      }
    }
    if (groups.isEmpty()) {
      draft.notes.add("no key group is " + phase.from().word() + "; nothing to " + phase.word());
    }
    return new PhasePlan(phase, planned, draft.after(), draft.changes, draft.notes);
  }

  private static List<String> resolveGroups(
      Profile profile, RotationState state, PhaseRequest request) throws RotationRefusedException {
    PlanDraft.requireGroups(profile, request.groups());
    List<String> groups = new ArrayList<>();
    for (String group : profile.groups()) {
      boolean chosen =
          request.groups().isEmpty()
              ? !isDataGroup(profile, group)
                  && (request.phase() == Phase.PREPARE
                      || stage(profile, state, group) == request.phase().from())
              : request.groups().contains(group);
      if (chosen) {
        groups.add(group);
      }
    }
    if (groups.isEmpty() && request.phase() == Phase.PROMOTE) {
      throw new RotationRefusedException(
          Reason.NOT_PREPARED,
          "no key group has staged " + KeySpec.NEXT_SUFFIX + " keys to promote; prepare first");
    }
    for (String group : groups) {
      PlanDraft.requireDataAllowed(
          profile, group, request.allows(PhaseRequest.Permission.DATA_KEY));
      for (KeySpec key : profile.keysInGroup(group)) {
        if (profile.key(key.nextName()).isPresent()) {
          throw new RotationRefusedException(
              Reason.NAME_CLASH,
              "profile %s has a key named %s, which is where %s's staged value would go; rename that key in the profile"
                  .formatted(profile.name(), key.nextName(), key.name()));
        }
      }
    }
    return groups;
  }

  /** Whether the phase has already been done for a group (its answer may have been lost). */
  private static boolean isDone(Phase phase, Stage stage, RotationState state, String group) {
    return switch (phase) {
      case PREPARE -> stage == Stage.PREPARED;
      case PROMOTE ->
          stage == Stage.PROMOTED
              && Stage.PROMOTED.word().equals(state.annotations().get(phaseAnnotation(group)));
      case RETIRE -> stage == Stage.STEADY;
    };
  }

  private static void requireStage(
      Profile profile,
      RotationState state,
      Phase phase,
      Stage stage,
      String group,
      Instant now,
      PhaseRequest request)
      throws RotationRefusedException {
    if (phase != Phase.RETIRE) {
      PlanDraft.requireKeys(profile, state, group);
    }
    if (phase == Phase.PROMOTE && stage != Stage.PREPARED) {
      throw new RotationRefusedException(
          Reason.NOT_PREPARED,
          ("the %s keys have no staged _NEXT values to promote; prepare first and roll out the"
                  + " workloads, so that every pod accepts the new keys before any pod issues with"
                  + " them")
              .formatted(group));
    }
    if (phase == Phase.RETIRE && stage == Stage.PREPARED) {
      throw new RotationRefusedException(
          Reason.NOT_PROMOTED,
          ("the %s keys are prepared, not promoted: their _NEXT values are not in use yet, so"
                  + " there is nothing to retire; promote first")
              .formatted(group));
    }
    if (phase != Phase.RETIRE && PlanDraft.hasPrevious(profile, state.values(), group)) {
      throw new RotationRefusedException(
          isDataGroup(profile, group) ? Reason.DATA_PREVIOUS_PRESENT : Reason.PREVIOUS_NOT_RETIRED,
          ("the %s keys still hold _PREVIOUS values from the last rotation; retire them first (a"
                  + " key can keep only one previous value, and dropping it here would skip the"
                  + " checks of retire)")
              .formatted(group));
    }
    if (phase == Phase.RETIRE
        && !isDataGroup(profile, group)
        && !request.allows(PhaseRequest.Permission.DROP_PREVIOUS_IN_GRACE)) {
      PlanDraft.requireGraceOver(state, group, now);
    }
  }

  private static void prepare(
      Profile profile, String group, PlanDraft draft, Instant now, KeyGenerator generator) {
    for (KeySpec key : profile.keysInGroup(group)) {
      SecretValue fresh = generator.generate(key);
      draft.values.put(key.nextName(), fresh);
      draft.change(key.nextName(), RotationPlan.Action.NEXT_ADDED, null, fresh);
    }
    draft.annotations.put(phaseAnnotation(group), Stage.PREPARED.word());
    draft.annotations.put(preparedAtAnnotation(group), now.toString());
    draft.notes.add(
        "roll out every workload that reads the %s keys so that every pod accepts the new keys before they are promoted"
            .formatted(group));
  }

  private static void promote(
      Profile profile, String group, PlanDraft draft, Instant now, PhaseRequest request) {
    for (KeySpec key : profile.keysInGroup(group)) {
      draft.replace(key, RotationPlan.Action.PROMOTED, draft.values.remove(key.nextName()));
    }
    draft.annotations.put(phaseAnnotation(group), Stage.PROMOTED.word());
    draft.annotations.remove(preparedAtAnnotation(group));
    draft.notes.add(
        draft
            .rotated(profile, group, now, request.grace())
            .map(
                until ->
                    ("roll out every workload that reads the %s keys so that every pod issues with"
                            + " the new keys; the old ones stay accepted as _PREVIOUS until %s,"
                            + " then retire them")
                        .formatted(group, until))
            .orElse(
                ("roll out every workload that reads the %s keys; data encrypted under the old %s"
                        + " keys must be re-encrypted with the new ones before their _PREVIOUS"
                        + " values are retired")
                    .formatted(group, group)));
  }

  private static void retire(Profile profile, String group, PlanDraft draft) {
    draft.dropPrevious(profile, group);
    draft.annotations.remove(phaseAnnotation(group));
    draft.notes.add(
        "roll out every workload that reads the %s keys so that no pod accepts the retired keys any more"
            .formatted(group));
  }
}
