package dev.sessionkeys.operator;

import dev.sessionkeys.core.Alphabet;
import dev.sessionkeys.core.Durations;
import dev.sessionkeys.core.KeySpec;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.RotationClass;
import dev.sessionkeys.operator.crd.DeletionPolicy;
import dev.sessionkeys.operator.crd.InlineKey;
import dev.sessionkeys.operator.crd.ProfileSpec;
import dev.sessionkeys.operator.crd.RotationSpec;
import dev.sessionkeys.operator.crd.RotationStrategy;
import dev.sessionkeys.operator.crd.SessionKeySetSpec;
import dev.sessionkeys.operator.crd.WorkloadRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A SessionKeySet's spec with defaults applied and every field checked: what the reconciler works
 * from.
 *
 * @param profile the keys
 * @param secretName the Secret's name
 * @param interval how often grace-period groups rotate, if on a schedule
 * @param grace how long replaced keys stay accepted
 * @param restart workloads to roll after a rotation
 * @param adoptHelmSecret whether a Helm-owned Secret may be taken over
 * @param repair whether invalid keys are replaced
 * @param deletionPolicy what happens to the Secret when the resource goes
 * @param strategy how scheduled rotations run
 */
record ResolvedSpec(
    Profile profile,
    String secretName,
    Optional<Duration> interval,
    Duration grace,
    List<WorkloadRef> restart,
    boolean adoptHelmSecret,
    boolean repair,
    DeletionPolicy deletionPolicy,
    RotationStrategy strategy) {

  /** The grace period when the spec gives none: a day, as the {@code rotate} command's default. */
  static final Duration DEFAULT_GRACE = Duration.ofHours(24);

  ResolvedSpec {
    restart = List.copyOf(restart);
  }

  /** A spec the operator cannot act on; the message goes into the status and an Event. */
  static final class InvalidSpecException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidSpecException(String message) {
      super(message);
    }
  }

  static ResolvedSpec resolve(SessionKeySetSpec spec) throws InvalidSpecException {
    if (spec == null) {
      spec = new SessionKeySetSpec();
    }
    try {
      Profile profile = profile(spec.profile);
      String secretName =
          spec.secretName == null || spec.secretName.isBlank()
              ? profile.defaultSecretName()
              : spec.secretName;
      if (!Profile.isValidSecretName(secretName)) {
        throw new InvalidSpecException(
            "spec.secretName '" + secretName + "' is not a valid Secret name");
      }
      RotationSpec rotation =
          spec.rotation == null ? new RotationSpec(null, null, null) : spec.rotation;
      Optional<Duration> interval =
          Optional.ofNullable(rotation.interval())
              .map(text -> Durations.parse("spec.rotation.interval", text));
      if (interval.isPresent() && interval.get().compareTo(Duration.ofMinutes(1)) < 0) {
        throw new InvalidSpecException("spec.rotation.interval must be at least 1m");
      }
      Duration grace =
          rotation.grace() == null
              ? DEFAULT_GRACE
              : Durations.parse("spec.rotation.grace", rotation.grace());
      if (interval.isPresent() && grace.compareTo(interval.get()) >= 0) {
        // Otherwise every scheduled rotation would find the last one's previous keys still in use
        // and refuse.
        throw new InvalidSpecException(
            "spec.rotation.grace ("
                + grace
                + ") must be shorter than spec.rotation.interval ("
                + interval.get()
                + ")");
      }
      List<WorkloadRef> restart = spec.restart == null ? List.of() : spec.restart;
      for (WorkloadRef ref : restart) {
        if (ref == null || ref.kind() == null || ref.name() == null || ref.name().isBlank()) {
          throw new InvalidSpecException("spec.restart: every entry needs a kind and a name");
        }
      }
      return new ResolvedSpec(
          profile,
          secretName,
          interval,
          grace,
          restart,
          spec.adoptHelmSecret,
          spec.repair,
          Objects.requireNonNullElse(spec.deletionPolicy, DeletionPolicy.Retain),
          Objects.requireNonNullElse(rotation.strategy(), RotationStrategy.OneStep));
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException(e.getMessage());
    }
  }

  private static Profile profile(ProfileSpec spec) throws InvalidSpecException {
    boolean hasKeys = spec != null && spec.keys() != null && !spec.keys().isEmpty();
    if (spec == null || (spec.name() == null && !hasKeys)) {
      return Profile.FAIRWINDS_INSIGHTS;
    }
    if (spec.name() != null && hasKeys) {
      throw new InvalidSpecException("spec.profile: give either name or keys, not both");
    }
    if (!hasKeys) {
      return Profile.builtIn(spec.name())
          .orElseThrow(
              () ->
                  new InvalidSpecException(
                      "spec.profile.name '"
                          + spec.name()
                          + "' is not a built-in profile; built-in: "
                          + Profile.builtInNames()));
    }
    List<KeySpec> keys = new ArrayList<>();
    for (InlineKey key : spec.keys()) {
      RotationClass rotation =
          key.rotation() == null
              ? RotationClass.GRACE_PERIOD
              : RotationClass.fromProfileName(key.rotation());
      if (rotation == null) {
        throw new InvalidSpecException(
            "spec.profile.keys: key "
                + key.name()
                + " has rotation '"
                + key.rotation()
                + "'; use grace or reencrypt");
      }
      keys.add(
          new KeySpec(
              key.name(),
              key.length(),
              Alphabet.ALPHANUMERIC,
              Objects.requireNonNullElse(key.group(), ""),
              Objects.requireNonNullElse(key.purpose(), ""),
              rotation));
    }
    // The inline profile lives in the resource's own namespace; its default Secret name is only
    // used when spec.secretName is missing, which an inline profile must not rely on.
    return new Profile("inline", keys, "session-keys", "default");
  }
}
