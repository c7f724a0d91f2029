package dev.sessionkeys.core.rotation;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySpec;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.RotationClass;
import dev.sessionkeys.core.SecretValue;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
    for (String group : request.groups()) {
      if (!profile.groups().contains(group)) {
        throw new RotationRefusedException(
            "profile "
                + profile.name()
                + " has no key group '"
                + group
                + "'; its groups are "
                + profile.groups());
      }
    }
    Map<String, SecretValue> values = new LinkedHashMap<>(state.values());
    Map<String, String> annotations = new LinkedHashMap<>(state.annotations());
    List<RotationPlan.Change> changes = new ArrayList<>();
    List<String> notes = new ArrayList<>();

    for (String group : profile.groups()) {
      if (request.groups().contains(group)) {
        continue;
      }
      dropExpiredPrevious(profile, group, values, annotations, now, changes);
    }
    for (String group : profile.groups()) {
      if (!request.groups().contains(group)) {
        continue;
      }
      List<KeySpec> keys = profile.keysInGroup(group);
      boolean reencrypt = keys.stream().anyMatch(k -> k.rotation() == RotationClass.REENCRYPT);
      if (reencrypt && !request.reencryptAllowed()) {
        throw new RotationRefusedException(
            RotationRefusedException.Reason.DATA_KEY_NOT_ALLOWED,
            "the "
                + group
                + " keys encrypt data at rest: rotating them makes existing data unreadable until it is"
                + " re-encrypted; name the group "
                + group
                + " explicitly if that is what you want");
      }
      for (KeySpec key : keys) {
        if (values.containsKey(key.nextName())) {
          throw new RotationRefusedException(
              RotationRefusedException.Reason.STAGED_ROTATION_IN_PROGRESS,
              "the "
                  + group
                  + " keys are in a staged rotation ("
                  + key.nextName()
                  + " is staged); a one-step rotation now would strand it: promote and retire"
                  + " instead");
        }
        if (!values.containsKey(key.name())) {
          throw new RotationRefusedException(
              key.name()
                  + " is missing, so there is nothing to rotate; add it first (`sessionkeys apply`)");
        }
        if (values.containsKey(key.previousName())) {
          refuseIfPreviousStillNeeded(group, key, reencrypt, annotations, now, request.force());
        }
      }
      for (KeySpec key : keys) {
        SecretValue old = values.get(key.name());
        SecretValue dropped = values.get(key.previousName());
        if (dropped != null) {
          changes.add(
              new RotationPlan.Change(
                  key.previousName(),
                  RotationPlan.Action.PREVIOUS_DROPPED,
                  dropped.fingerprint(),
                  null));
        }
        SecretValue fresh = generator.generate(key);
        values.put(key.previousName(), old);
        values.put(key.name(), fresh);
        changes.add(
            new RotationPlan.Change(
                key.name(), RotationPlan.Action.GENERATED, old.fingerprint(), fresh.fingerprint()));
        changes.add(
            new RotationPlan.Change(
                key.previousName(),
                RotationPlan.Action.KEPT_AS_PREVIOUS,
                dropped == null ? null : dropped.fingerprint(),
                old.fingerprint()));
      }
      annotations.put(rotatedAtAnnotation(group), now.toString());
      if (reencrypt) {
        annotations.remove(graceUntilAnnotation(group));
        notes.add(
            "data encrypted under the old "
                + group
                + " keys must be re-encrypted with the new ones before"
                + " their _PREVIOUS values are removed (by finishing the rotation of the "
                + group
                + " group)");
      } else {
        annotations.put(graceUntilAnnotation(group), now.plus(request.grace()).toString());
        notes.add(
            "the old "
                + group
                + " keys stay accepted as _PREVIOUS until "
                + now.plus(request.grace())
                + "; restart the workloads that read them so they pick up the new keys");
      }
    }
    return new RotationPlan(new RotationState(values, annotations), changes, notes);
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
    Map<String, SecretValue> values = new LinkedHashMap<>(state.values());
    Map<String, String> annotations = new LinkedHashMap<>(state.annotations());
    List<RotationPlan.Change> changes = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (String group : profile.groups()) {
      boolean reencrypt =
          profile.keysInGroup(group).stream()
              .anyMatch(k -> k.rotation() == RotationClass.REENCRYPT);
      if (reencrypt) {
        if (dropReencryptGroups.contains(group)) {
          dropPrevious(profile, group, values, annotations, changes);
        } else if (profile.keysInGroup(group).stream()
            .anyMatch(k -> values.containsKey(k.previousName()))) {
          notes.add(
              "kept the previous "
                  + group
                  + " keys: data may still be encrypted under them;"
                  + " drop them by finishing the rotation of the "
                  + group
                  + " group once it is re-encrypted");
        }
      } else if (force) {
        dropPrevious(profile, group, values, annotations, changes);
      } else {
        dropExpiredPrevious(profile, group, values, annotations, now, changes);
        graceUntil(state, group)
            .filter(now::isBefore)
            .ifPresent(
                until ->
                    notes.add(
                        "kept the previous "
                            + group
                            + " keys: their grace period ends at "
                            + until));
      }
    }
    return new RotationPlan(new RotationState(values, annotations), changes, notes);
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
      boolean hasPrevious =
          profile.keysInGroup(group).stream()
              .anyMatch(
                  k ->
                      k.rotation() == RotationClass.GRACE_PERIOD
                          && state.values().containsKey(k.previousName()));
      if (hasPrevious
          && graceUntil(state, group).map(until -> !now.isBefore(until)).orElse(false)) {
        expired.add(group);
      }
    }
    return expired;
  }

  private static void refuseIfPreviousStillNeeded(
      String group,
      KeySpec key,
      boolean reencrypt,
      Map<String, String> annotations,
      Instant now,
      boolean force)
      throws RotationRefusedException {
    if (reencrypt) {
      throw new RotationRefusedException(
          RotationRefusedException.Reason.DATA_PREVIOUS_PRESENT,
          key.previousName()
              + " still holds the key from the last rotation, and data may still be encrypted under"
              + " it; re-encrypt that data, drop it by finishing the rotation of the "
              + group
              + " group, then rotate again");
    }
    if (force) {
      return;
    }
    Optional<Instant> until = instant(annotations.get(graceUntilAnnotation(group)));
    if (until.isEmpty()) {
      throw new RotationRefusedException(
          RotationRefusedException.Reason.GRACE_UNKNOWN,
          key.previousName()
              + " exists but no grace period is recorded for it (annotation "
              + graceUntilAnnotation(group)
              + "); rotating again would drop it and log out whoever still uses it;"
              + " force the rotation if it is no longer needed");
    }
    if (now.isBefore(until.get())) {
      throw new RotationRefusedException(
          RotationRefusedException.Reason.PREVIOUS_IN_GRACE,
          "the "
              + group
              + " keys rotated recently and their previous values stay accepted until "
              + until.get()
              + "; rotating again now would log out users still holding older cookies; wait, or force"
              + " the rotation");
    }
  }

  private static void dropExpiredPrevious(
      Profile profile,
      String group,
      Map<String, SecretValue> values,
      Map<String, String> annotations,
      Instant now,
      List<RotationPlan.Change> changes) {
    boolean grace =
        profile.keysInGroup(group).stream()
            .allMatch(k -> k.rotation() == RotationClass.GRACE_PERIOD);
    Optional<Instant> until = instant(annotations.get(graceUntilAnnotation(group)));
    if (grace && until.isPresent() && !now.isBefore(until.get())) {
      dropPrevious(profile, group, values, annotations, changes);
    }
  }

  private static void dropPrevious(
      Profile profile,
      String group,
      Map<String, SecretValue> values,
      Map<String, String> annotations,
      List<RotationPlan.Change> changes) {
    for (KeySpec key : profile.keysInGroup(group)) {
      SecretValue previous = values.remove(key.previousName());
      if (previous != null) {
        changes.add(
            new RotationPlan.Change(
                key.previousName(),
                RotationPlan.Action.PREVIOUS_DROPPED,
                previous.fingerprint(),
                null));
      }
    }
    annotations.remove(graceUntilAnnotation(group));
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
