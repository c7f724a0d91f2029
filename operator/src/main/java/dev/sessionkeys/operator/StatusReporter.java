package dev.sessionkeys.operator;

import dev.sessionkeys.core.KeySpec;
import dev.sessionkeys.kube.Adopt;
import dev.sessionkeys.operator.crd.SessionKeySet;
import dev.sessionkeys.operator.crd.SessionKeySetStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reports a pass: the SessionKeySet's status (keys' fingerprints, times, the Ready, Valid and
 * Rotating conditions), Events (a Warning when a condition turns bad), and the removal of a handled
 * rotate request.
 */
record StatusReporter(KubernetesClient client, Clock clock) {

  private static final String COMPONENT = "sessionkeys-operator";
  private static final Logger LOG = Logger.getLogger(StatusReporter.class.getName());

  static final String READY = "Ready";
  static final String VALID = "Valid";
  static final String ROTATING = "Rotating";

  /** Why a pass wrote nothing although the spec is fine. */
  enum Block {
    NONE,
    /** Helm still claims the Secret and the set does not take it over. */
    HELM_OWNED,
    /** The Secret is someone else's and does not invite the set. */
    NOT_OWNED
  }

  /** The longest a set waits for its next scheduled pass. */
  static final Duration MAX_WAIT = Duration.ofHours(1);

  /** How soon a set blocked by a foreign Secret looks again (an invitation starts no event). */
  static final Duration NOT_OWNED_RECHECK = Duration.ofMinutes(1);

  /** The status of a set whose spec cannot be acted on; the keys reported last time stay. */
  SessionKeySetStatus invalidSpec(SessionKeySet set, SessionKeySetStatus previous, String message) {
    return blocked(
        set,
        previous,
        previous.secretName(),
        previous.keys(),
        "InvalidSpec",
        message,
        "not checked: the spec is invalid",
        "nothing is rotated while the spec is invalid");
  }

  /**
   * The status of a set whose Secret is someone else's: no fingerprints (they would tell the set's
   * author something about values that are not theirs), Ready=False with the way to invite it.
   */
  SessionKeySetStatus notOwned(SessionKeySet set, ResolvedSpec spec, SessionKeySetStatus previous) {
    String name = set.getMetadata().getName();
    return blocked(
        set,
        previous,
        spec.secretName(),
        Map.of(),
        "SecretNotOwned",
        "Secret "
            + spec.secretName()
            + " exists and was not created by this SessionKeySet; it is left"
            + " untouched. To let "
            + name
            + " manage it, annotate the Secret: kubectl annotate secret "
            + spec.secretName()
            + " "
            + Adopt.INVITE_ANNOTATION
            + "="
            + name,
        "not checked: not our Secret",
        "nothing is rotated: not our Secret");
  }

  /** A status of a pass that stopped before planning: Ready and Rotating false, Valid unknown. */
  private SessionKeySetStatus blocked(
      SessionKeySet set,
      SessionKeySetStatus previous,
      String secretName,
      Map<String, String> keys,
      String reason,
      String ready,
      String valid,
      String rotating) {
    return new SessionKeySetStatus(
        set.getMetadata().getGeneration(),
        conditions(
            previous,
            List.of(
                condition(READY, false, reason, ready, set),
                condition(VALID, null, reason, valid, set),
                condition(ROTATING, false, reason, rotating, set))),
        secretName,
        keys,
        null,
        null,
        null);
  }

  /** The status after a pass that followed {@code plan}. */
  SessionKeySetStatus status(
      SessionKeySet set,
      ResolvedSpec spec,
      KeySetPlanner.Plan plan,
      Block block,
      SessionKeySetStatus previous) {
    Map<String, String> fingerprints = new LinkedHashMap<>();
    for (KeySpec key : spec.profile().keys()) {
      for (String name : List.of(key.name(), key.previousName(), key.nextName())) {
        Optional.ofNullable(plan.after().values().get(name))
            .ifPresent(v -> fingerprints.put(name, v.fingerprint()));
      }
    }
    KeySetPlanner.Verdict ready;
    if (block == Block.HELM_OWNED) {
      ready =
          new KeySetPlanner.Verdict(
              false,
              "HelmOwned",
              "Secret "
                  + spec.secretName()
                  + " belongs to a Helm release, which"
                  + " would regenerate or delete it; set spec.adoptHelmSecret: true to take it over (every value is kept)");
    } else if (plan.complete(spec.profile())) {
      ready =
          new KeySetPlanner.Verdict(
              true,
              "KeysPresent",
              "Secret "
                  + spec.secretName()
                  + " holds all "
                  + spec.profile().keys().size()
                  + " keys of "
                  + spec.profile().name());
    } else {
      ready =
          new KeySetPlanner.Verdict(
              false, "KeysMissing", "Secret " + spec.secretName() + " lacks keys");
    }
    return new SessionKeySetStatus(
        set.getMetadata().getGeneration(),
        conditions(
            previous,
            List.of(
                condition(READY, ready, set),
                condition(VALID, plan.valid(), set),
                condition(ROTATING, plan.rotating(), set))),
        spec.secretName(),
        fingerprints,
        plan.lastRotation().map(Instant::toString).orElse(null),
        plan.nextRotation().map(Instant::toString).orElse(null),
        plan.graceUntil().map(Instant::toString).orElse(null));
  }

