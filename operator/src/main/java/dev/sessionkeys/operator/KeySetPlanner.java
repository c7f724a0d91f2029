package dev.sessionkeys.operator;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySpec;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.RotationClass;
import dev.sessionkeys.core.SecretValue;
import dev.sessionkeys.core.rotation.Rotation;
import dev.sessionkeys.core.rotation.RotationPlan;
import dev.sessionkeys.core.rotation.RotationRefusedException;
import dev.sessionkeys.core.rotation.RotationState;
import dev.sessionkeys.core.validate.Finding;
import dev.sessionkeys.core.validate.FindingCode;
import dev.sessionkeys.core.validate.SecretDocument;
import dev.sessionkeys.core.validate.SecretValidator;
import dev.sessionkeys.core.validate.ValidationReport;
import dev.sessionkeys.operator.crd.RotationStrategy;
import dev.sessionkeys.operator.crd.SessionKeySet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Decides, as a pure function of what the cluster holds and the time, what one SessionKeySet's
 * Secret should become. All rotation decisions go through {@link Rotation}, so the operator rotates
 * exactly as the {@code rotate} command.
 *
 * <p>The order of a pass: add missing keys; drop {@code _PREVIOUS} keys whose grace is over; a
 * requested rotation; a repair (only with {@code spec.repair}); the scheduled rotation of the
 * grace-period groups that are due. A present valid key changes only through a rotation; an invalid
 * one is reported and left unless repair is on.
 */
final class KeySetPlanner {

  /** When the operator created the Secret; the age of keys that never rotated counts from here. */
  static final String CREATED_AT = Rotation.PREFIX + "created-at";

  /**
   * The rotation request (value of the resource's rotate annotation) already carried out. Written
   * in the same update as the rotation it caused, so that an operator taking over after a crash
   * never carries it out twice.
   */
  static final String ROTATE_HANDLED = Rotation.PREFIX + "rotate-handled";

  /**
   * Set with a rotation when workloads must roll; its value stamps the restart, which makes the
   * restart idempotent.
   */
  static final String RESTART_PENDING = Rotation.PREFIX + "restart-pending";

  /** Asks for every grace-period group at once. */
  static final String ALL_SESSIONS = "all-sessions";

  /**
   * What the cluster holds for the Secret.
   *
   * @param rolloutWait for the phased strategy: what the workloads of {@code spec.restart} are
   *     still rolling out, or empty when every one has finished
   */
  record Observed(
      SecretDocument document,
      RotationState state,
      Optional<Instant> createdAt,
      Optional<String> rolloutWait) {}

  /** A condition's status, reason and message. */
  record Verdict(boolean ok, String reason, String message) {}

  /**
   * The outcome of one pass.
   *
   * @param after the Secret's values and annotations as they should be
   * @param changed whether {@code after} differs from what the cluster holds (always true when
   *     creating)
   * @param create whether the Secret does not exist yet
   * @param notes events to record, in order
   * @param valid the Valid condition
   * @param rotating the Rotating condition
   * @param triggerDone whether the rotate annotation on the resource has been dealt with and can be
   *     removed
   * @param rotatedGroups the groups rotated in this pass
   * @param lastRotation when any group last rotated
   * @param nextRotation when the next scheduled rotation is due
   * @param graceUntil when the last grace period ends
   * @param wakeAt when the next pass should run without any change in the cluster
   * @param keyBirth per group, when its current keys were made (for the key-age metric)
   */
  record Plan(
      RotationState after,
      boolean changed,
      boolean create,
      List<Note> notes,
      Verdict valid,
      Verdict rotating,
      boolean triggerDone,
      Set<String> rotatedGroups,
      Optional<Instant> lastRotation,
      Optional<Instant> nextRotation,
      Optional<Instant> graceUntil,
      Optional<Instant> wakeAt,
      Map<String, Instant> keyBirth) {

    /** Whether every key of the profile is present after the plan. */
    boolean complete(Profile profile) {
      return profile.keys().stream().allMatch(k -> after.values().containsKey(k.name()));
    }
  }

