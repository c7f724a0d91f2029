package dev.sessionkeys.operator;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySpec;
import dev.sessionkeys.kube.HelmOwnership;
import dev.sessionkeys.kube.SecretMapping;
import dev.sessionkeys.operator.crd.DeletionPolicy;
import dev.sessionkeys.operator.crd.SessionKeySet;
import dev.sessionkeys.operator.crd.SessionKeySetStatus;
import dev.sessionkeys.operator.crd.WorkloadRef;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps one SessionKeySet's Secret present, valid and rotated. The decisions are {@link
 * KeySetPlanner}'s; this class reads the Secret, writes it with its resourceVersion (re-reading and
 * re-deciding on a conflict, never overwriting blind), rolls workloads after a rotation, and
 * reports in the resource's status and in Events.
 */
@ControllerConfiguration(name = KeySetReconciler.NAME)
public final class KeySetReconciler implements Reconciler<SessionKeySet> {

  static final String NAME = "sessionkeyset";

  /**
   * Label on every Secret the operator manages, so that its informer watches those and no others.
   */
  public static final String MANAGED_LABEL = "sessionkeys.dev/managed";

  /** Annotation naming the SessionKeySet that manages a Secret (in the Secret's namespace). */
  public static final String SET_ANNOTATION = "sessionkeys.dev/set";

  static final String READY = "Ready";
  static final String VALID = "Valid";
  static final String ROTATING = "Rotating";

  /**
   * Conflicts in a row before giving up until the next retry: someone else is writing the Secret
   * all the time.
   */
  static final int MAX_ATTEMPTS = 5;

  /** The longest a set waits for its next scheduled pass. */
  static final Duration MAX_WAIT = Duration.ofHours(1);

  private static final Logger LOG = Logger.getLogger(KeySetReconciler.class.getName());

  private final KubernetesClient client;
  private final Clock clock;
  private final KeySetPlanner planner;
  private final OperatorMetrics metrics;
  private final EventRecorder events;
  private final WorkloadRestarts restarts;

  /**
   * The managed Secrets' informer: a cache to read from, told about our own writes so they start no
   * new pass.
   */
  private volatile InformerEventSource<Secret, SessionKeySet> secretEvents;

  /**
   * Runs between a rotation's Secret write and the restarts; tests use it to stop a replica at that
   * exact point.
   */
  private volatile Runnable afterRotationWrite = () -> {};

  public KeySetReconciler(
      KubernetesClient client, Clock clock, KeyGenerator generator, OperatorMetrics metrics) {
    this.client = client;
    this.clock = clock;
    this.planner = new KeySetPlanner(generator);
    this.metrics = metrics;
    this.events = new EventRecorder(client, clock);
    this.restarts = new WorkloadRestarts(client);
  }

  void afterRotationWrite(Runnable hook) {
    this.afterRotationWrite = hook;
  }

  @Override
  public List<EventSource<?, SessionKeySet>> prepareEventSources(
      EventSourceContext<SessionKeySet> context) {
    // Hand edits of a managed Secret start a reconciliation. Only labelled Secrets are cached, not
    // every Secret of
    // the cluster.
    var config =
        InformerEventSourceConfiguration.from(Secret.class, SessionKeySet.class)
            .withName("secrets")
            .withLabelSelector(MANAGED_LABEL + "=true")
            .withNamespacesInheritedFromController()
            .withSecondaryToPrimaryMapper(
                secret -> {
                  Map<String, String> annotations = secret.getMetadata().getAnnotations();
                  String owner = annotations == null ? null : annotations.get(SET_ANNOTATION);
                  return owner == null
                      ? Set.of()
                      : Set.of(new ResourceID(owner, secret.getMetadata().getNamespace()));
                })
            .build();
    secretEvents = new InformerEventSource<>(config, context);
    var primaries = context.getPrimaryCache();
    metrics.existenceCheck(
        (namespace, name) -> primaries.get(new ResourceID(name, namespace)).isPresent());
    return List.of(secretEvents);
  }

