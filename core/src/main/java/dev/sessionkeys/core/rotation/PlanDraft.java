package dev.sessionkeys.core.rotation;

import dev.sessionkeys.core.KeySpec;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.SecretValue;
import dev.sessionkeys.core.rotation.RotationRefusedException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the one-step ({@link Rotation}) and the phased ({@link PhasedRotation}) planners share: the
 * state and report of a plan while it is being made, the steps both take and the refusals both
 * make, so that the two decide, record and word them alike.
 */
final class PlanDraft {
  final Map<String, SecretValue> values;
  final Map<String, String> annotations;
  final List<RotationPlan.Change> changes = new ArrayList<>();
  final List<String> notes = new ArrayList<>();

  PlanDraft(RotationState state) {
    values = new LinkedHashMap<>(state.values());
    annotations = new LinkedHashMap<>(state.annotations());
  }

  RotationState after() {
    return new RotationState(values, annotations);
  }

  /** Records one change to one key, by fingerprints only. */
  void change(String key, RotationPlan.Action action, SecretValue before, SecretValue after) {
    changes.add(
        new RotationPlan.Change(
            key,
            action,
            before == null ? null : before.fingerprint(),
            after == null ? null : after.fingerprint()));
  }

  /**
   * Makes {@code fresh} the primary value of {@code key} and keeps the value it replaces as {@code
   * _PREVIOUS} (recording the {@code _PREVIOUS} it drops, if any).
   */
  void replace(KeySpec key, RotationPlan.Action action, SecretValue fresh) {
    SecretValue old = values.get(key.name());
    SecretValue dropped = values.get(key.previousName());
    if (dropped != null) {
      change(key.previousName(), RotationPlan.Action.PREVIOUS_DROPPED, dropped, null);
    }
    values.put(key.previousName(), old);
    values.put(key.name(), fresh);
    change(key.name(), action, old, fresh);
    change(key.previousName(), RotationPlan.Action.KEPT_AS_PREVIOUS, dropped, old);
  }

  /** Removes {@code group}'s {@code _PREVIOUS} values and its grace period. */
  void dropPrevious(Profile profile, String group) {
    for (KeySpec key : profile.keysInGroup(group)) {
      SecretValue previous = values.remove(key.previousName());
      if (previous != null) {
        change(key.previousName(), RotationPlan.Action.PREVIOUS_DROPPED, previous, null);
      }
    }
    annotations.remove(Rotation.graceUntilAnnotation(group));
  }

  /**
   * Records that {@code group}'s primary keys were replaced at {@code now}.
   *
   * @return when the replaced keys' grace period ends; empty for a data group, whose previous keys
   *     have none (they go only once the data is re-encrypted)
   */
  Optional<Instant> rotated(Profile profile, String group, Instant now, Duration grace) {
    annotations.put(Rotation.rotatedAtAnnotation(group), now.toString());
    if (PhasedRotation.isDataGroup(profile, group)) {
      annotations.remove(Rotation.graceUntilAnnotation(group));
      return Optional.empty();
    }
    Instant until = now.plus(grace);
    annotations.put(Rotation.graceUntilAnnotation(group), until.toString());
    return Optional.of(until);
  }

  /** Whether some key of {@code group} has a {@code _PREVIOUS} value. */
  static boolean hasPrevious(Profile profile, Map<String, SecretValue> values, String group) {
    return profile.keysInGroup(group).stream().anyMatch(k -> values.containsKey(k.previousName()));
  }

  static void requireGroups(Profile profile, Set<String> groups) throws RotationRefusedException {
    for (String group : groups) {
      if (!profile.groups().contains(group)) {
        throw new RotationRefusedException(
            Reason.UNKNOWN_GROUP,
            "profile %s has no key group '%s'; its groups are %s"
                .formatted(profile.name(), group, String.join(", ", profile.groups())));
      }
    }
  }

  static void requireDataAllowed(Profile profile, String group, boolean allowed)
      throws RotationRefusedException {
    if (PhasedRotation.isDataGroup(profile, group) && !allowed) {
      throw new RotationRefusedException(
          Reason.DATA_KEY_NOT_ALLOWED,
          ("the %s keys encrypt data at rest: rotating them makes existing data unreadable until it"
                  + " is re-encrypted, so they take part only when named explicitly")
              .formatted(group));
    }
  }

  static void requireKeys(Profile profile, RotationState state, String group)
      throws RotationRefusedException {
    for (KeySpec key : profile.keysInGroup(group)) {
      if (!state.values().containsKey(key.name())) {
        throw new RotationRefusedException(
            Reason.KEY_MISSING,
            key.name()
                + " is missing, so there is nothing to rotate; add the key set's missing keys"
                + " first");
      }
    }
  }

  /** Refuses to drop {@code group}'s {@code _PREVIOUS} values before their grace period is over. */
  static void requireGraceOver(RotationState state, String group, Instant now)
      throws RotationRefusedException {
    Optional<Instant> until = Rotation.graceUntil(state, group);
    if (until.isEmpty()) {
      throw new RotationRefusedException(
          Reason.GRACE_UNKNOWN,
          ("the %s keys have _PREVIOUS values but no grace period is recorded for them (annotation"
                  + " %s is missing or unreadable); dropping them may log out users still holding"
                  + " cookies signed with them, so it needs an explicit override")
              .formatted(group, Rotation.graceUntilAnnotation(group)));
    }
    if (now.isBefore(until.get())) {
      throw new RotationRefusedException(
          Reason.PREVIOUS_IN_GRACE,
          ("the %s keys rotated recently and their previous values stay accepted until %s;"
                  + " dropping them now would log out users still holding cookies signed with"
                  + " them: wait until then, or override explicitly")
              .formatted(group, until.get()));
    }
  }
}