  private final KeyGenerator generator;

  KeySetPlanner(KeyGenerator generator) {
    this.generator = generator;
  }

  Plan plan(ResolvedSpec spec, Optional<Observed> observed, Optional<String> trigger, Instant now) {
    return observed.isEmpty()
        ? planCreate(spec, trigger, now)
        : planUpdate(spec, observed.get(), trigger, now);
  }

  private Plan planCreate(ResolvedSpec spec, Optional<String> trigger, Instant now) {
    Profile profile = spec.profile();
    Map<String, SecretValue> values = new LinkedHashMap<>(generator.generate(profile).values());
    Map<String, String> annotations = new LinkedHashMap<>(Map.of(CREATED_AT, now.toString()));
    // A request on a resource whose Secret does not exist yet is met by the fresh keys themselves.
    trigger.ifPresent(t -> annotations.put(ROTATE_HANDLED, t));
    Note created =
        Note.normal(
            "Created",
            "created Secret "
                + spec.secretName()
                + " with "
                + profile.keys().size()
                + " fresh keys");
    return finish(
        spec,
        Optional.empty(),
        new RotationState(values, annotations),
        List.of(created),
        List.of(),
        Optional.empty(),
        trigger.isPresent(),
        Set.of(),
        PhasedSchedule.Step.NONE,
        now);
  }