  @Override
  public UpdateControl<SessionKeySet> reconcile(SessionKeySet set, Context<SessionKeySet> context) {
    metrics.reconciled();
    SessionKeySetStatus previous =
        set.getStatus() == null ? new SessionKeySetStatus() : set.getStatus();
    ResolvedSpec spec;
    try {
      spec = ResolvedSpec.resolve(set.getSpec());
    } catch (ResolvedSpec.InvalidSpecException e) {
      SessionKeySetStatus status = new SessionKeySetStatus();
      status.setObservedGeneration(set.getMetadata().getGeneration());
      status.setSecretName(previous.getSecretName());
      status.setKeys(previous.getKeys());
      status.setConditions(
          conditions(
              previous,
              List.of(
                  condition(READY, false, "InvalidSpec", e.getMessage(), set),
                  condition(VALID, null, "InvalidSpec", "not checked: the spec is invalid", set),
                  condition(
                      ROTATING,
                      false,
                      "InvalidSpec",
                      "nothing is rotated while the spec is invalid",
                      set))));
      announceTransitions(set, previous, status);
      return statusUpdate(set, previous, status, Optional.empty());
    }

    Optional<String> trigger =
        Optional.ofNullable(set.getMetadata().getAnnotations())
            .map(a -> a.get(SessionKeySet.ROTATE_ANNOTATION));
    Converged converged = converge(set, spec, trigger);
    KeySetPlanner.Plan plan = converged.plan();

    if (!converged.helmBlocked()) {
      if (!plan.rotatedGroups().isEmpty()) {
        afterRotationWrite.run();
      }
      plan.notes().forEach(note -> events.record(set, note));
      metrics.rotated(plan.rotatedGroups().size());
      restartWorkloads(set, spec, converged.secret());
    }
    metrics.keyBirth(
        set.getMetadata().getNamespace(), set.getMetadata().getName(), plan.keyBirth());

    SessionKeySetStatus status = status(set, spec, plan, converged.helmBlocked(), previous);
    announceTransitions(set, previous, status);
    UpdateControl<SessionKeySet> control = statusUpdate(set, previous, status, plan.wakeAt());
    if (!converged.helmBlocked() && plan.triggerDone()) {
      // After the status write: a status patch carrying the old metadata must not bring the request
      // back.
      removeTrigger(set);
    }
    return control;
  }