  /** The new conditions, keeping each one's transition time when its status did not change. */
  private static List<Condition> conditions(SessionKeySetStatus previous, List<Condition> fresh) {
    List<Condition> out = new ArrayList<>();
    for (Condition condition : fresh) {
      previous
          .condition(condition.getType())
          .filter(old -> Objects.equals(old.getStatus(), condition.getStatus()))
          .ifPresent(old -> condition.setLastTransitionTime(old.getLastTransitionTime()));
      out.add(condition);
    }
    return out;
  }

  private Condition condition(String type, KeySetPlanner.Verdict verdict, SessionKeySet set) {
    return condition(type, verdict.ok(), verdict.reason(), verdict.message(), set);
  }

  private Condition condition(
      String type, Boolean ok, String reason, String message, SessionKeySet set) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(ok == null ? "Unknown" : ok ? "True" : "False")
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(set.getMetadata().getGeneration())
        .withLastTransitionTime(clock.instant().toString())
        .build();
  }

  /**
   * Writes {@code status} (when it changed) and says when to look again; a Warning Event for each
   * condition that turned bad, once per change (not once per pass).
   */
  UpdateControl<SessionKeySet> report(
      SessionKeySet set,
      SessionKeySetStatus previous,
      SessionKeySetStatus status,
      Optional<Instant> wakeAt) {
    announceTransitions(set, previous, status);
    // The status is written here rather than by the framework, so that it is in place before the
    // rotate request is removed. A patch of the status subresource touches nothing else.
    if (!status.equals(previous)) {
      var sets =
          client.resources(SessionKeySet.class).inNamespace(set.getMetadata().getNamespace());
      try {
        sets.resource(set).editStatus(current -> withStatus(current, status));
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // Our copy of the resource was stale: the status computed does not depend on it, so write
        // it onto the current resource.
        SessionKeySet fresh = sets.withName(set.getMetadata().getName()).get();
        if (fresh != null) {
          sets.resource(fresh).editStatus(current -> withStatus(current, status));
        }
      }
    }
    UpdateControl<SessionKeySet> control = UpdateControl.noUpdate();
    // At least a second. Long waits are cut short: a 30-day delay is beyond 2^31 ms, which timers
    // do not all handle, and a pass an hour (from the informer's cache, so no request) catches a
    // clock that jumped.
    wakeAt
        .map(at -> Duration.between(clock.instant(), at).toMillis())
        .ifPresent(
            ms -> control.rescheduleAfter(Math.max(1000, Math.min(ms, MAX_WAIT.toMillis()))));
    return control;
  }

  private static SessionKeySet withStatus(SessionKeySet current, SessionKeySetStatus status) {
    current.setStatus(status);
    return current;
  }

  private void announceTransitions(
      SessionKeySet set, SessionKeySetStatus previous, SessionKeySetStatus status) {
    for (Condition condition : status.conditions()) {
      boolean bad = "False".equals(condition.getStatus()) && !"Idle".equals(condition.getReason());
      boolean known =
          previous
              .condition(condition.getType())
              .filter(
                  old ->
                      Objects.equals(old.getStatus(), condition.getStatus())
                          && Objects.equals(old.getReason(), condition.getReason())
                          && Objects.equals(old.getMessage(), condition.getMessage()))
              .isPresent();
      if (bad && !known) {
        record(set, Note.warning(condition.getReason(), condition.getMessage()));
      }
    }
  }

  /** Removes the handled rotate request from the resource (after the status write). */
  void removeTrigger(SessionKeySet set) {
    try {
      client
          .resources(SessionKeySet.class)
          .inNamespace(set.getMetadata().getNamespace())
          .withName(set.getMetadata().getName())
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"annotations\":{\""
                  + SessionKeySet.ROTATE_ANNOTATION
                  + "\":null}}}");
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  /**
   * Records a Kubernetes Event on the set, as {@code kubectl describe} shows them. An Event that
   * cannot be written is logged and dropped: it must never fail or repeat a reconciliation that
   * already changed a Secret.
   */
  void record(SessionKeySet set, Note note) {
    String namespace = set.getMetadata().getNamespace();
    String now = clock.instant().toString();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                set.getMetadata().getName()
                    + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()))
            .withNamespace(namespace)
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(set.getApiVersion())
                    .withKind(set.getKind())
                    .withName(set.getMetadata().getName())
                    .withNamespace(namespace)
                    .withUid(set.getMetadata().getUid())
                    .build())
            .withType(note.warning() ? "Warning" : "Normal")
            .withReason(note.reason())
            .withMessage(
                note.message().length() > 1000
                    ? note.message().substring(0, 1000) + "..."
                    : note.message())
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.log(
          Level.WARNING,
          "could not record event {0} on {1}/{2}: HTTP {3}",
          new Object[] {note.reason(), namespace, set.getMetadata().getName(), e.getCode()});
    }
  }
}