  private Plan planUpdate(
      ResolvedSpec spec, Observed observed, Optional<String> trigger, Instant now) {
    Profile profile = spec.profile();
    ValidationReport report = SecretValidator.validate(profile, observed.document());
    Map<String, List<Finding>> invalidKeys = invalidCurrentKeys(profile, report);
    Set<String> invalidGroups = new LinkedHashSet<>();
    invalidKeys.keySet().forEach(k -> invalidGroups.add(profile.key(k).orElseThrow().group()));

    List<Note> notes = new ArrayList<>();
    Map<String, SecretValue> values = new LinkedHashMap<>(observed.state().values());
    Map<String, String> annotations = new LinkedHashMap<>(observed.state().annotations());

    List<String> added = new ArrayList<>();
    for (KeySpec key : profile.keys()) {
      if (!values.containsKey(key.name())) {
        SecretValue fresh = generator.generate(key);
        values.put(key.name(), fresh);
        added.add(key.name() + " (sha256:" + fresh.fingerprint() + ")");
      }
    }
    if (!added.isEmpty()) {
      notes.add(Note.normal("KeysAdded", "added missing " + String.join(", ", added)));
    }
    if (trigger.isEmpty()) {
      annotations.remove(ROTATE_HANDLED);
    }
    RotationState state = new RotationState(values, annotations);

    boolean phased = spec.strategy() == RotationStrategy.Phased;
    // In phased rotations the retire phase drops _PREVIOUS keys, after the rollout like every
    // phase.
    RotationPlan cleanup = phased ? null : Rotation.finish(profile, state, now, Set.of(), false);
    if (cleanup != null && !cleanup.isEmpty()) {
      state = cleanup.after();
      notes.add(Note.normal("GraceEnded", "removed " + describe(cleanup) + ": grace period over"));
    }

    Set<String> rotated = new LinkedHashSet<>();
    if (trigger.isPresent() && !trigger.get().equals(state.annotations().get(ROTATE_HANDLED))) {
      state = requested(spec, state, trigger.get(), now, rotated, notes);
      state = withAnnotation(state, ROTATE_HANDLED, trigger.get());
    }

    Set<String> toRepair = new LinkedHashSet<>(invalidGroups);
    toRepair.removeAll(rotated);
    Optional<String> repairBlocked = Optional.empty();
    if (spec.repair() && !toRepair.isEmpty()) {
      try {
        RotationPlan repair = rotate(spec, state, toRepair, true, now);
        state = repair.after();
        rotated.addAll(toRepair);
        notes.add(
            Note.normal(
                "Repaired", "replaced the invalid " + toRepair + " keys: " + describe(repair)));
      } catch (RotationRefusedException e) {
        // Reported through the Valid condition (one Event when it changes), not as an Event on
        // every pass.
        repairBlocked = Optional.of(e.getMessage());
      }
    }

    Optional<String> blocked = Optional.empty();
    PhasedSchedule.Step phasedStep = PhasedSchedule.Step.NONE;
    if (phased && spec.interval().isPresent()) {
      PhasedSchedule.Result result =
          new PhasedSchedule(generator)
              .run(spec, observed, state, invalidGroups, rotated, notes, now);
      state = result.state();
      phasedStep = result.step();
      blocked = result.blocked();
    } else if (spec.interval().isPresent()) {
      // One group at a time, so that a group that must wait does not hold back the others.
      List<String> refusals = new ArrayList<>();
      for (String group : graceGroups(profile)) {
        boolean due =
            !now.isBefore(
                birth(state, group, observed.createdAt(), now).plus(spec.interval().get()));
        if (!due || rotated.contains(group) || invalidGroups.contains(group)) {
          continue;
        }
        try {
          RotationPlan scheduled = rotate(spec, state, Set.of(group), false, now);
          state = scheduled.after();
          rotated.add(group);
          notes.add(
              Note.normal(
                  "Rotated",
                  "scheduled rotation of the "
                      + group
                      + " keys: "
                      + describe(scheduled)
                      + "; replaced keys accepted until "
                      + now.plus(spec.grace())));
        } catch (RotationRefusedException e) {
          refusals.add(e.getMessage());
        }
      }
      if (!refusals.isEmpty()) {
        blocked = Optional.of(String.join("; ", refusals));
      }
    }
    if (!rotated.isEmpty() && !spec.restart().isEmpty()) {
      state = withAnnotation(state, RESTART_PENDING, now.toString());
    }

    List<String> remainingInvalid =
        invalidKeys.entrySet().stream()
            .filter(e -> !rotated.contains(profile.key(e.getKey()).orElseThrow().group()))
            .flatMap(e -> e.getValue().stream())
            .map(f -> f.code().id() + ": " + f.message())
            .collect(Collectors.toCollection(ArrayList::new));
    repairBlocked.ifPresent(why -> remainingInvalid.add("repair waits: " + why));
    return finish(
        spec,
        Optional.of(observed),
        state,
        notes,
        remainingInvalid,
        blocked,
        trigger.isPresent(),
        rotated,
        phasedStep,
        now);
  }

  /**
   * Carries out the resource's rotate annotation. A refusal is reported and the request counts as
   * handled.
   */
  private RotationState requested(
      ResolvedSpec spec,
      RotationState state,
      String trigger,
      Instant now,
      Set<String> rotated,
      List<Note> notes) {
    Profile profile = spec.profile();
    // What follows an @ only tells two requests for the same groups apart.
    String groupsPart = trigger.split("@", 2)[0];
    Set<String> groups = new LinkedHashSet<>();
    boolean reencryptNamed = false;
    for (String word : groupsPart.split(",")) {
      String group = word.trim();
      if (group.isEmpty()) {
        continue;
      }
      if (group.equals(ALL_SESSIONS)) {
        groups.addAll(graceGroups(profile));
      } else if (!profile.groups().contains(group)) {
        notes.add(
            Note.warning(
                "RotationRefused",
                "annotation "
                    + SessionKeySet.ROTATE_ANNOTATION
                    + " names the group '"
                    + group
                    + "', which profile "
                    + profile.name()
                    + " does not have; its groups are "
                    + profile.groups()
                    + " (or "
                    + ALL_SESSIONS
                    + ")"));
        return state;
      } else {
        groups.add(group);
        reencryptNamed |= !graceGroups(profile).contains(group);
      }
    }
    if (groups.isEmpty()) {
      notes.add(
          Note.warning(
              "RotationRefused",
              "annotation "
                  + SessionKeySet.ROTATE_ANNOTATION
                  + " names no group; write for example cookie,session or "
                  + ALL_SESSIONS));
      return state;
    }
    try {
      RotationPlan plan = rotate(spec, state, groups, reencryptNamed, now);
      rotated.addAll(groups);
      notes.add(
          Note.normal(
              "Rotated", "rotation of the " + groups + " keys on request: " + describe(plan)));
      for (String note : plan.notes()) {
        if (reencryptNamed && note.contains("re-encrypted")) {
          notes.add(Note.warning("ReencryptData", note));
        }
      }
      return plan.after();
    } catch (RotationRefusedException e) {
      notes.add(Note.warning("RotationRefused", e.getMessage()));
      return state;
    }
  }