  @Override
  public ErrorStatusUpdateControl<SessionKeySet> updateErrorStatus(
      SessionKeySet set, Context<SessionKeySet> context, Exception e) {
    metrics.failed();
    LOG.log(
        Level.WARNING,
        "reconciling {0}/{1} failed: {2}",
        new Object[] {set.getMetadata().getNamespace(), set.getMetadata().getName(), describe(e)});
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  /** The Secret as written (or found), and the plan it follows. */
  private record Converged(Secret secret, KeySetPlanner.Plan plan, boolean helmBlocked) {}

  private Converged converge(SessionKeySet set, ResolvedSpec spec, Optional<String> trigger) {
    String namespace = set.getMetadata().getNamespace();
    var secrets = client.secrets().inNamespace(namespace);
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      // First from the informer's cache (no request when nothing changed); a stale copy only costs
      // a 409 and a
      // second attempt, which reads from the API server.
      Secret live = attempt == 1 ? cached(namespace, spec.secretName()) : null;
      if (live == null) {
        live = secrets.withName(spec.secretName()).get();
      }
      Instant now = clock.instant();
      if (live == null) {
        KeySetPlanner.Plan plan = planner.plan(spec, Optional.empty(), trigger, now);
        Secret fresh =
            new SecretBuilder()
                .withMetadata(
                    new ObjectMetaBuilder()
                        .withName(spec.secretName())
                        .withNamespace(namespace)
                        .withLabels(Map.of(MANAGED_LABEL, "true"))
                        .withAnnotations(annotations(plan, set, Map.of(), false))
                        .withOwnerReferences(ownerReferences(List.of(), set, spec))
                        .build())
                .withType("Opaque")
                .withData(encode(plan.after()))
                .build();
        try {
          Secret created = secrets.resource(fresh).create();
          metrics.secretWritten();
          ownWrite(created, null);
          return new Converged(created, plan, false);
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409) {
            throw e;
          }
          continue; // created by someone else meanwhile: read it and decide again
        }
      }
      boolean helmOwned =
          HelmOwnership.isOwned(
              live.getMetadata().getLabels(), live.getMetadata().getAnnotations());
      KeySetPlanner.Observed observed =
          new KeySetPlanner.Observed(
              SecretMapping.toDocument(live),
              SecretMapping.toRotationState(live),
              creationTime(live));
      if (helmOwned && !spec.adoptHelmSecret()) {
        // Helm would regenerate or delete what we write: report, change nothing.
        return new Converged(
            live, planner.plan(spec, Optional.of(observed), Optional.empty(), now), true);
      }
      KeySetPlanner.Plan plan = planner.plan(spec, Optional.of(observed), trigger, now);
      Map<String, String> labels =
          new LinkedHashMap<>(
              helmOwned
                  ? HelmRelease.releasedLabels(live.getMetadata().getLabels())
                  : orEmpty(live.getMetadata().getLabels()));
      labels.put(MANAGED_LABEL, "true");
      Map<String, String> annotations =
          annotations(plan, set, orEmpty(live.getMetadata().getAnnotations()), helmOwned);
      // Unchanged values keep their live base64 text byte for byte.
      Map<String, String> data = orEmpty(SecretMapping.withState(live, plan.after()).getData());
      List<OwnerReference> owners =
          ownerReferences(
              Optional.ofNullable(live.getMetadata().getOwnerReferences()).orElse(List.of()),
              set,
              spec);
      boolean same =
          data.equals(orEmpty(live.getData()))
              && labels.equals(orEmpty(live.getMetadata().getLabels()))
              && annotations.equals(orEmpty(live.getMetadata().getAnnotations()))
              && owners.equals(
                  Optional.ofNullable(live.getMetadata().getOwnerReferences()).orElse(List.of()));
      if (same) {
        return new Converged(live, plan, false);
      }
      Secret desired =
          new SecretBuilder(live)
              .editMetadata()
              .withLabels(labels)
              .withAnnotations(annotations)
              .withOwnerReferences(owners)
              .endMetadata()
              .withData(data)
              .withStringData(null)
              .build();
      try {
        // The live resourceVersion travels with the object: a concurrent change makes this fail
        // with 409.
        Secret written = secrets.resource(desired).update();
        metrics.secretWritten();
        ownWrite(written, live);
        return new Converged(written, plan, false);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        LOG.log(
            Level.FINE,
            "Secret {0}/{1} changed while being updated; reading it again",
            new Object[] {namespace, spec.secretName()});
      }
    }
    throw new IllegalStateException(
        "Secret "
            + namespace
            + "/"
            + spec.secretName()
            + " changed under every one of "
            + MAX_ATTEMPTS
            + " updates in a row; will try again");
  }

  private Secret cached(String namespace, String name) {
    InformerEventSource<Secret, SessionKeySet> source = secretEvents;
    return source == null ? null : source.get(new ResourceID(name, namespace)).orElse(null);
  }

  private void ownWrite(Secret written, Secret before) {
    InformerEventSource<Secret, SessionKeySet> source = secretEvents;
    if (source == null) {
      return;
    }
    if (before == null) {
      source.handleRecentResourceCreate(ResourceID.fromResource(written), written);
    } else {
      source.handleRecentResourceUpdate(ResourceID.fromResource(written), written, before);
    }
  }

  private static Map<String, String> annotations(
      KeySetPlanner.Plan plan,
      SessionKeySet set,
      Map<String, String> live,
      boolean releaseFromHelm) {
    Map<String, String> out = new LinkedHashMap<>(plan.after().annotations());
    out.put(SET_ANNOTATION, set.getMetadata().getName());
    return releaseFromHelm ? HelmRelease.releasedAnnotations(out) : out;
  }

  /**
   * The Secret's owner references: with {@code deletionPolicy: Delete} the resource owns the
   * Secret, so Kubernetes' garbage collector deletes it with the resource; with Retain no reference
   * to the resource is left.
   */
  private static List<OwnerReference> ownerReferences(
      List<OwnerReference> live, SessionKeySet set, ResolvedSpec spec) {
    List<OwnerReference> out = new ArrayList<>();
    for (OwnerReference ref : live) {
      if (!Objects.equals(ref.getUid(), set.getMetadata().getUid())) {
        out.add(ref);
      }
    }
    if (spec.deletionPolicy() == DeletionPolicy.Delete && set.getMetadata().getUid() != null) {
      out.add(
          new OwnerReferenceBuilder()
              .withApiVersion(set.getApiVersion())
              .withKind(set.getKind())
              .withName(set.getMetadata().getName())
              .withUid(set.getMetadata().getUid())
              .build());
    }
    return out;
  }

  private void restartWorkloads(SessionKeySet set, ResolvedSpec spec, Secret secret) {
    Map<String, String> annotations = orEmpty(secret.getMetadata().getAnnotations());
    String stamp = annotations.get(KeySetPlanner.RESTART_PENDING);
    if (stamp == null) {
      return;
    }
    String namespace = set.getMetadata().getNamespace();
    List<String> restarted = new ArrayList<>();
    for (WorkloadRef ref : spec.restart()) {
      switch (restarts.restart(namespace, ref, Instant.parse(stamp))) {
        case RESTARTED -> restarted.add(ref.toString());
        case ALREADY_RESTARTED -> {}
        case NOT_FOUND ->
            events.record(
                set,
                new KeySetPlanner.Note(
                    true,
                    "RestartSkipped",
                    ref
                        + " does not exist in "
                        + namespace
                        + "; it was not restarted after the rotation"));
      }
    }
    if (!restarted.isEmpty()) {
      events.record(
          set,
          new KeySetPlanner.Note(
              false,
              "Restarted",
              "rolled " + String.join(", ", restarted) + " to pick up the rotated keys"));
    }
    Map<String, String> cleared = new LinkedHashMap<>(annotations);
    cleared.remove(KeySetPlanner.RESTART_PENDING);
    try {
      Secret written =
          client
              .secrets()
              .inNamespace(namespace)
              .resource(
                  new SecretBuilder(secret)
                      .editMetadata()
                      .withAnnotations(cleared)
                      .endMetadata()
                      .build())
              .update();
      metrics.secretWritten();
      ownWrite(written, secret);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // Changed meanwhile: the next pass sees the marker again; the restart stamp makes the rerun a
      // no-op.
    }
  }

  private void removeTrigger(SessionKeySet set) {
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

  private SessionKeySetStatus status(
      SessionKeySet set,
      ResolvedSpec spec,
      KeySetPlanner.Plan plan,
      boolean helmBlocked,
      SessionKeySetStatus previous) {
    SessionKeySetStatus status = new SessionKeySetStatus();
    status.setObservedGeneration(set.getMetadata().getGeneration());
    status.setSecretName(spec.secretName());
    Map<String, String> fingerprints = new LinkedHashMap<>();
    for (KeySpec key : spec.profile().keys()) {
      plan.after().values().entrySet().stream()
          .filter(e -> e.getKey().equals(key.name()))
          .forEach(e -> fingerprints.put(e.getKey(), e.getValue().fingerprint()));
      Optional.ofNullable(plan.after().values().get(key.previousName()))
          .ifPresent(v -> fingerprints.put(key.previousName(), v.fingerprint()));
    }
    status.setKeys(fingerprints);
    plan.lastRotation().ifPresent(t -> status.setLastRotation(t.toString()));
    plan.nextRotation().ifPresent(t -> status.setNextRotation(t.toString()));
    plan.graceUntil().ifPresent(t -> status.setGraceUntil(t.toString()));

    Condition ready;
    if (helmBlocked) {
      ready =
          condition(
              READY,
              false,
              "HelmOwned",
              "Secret "
                  + spec.secretName()
                  + " belongs to a Helm release, which"
                  + " would regenerate or delete it; set spec.adoptHelmSecret: true to take it over (every value is kept)",
              set);
    } else if (plan.complete(spec.profile())) {
      ready =
          condition(
              READY,
              true,
              "KeysPresent",
              "Secret "
                  + spec.secretName()
                  + " holds all "
                  + spec.profile().keys().size()
                  + " keys of "
                  + spec.profile().name(),
              set);
    } else {
      ready =
          condition(
              READY, false, "KeysMissing", "Secret " + spec.secretName() + " lacks keys", set);
    }
    status.setConditions(
        conditions(
            previous,
            List.of(
                ready,
                condition(
                    VALID, plan.valid().ok(), plan.valid().reason(), plan.valid().message(), set),
                condition(
                    ROTATING,
                    plan.rotating().ok(),
                    plan.rotating().reason(),
                    plan.rotating().message(),
                    set))));
    return status;
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
   * Warning Events for conditions that turned bad, once per change (not once per reconciliation).
   */
  private void announceTransitions(
      SessionKeySet set, SessionKeySetStatus previous, SessionKeySetStatus status) {
    for (Condition condition : status.getConditions()) {
      boolean bad = "False".equals(condition.getStatus()) && !"Idle".equals(condition.getReason());
      if (!bad) {
        continue;
      }
      Optional<Condition> old = previous.condition(condition.getType());
      boolean same =
          old.isPresent()
              && Objects.equals(old.get().getStatus(), condition.getStatus())
              && Objects.equals(old.get().getReason(), condition.getReason())
              && Objects.equals(old.get().getMessage(), condition.getMessage());
      if (!same) {
        events.record(
            set, new KeySetPlanner.Note(true, condition.getReason(), condition.getMessage()));
      }
    }
  }

  private UpdateControl<SessionKeySet> statusUpdate(
      SessionKeySet set,
      SessionKeySetStatus previous,
      SessionKeySetStatus status,
      Optional<Instant> wakeAt) {
    // The status is written here rather than by the framework, so that it is in place before the
    // rotate request is
    // removed. A JSON patch of the status subresource touches nothing else.
    if (!status.equals(previous)) {
      var sets =
          client.resources(SessionKeySet.class).inNamespace(set.getMetadata().getNamespace());
      try {
        sets.resource(set)
            .editStatus(
                current -> {
                  current.setStatus(status);
                  return current;
                });
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // Our copy of the resource was stale (a status write of ours or a user's edit came after
        // it): the status we
        // computed does not depend on it, so write it onto the current resource.
        SessionKeySet fresh = sets.withName(set.getMetadata().getName()).get();
        if (fresh != null) {
          sets.resource(fresh)
              .editStatus(
                  current -> {
                    current.setStatus(status);
                    return current;
                  });
        }
      }
    }
    UpdateControl<SessionKeySet> control = UpdateControl.noUpdate();
    if (wakeAt.isPresent()) {
      Duration wait = Duration.between(clock.instant(), wakeAt.get());
      if (wait.compareTo(Duration.ofSeconds(1)) < 0) {
        wait = Duration.ofSeconds(1);
      }
      // Long waits are cut short: a 30-day delay is beyond 2^31 ms, which timers do not all handle,
      // and a pass an
      // hour (read from the informer's cache, so no request) costs nothing while catching a clock
      // that jumped.
      control.rescheduleAfter(wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait);
    }
    return control;
  }

  private static Map<String, String> encode(dev.sessionkeys.core.rotation.RotationState state) {
    Map<String, String> data = new LinkedHashMap<>();
    state.values().forEach((name, value) -> data.put(name, SecretMapping.encode(value)));
    return data;
  }

  private static Optional<Instant> creationTime(Secret secret) {
    try {
      String text = secret.getMetadata().getCreationTimestamp();
      return text == null ? Optional.empty() : Optional.of(Instant.parse(text));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static <V> Map<String, V> orEmpty(Map<String, V> map) {
    return map == null ? Map.of() : map;
  }

  private static String describe(Exception e) {
    if (e instanceof KubernetesClientException k) {
      return "HTTP " + k.getCode() + " " + (k.getStatus() == null ? "" : k.getStatus().getReason());
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
