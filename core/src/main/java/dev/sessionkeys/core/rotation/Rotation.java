package dev.sessionkeys.core.rotation;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySpec;
import dev.sessionkeys.core.Profile;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Plans the one-step rotation, as pure functions over a Secret's values and annotations, so that
 * the CLI and the operator decide exactly alike.
 *
 * <p>One step means the new key is used for issuing at once. During a rolling restart the pods that
 * still run with the old keys then cannot read cookies issued by new pods, so users bounce between
 * logged in and logged out; {@link PhasedRotation} avoids that in three steps. This one stays for
 * apps that read only the primary keys (where a restart logs users out anyway) and for callers that
 * ask for it explicitly.
 *
 * <p>Rotating a group (the keys used together, such as a cookie's hash and block keys) gives each
 * key a fresh value and keeps the value it replaced under {@code <KEY>_PREVIOUS}, which the runtime
 * library accepts when decoding. For keys that rotate with a grace period, annotations record when
 * the group rotated and when its grace ends; once it has ended, {@link #finish} (or the next
 * rotation) removes the previous values. A data key is never rotated unless explicitly asked, and
 * its previous value is never removed on a schedule: data encrypted under it stays unreadable until
 * re-encrypted.
 *
 * <p>Annotations, all under {@value #PREFIX}: {@code rotated-at.<group>} (RFC 3339) and {@code
 * grace-until.<group>}.
 */
public final class Rotation {

  /** Annotation prefix for everything sessionkeys records on a Secret. */
  public static final String PREFIX = "sessionkeys.dev/";

  private Rotation() {}

  /** The annotation that records when {@code group} last rotated. */
  public static String rotatedAtAnnotation(String group) {
    return PREFIX + "rotated-at." + group;
  }

  /** The annotation that records when the grace period of {@code group}'s previous keys ends. */
  public static String graceUntilAnnotation(String group) {
    return PREFIX + "grace-until." + group;
  }

  /**
   * What to rotate.
   *
   * @param groups the profile groups to rotate
   * @param grace how long previous values stay accepted (for grace-period keys)
   * @param reencryptAllowed whether groups whose keys protect data at rest may rotate: true only
   *     when the user named such a group explicitly
   * @param force whether to drop previous values still inside their grace period (logs out users
   *     who still hold cookies from two generations ago)
   */
  public record Request(
      Set<String> groups, Duration grace, boolean reencryptAllowed, boolean force) {
    public Request {
      groups = Set.copyOf(groups);
      if (grace.isNegative()) {
        throw new IllegalArgumentException("the grace period cannot be negative");
      }
    }
  }

  /**
   * Plans the rotation of {@code request.groups()} at {@code now}. Also drops other groups'
   * previous values whose grace is over.
   *
   * @throws RotationRefusedException when a key to rotate is missing, a data key was not asked for
   *     explicitly, or a previous value would be lost
   */
  public static RotationPlan rotate(
      Profile profile, RotationState state, Request request, Instant now, KeyGenerator generator)
      throws RotationRefusedException {
    PlanDraft.requireGroups(profile, request.groups());
    PlanDraft draft = new PlanDraft(state);
    for (String group : profile.groups()) {
      if (!request.groups().contains(group)) {
        dropExpiredPrevious(profile, group, draft, now);
      }
    }
    for (String group : profile.groups()) {
      if (request.groups().contains(group)) {
        requireRotatable(profile, state, group, now, request);
        for (KeySpec key : profile.keysInGroup(group)) {
          draft.replace(key, RotationPlan.Action.GENERATED, generator.generate(key));
        }
        draft.notes.add(
            draft
                .rotated(profile, group, now, request.grace())
                .map(
                    until ->
                        ("the old %s keys stay accepted as _PREVIOUS until %s; restart the"
                                + " workloads that read them so they pick up the new keys")
                            .formatted(group, until))
                .orElse(
                    ("data encrypted under the old %s keys must be re-encrypted with the new ones"
                            + " before their _PREVIOUS values are removed (by finishing the"
                            + " rotation of the %s group)")
                        .formatted(group, group)));
      }
    }
    return new RotationPlan(draft.after(), draft.changes, draft.notes);
  }

  /**
   * Plans the clean-up after rotation: removes previous values whose grace is over (or all
   * grace-period ones with {@code force}), and the previous values of the data groups listed in
   * {@code dropReencryptGroups}, which the user confirms are no longer needed.
   */
  public static RotationPlan finish(
      Profile profile,
      RotationState state,
      Instant now,
      Set<String> dropReencryptGroups,
      boolean force) {
    PlanDraft draft = new PlanDraft(state);
    for (String group : profile.groups()) {
      if (PhasedRotation.isDataGroup(profile, group)) {
        if (dropReencryptGroups.contains(group)) {
          draft.dropPrevious(profile, group);
        } else if (PlanDraft.hasPrevious(profile, state.values(), group)) {
          draft.notes.add(
              ("kept the previous %s keys: data may still be encrypted under them; drop them by"
                      + " finishing the rotation of the %s group once it is re-encrypted")
                  .formatted(group, group));
        }
      } else if (force) {
        draft.dropPrevious(profile, group);
      } else {
        dropExpiredPrevious(profile, group, draft, now);
        graceUntil(state, group)
            .filter(now::isBefore)
            .ifPresent(
                until ->
                    draft.notes.add(
                        "kept the previous %s keys: their grace period ends at %s"
                            .formatted(group, until)));
      }
    }
    return new RotationPlan(draft.after(), draft.changes, draft.notes);
  }

  /** When the grace period of {@code group} ends, if recorded and readable. */
  public static Optional<Instant> graceUntil(RotationState state, String group) {
    return instant(state.annotations().get(graceUntilAnnotation(group)));
  }

  /** When {@code group} last rotated, if recorded and readable. */
  public static Optional<Instant> rotatedAt(RotationState state, String group) {
    return instant(state.annotations().get(rotatedAtAnnotation(group)));
  }

  /**
   * The grace-period groups that still hold previous values although their grace ended before
   * {@code now}: apps go on accepting cookies that should be dead.
   */
  public static Set<String> expiredGroups(Profile profile, RotationState state, Instant now) {
    Set<String> expired = new LinkedHashSet<>();
    for (String group : profile.groups()) {
      if (!PhasedRotation.isDataGroup(profile, group)
          && PlanDraft.hasPrevious(profile, state.values(), group)
          && graceUntil(state, group).map(until -> !now.isBefore(until)).orElse(false)) {
        expired.add(group);
      }
    }
    return expired;
  }

  /** Refuses a one-step rotation of {@code group} that would strand or lose a key. */
  private static void requireRotatable(
      Profile profile, RotationState state, String group, Instant now, Request request)
      throws RotationRefusedException {
    PlanDraft.requireDataAllowed(profile, group, request.reencryptAllowed());
    for (KeySpec key : profile.keysInGroup(group)) {
      if (state.values().containsKey(key.nextName())) {
        throw new RotationRefusedException(
            RotationRefusedException.Reason.STAGED_ROTATION_IN_PROGRESS,
            ("the %s keys are in a staged rotation (%s is staged); a one-step rotation now would"
                    + " strand it: promote and retire instead")
                .formatted(group, key.nextName()));
      }
    }
    PlanDraft.requireKeys(profile, state, group);
    for (KeySpec key : profile.keysInGroup(group)) {
      if (state.values().containsKey(key.previousName())
          && PhasedRotation.isDataGroup(profile, group)) {
        throw new RotationRefusedException(
            RotationRefusedException.Reason.DATA_PREVIOUS_PRESENT,
            ("%s still holds the key from the last rotation, and data may still be encrypted"
                    + " under it; re-encrypt that data, drop it by finishing the rotation of the %s"
                    + " group, then rotate again")
                .formatted(key.previousName(), group));
      }
    }
    if (PlanDraft.hasPrevious(profile, state.values(), group) && !request.force()) {
      PlanDraft.requireGraceOver(state, group, now);
    }
  }

  private static void dropExpiredPrevious(
      Profile profile, String group, PlanDraft draft, Instant now) {
    Optional<Instant> until = instant(draft.annotations.get(graceUntilAnnotation(group)));
    if (!PhasedRotation.isDataGroup(profile, group)
        && until.isPresent()
        && !now.isBefore(until.get())) {
      draft.dropPrevious(profile, group);
    }
  }

  static Optional<Instant> instant(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text.trim()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