  private Plan finish(
      ResolvedSpec spec,
      Optional<Observed> observed,
      RotationState after,
      List<Note> notes,
      List<String> invalid,
      Optional<String> blocked,
      boolean triggerDone,
      Set<String> rotated,
      PhasedSchedule.Step phasedStep,
      Instant now) {
    Profile profile = spec.profile();
    Optional<Instant> createdAt = observed.flatMap(Observed::createdAt);
    Verdict valid =
        invalid.isEmpty()
            ? new Verdict(true, "KeysValid", "every key passes the " + profile.name() + " checks")
            : new Verdict(
                false,
                "InvalidKeys",
                String.join("; ", invalid)
                    + (spec.repair()
                        ? ""
                        : " (left unchanged: set spec.repair to replace invalid keys)"));

    Map<String, Instant> keyBirth = new TreeMap<>();
    List<Instant> rotations = new ArrayList<>();
    List<Instant> graceEnds = new ArrayList<>();
    List<Instant> dues = new ArrayList<>();
    List<String> inGrace = new ArrayList<>();
    List<String> awaitingReencryption = new ArrayList<>();
    Set<String> graceGroups = graceGroups(profile);
    for (String group : profile.groups()) {
      keyBirth.put(group, birth(after, group, createdAt, now));
      Rotation.rotatedAt(after, group).ifPresent(rotations::add);
      boolean hasPrevious =
          profile.keysInGroup(group).stream()
              .anyMatch(k -> after.values().containsKey(k.previousName()));
      if (hasPrevious && graceGroups.contains(group)) {
        Optional<Instant> until = Rotation.graceUntil(after, group);
        if (until.isPresent()) {
          inGrace.add(group + " until " + until.get());
          graceEnds.add(until.get());
        } else {
          inGrace.add(
              group
                  + " (no grace period recorded: kept until removed by hand or `rotate --finish --force`)");
        }
      } else if (hasPrevious) {
        awaitingReencryption.add(group);
      }
      if (spec.interval().isPresent() && graceGroups.contains(group)) {
        dues.add(keyBirth.get(group).plus(spec.interval().get()));
      }
    }
    String waits = blocked.map(why -> "; scheduled rotation waits: " + why).orElse("");
    Verdict rotating;
    if (!inGrace.isEmpty()) {
      rotating =
          new Verdict(
              true,
              "GracePeriod",
              "replaced keys still accepted as _PREVIOUS: " + String.join(", ", inGrace) + waits);
    } else if (!awaitingReencryption.isEmpty()) {
      rotating =
          new Verdict(
              true,
              "AwaitingReencryption",
              "the previous "
                  + awaitingReencryption
                  + " keys are kept"
                  + " until data is re-encrypted; then `sessionkeys rotate --finish --keys "
                  + awaitingReencryption.get(0)
                  + "`"
                  + waits);
    } else if (blocked.isPresent()) {
      rotating = new Verdict(false, "RotationBlocked", blocked.get());
    } else {
      rotating = new Verdict(false, "Idle", "no replaced keys are pending");
    }
    Optional<Instant> wake =
        Stream.concat(graceEnds.stream(), dues.stream()).min(Comparator.naturalOrder());
    if (!phasedStep.idle()) {
      rotating = phasedStep.verdict();
      // The schedule's own wake-up is already due while a phase is held: look again in a while,
      // not at once (within a grace period the plan's own wake-up, at its end, is the right one).
      Instant soon = now.plus(phasedStep.recheck());
      wake = wake.filter(t -> t.isAfter(now) && t.isBefore(soon)).or(() -> Optional.of(soon));
    }
    return new Plan(
        after,
        observed.map(o -> !after.equals(o.state())).orElse(true),
        observed.isEmpty(),
        List.copyOf(notes),
        valid,
        rotating,
        triggerDone,
        Set.copyOf(rotated),
        rotations.stream().max(Comparator.naturalOrder()),
        dues.stream().min(Comparator.naturalOrder()),
        graceEnds.stream().max(Comparator.naturalOrder()),
        wake,
        keyBirth);
  }

  /** The one-step rotation of {@code groups}, with the spec's grace period. */
  private RotationPlan rotate(
      ResolvedSpec spec, RotationState state, Set<String> groups, boolean reencrypt, Instant now)
      throws RotationRefusedException {
    return Rotation.rotate(
        spec.profile(),
        state,
        new Rotation.Request(groups, spec.grace(), reencrypt, false),
        now,
        generator);
  }

  /**
   * Current (not {@code _PREVIOUS}) keys with an error finding other than being missing, with those
   * findings.
   */
  private static Map<String, List<Finding>> invalidCurrentKeys(
      Profile profile, ValidationReport report) {
    return report.findings().stream()
        .filter(
            f ->
                f.isError()
                    && f.key() != null
                    && f.code() != FindingCode.MISSING_KEY
                    && profile.key(f.key()).isPresent())
        .collect(Collectors.groupingBy(Finding::key, LinkedHashMap::new, Collectors.toList()));
  }

  /** The groups whose keys all rotate with a grace period: the ones a schedule may rotate. */
  static Set<String> graceGroups(Profile profile) {
    return profile.groups().stream()
        .filter(
            group ->
                profile.keysInGroup(group).stream()
                    .allMatch(k -> k.rotation() == RotationClass.GRACE_PERIOD))
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** When the group's current keys were made: its last rotation, else the Secret's creation. */
  static Instant birth(
      RotationState state, String group, Optional<Instant> createdAt, Instant now) {
    return Rotation.rotatedAt(state, group)
        .or(() -> readInstant(state.annotations().get(CREATED_AT)))
        .or(() -> createdAt)
        .orElse(now);
  }

  /** An RFC 3339 instant, or empty when absent or unreadable. */
  static Optional<Instant> readInstant(String text) {
    try {
      return text == null ? Optional.empty() : Optional.of(Instant.parse(text));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static RotationState withAnnotation(RotationState state, String name, String value) {
    Map<String, String> annotations = new LinkedHashMap<>(state.annotations());
    annotations.put(name, value);
    return new RotationState(state.values(), annotations);
  }

  private static String describe(RotationPlan plan) {
    return plan.changes().stream()
        .map(
            change ->
                switch (change.action()) {
                  case GENERATED, PROMOTED ->
                      change.key()
                          + " sha256:"
                          + change.oldFingerprint()
                          + " -> sha256:"
                          + change.newFingerprint();
                  case KEPT_AS_PREVIOUS, NEXT_ADDED ->
                      change.key() + " = sha256:" + change.newFingerprint();
                  case PREVIOUS_DROPPED ->
                      change.key() + " (sha256:" + change.oldFingerprint() + ") dropped";
                })
        .collect(Collectors.joining(", "));
  }
}
