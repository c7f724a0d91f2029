package dev.sessionkeys.operator;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.kube.SafeWrite;
import dev.sessionkeys.operator.crd.RotationStrategy;
import dev.sessionkeys.operator.crd.SessionKeySet;
import dev.sessionkeys.operator.crd.SessionKeySetStatus;
import dev.sessionkeys.operator.crd.WorkloadRef;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps one SessionKeySet's Secret present, valid and rotated, in four parts: {@link SecretStore}
 * reads the Secret; {@link SecretDecision} (whose it is, what the write looks like) and {@link
 * KeySetPlanner} (what its values become) decide, without a server; {@link SecretStore} writes it
 * with its resourceVersion through {@link SafeWrite} (re-reading and re-deciding on a conflict,
 * never overwriting blind); {@link StatusReporter} reports in the status and in Events. This class
 * only orders them, and rolls the named workloads after a rotation.
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

  /**
   * Conflicts in a row before giving up until the next retry: someone else is writing the Secret
   * all the time.
   */
  static final int MAX_ATTEMPTS = 5;

  private static final Logger LOG = Logger.getLogger(KeySetReconciler.class.getName());

  private final Clock clock;
  private final KeySetPlanner planner;
  private final OperatorMetrics metrics;
  private final WorkloadRestarts restarts;
  private final SecretStore secrets;
  private final StatusReporter reporter;

  /**
   * Runs between a rotation's Secret write and the restarts; tests use it to stop a replica at that
   * exact point.
   */
  private volatile Runnable afterRotationWrite = () -> {};

  public KeySetReconciler(
      KubernetesClient client, Clock clock, KeyGenerator generator, OperatorMetrics metrics) {
    this.clock = clock;
    this.planner = new KeySetPlanner(generator);
    this.metrics = metrics;
    this.restarts = new WorkloadRestarts(client);
    this.secrets = new SecretStore(client, metrics);
    this.reporter = new StatusReporter(client, clock);
  }

  void afterRotationWrite(Runnable hook) {
    this.afterRotationWrite = hook;
  }

  @Override
  public List<EventSource<?, SessionKeySet>> prepareEventSources(
      EventSourceContext<SessionKeySet> context) {
    // Hand edits of a managed Secret start a reconciliation. Only labelled Secrets are cached, not
    // every Secret of the cluster.
    var config =
        InformerEventSourceConfiguration.from(Secret.class, SessionKeySet.class)
            .withName("secrets")
            .withLabelSelector(MANAGED_LABEL + "=true")
            .withNamespacesInheritedFromController()
            .withSecondaryToPrimaryMapper(
                secret ->
                    Optional.ofNullable(
                            SecretDecision.orEmpty(secret.getMetadata().getAnnotations())
                                .get(SET_ANNOTATION))
                        .map(
                            set -> Set.of(new ResourceID(set, secret.getMetadata().getNamespace())))
                        .orElse(Set.of()))
            .build();
    InformerEventSource<Secret, SessionKeySet> secretEvents =
        new InformerEventSource<>(config, context);
    secrets.useCache(secretEvents);
    var primaries = context.getPrimaryCache();
    metrics.existenceCheck(
        (namespace, name) -> primaries.get(new ResourceID(name, namespace)).isPresent());
    return List.of(secretEvents);
  }

  @Override
  public UpdateControl<SessionKeySet> reconcile(SessionKeySet set, Context<SessionKeySet> context) {
    metrics.reconciled();
    SessionKeySetStatus previous =
        set.getStatus() == null ? SessionKeySetStatus.NONE : set.getStatus();
    ResolvedSpec spec;
    try {
      spec = ResolvedSpec.resolve(set.getSpec());
    } catch (ResolvedSpec.InvalidSpecException e) {
      return reporter.report(
          set, previous, reporter.invalidSpec(set, previous, e.getMessage()), Optional.empty());
    }

    Optional<String> trigger =
        Optional.ofNullable(set.getMetadata().getAnnotations())
            .map(a -> a.get(SessionKeySet.ROTATE_ANNOTATION));
    Converged converged = converge(set, spec, trigger);
    if (converged.block() == StatusReporter.Block.NOT_OWNED) {
      return reporter.report(
          set,
          previous,
          reporter.notOwned(set, spec, previous),
          Optional.of(clock.instant().plus(StatusReporter.NOT_OWNED_RECHECK)));
    }
    KeySetPlanner.Plan plan = converged.plan();
    boolean wrote = converged.block() == StatusReporter.Block.NONE;
    if (wrote) {
      if (!plan.rotatedGroups().isEmpty()) {
        afterRotationWrite.run();
      }
      plan.notes().forEach(note -> reporter.record(set, note));
      metrics.rotated(plan.rotatedGroups().size());
      restartWorkloads(set, spec, converged.secret());
    }
    metrics.keyBirth(
        set.getMetadata().getNamespace(), set.getMetadata().getName(), plan.keyBirth());

    SessionKeySetStatus status = reporter.status(set, spec, plan, converged.block(), previous);
    UpdateControl<SessionKeySet> control = reporter.report(set, previous, status, plan.wakeAt());
    if (wrote && plan.triggerDone()) {
      // After the status write: a status patch carrying the old metadata must not bring the request
      // back.
      reporter.removeTrigger(set);
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

  /** The Secret as written (or found), the plan it follows (none when blocked as not ours). */
  private record Converged(Secret secret, KeySetPlanner.Plan plan, StatusReporter.Block block) {}

  /** Read → decide → write with the resourceVersion, again on a conflict ({@link SafeWrite}). */
  private Converged converge(SessionKeySet set, ResolvedSpec spec, Optional<String> trigger) {
    String namespace = set.getMetadata().getNamespace();
    return SafeWrite.run(
        MAX_ATTEMPTS,
        attempt ->
            convergeOnce(
                set, spec, trigger, secrets.read(namespace, spec.secretName(), attempt == 1)),
        lastConflict ->
            new IllegalStateException(
                "Secret "
                    + namespace
                    + "/"
                    + spec.secretName()
                    + " changed under every one of "
                    + MAX_ATTEMPTS
                    + " updates in a row; will try again",
                lastConflict));
  }

  private Converged convergeOnce(
      SessionKeySet set, ResolvedSpec spec, Optional<String> trigger, Secret live) {
    Instant now = clock.instant();
    SecretDecision.Ownership ownership = SecretDecision.ownership(live, set);
    switch (ownership) {
      case FOREIGN -> {
        // Not ours and not invited: no plan (its fingerprints are not the set's to see), no write.
        return new Converged(live, null, StatusReporter.Block.NOT_OWNED);
      }
      case ABSENT -> {
        KeySetPlanner.Plan plan = planner.plan(spec, Optional.empty(), trigger, now);
        // A 409 here: created by someone else meanwhile; SafeWrite reads it and decides again.
        Secret created = secrets.create(SecretDecision.fresh(set, spec, plan));
        return new Converged(created, plan, StatusReporter.Block.NONE);
      }
      default -> {
        boolean helmOwned = SecretDecision.helmOwned(live);
        // The phased strategy never starts a phase while a named workload still rolls out.
        Optional<String> rolloutWait =
            spec.strategy() == RotationStrategy.Phased
                ? restarts.rolloutWait(set.getMetadata().getNamespace(), spec.restart())
                : Optional.empty();
        KeySetPlanner.Observed observed = SecretStore.observe(live, rolloutWait);
        if (helmOwned && !spec.adoptHelmSecret()) {
          // Helm would regenerate or delete what we write: report, change nothing.
          return new Converged(
              live,
              planner.plan(spec, Optional.of(observed), Optional.empty(), now),
              StatusReporter.Block.HELM_OWNED);
        }
        KeySetPlanner.Plan plan = planner.plan(spec, Optional.of(observed), trigger, now);
        Optional<Secret> desired =
            SecretDecision.update(live, set, spec, plan, ownership, helmOwned);
        Secret written = desired.map(d -> secrets.update(live, d)).orElse(live);
        return new Converged(written, plan, StatusReporter.Block.NONE);
      }
    }
  }

  private void restartWorkloads(SessionKeySet set, ResolvedSpec spec, Secret secret) {
    String stamp =
        SecretDecision.orEmpty(secret.getMetadata().getAnnotations())
            .get(KeySetPlanner.RESTART_PENDING);
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
            reporter.record(
                set,
                Note.warning(
                    "RestartSkipped",
                    ref
                        + " does not exist in "
                        + namespace
                        + "; it was not restarted after the rotation"));
      }
    }
    if (!restarted.isEmpty()) {
      reporter.record(
          set,
          Note.normal(
              "Restarted",
              "rolled " + String.join(", ", restarted) + " to pick up the rotated keys"));
    }
    try {
      SecretDecision.withoutRestartMarker(secret).ifPresent(d -> secrets.update(secret, d));
    } catch (KubernetesClientException e) {
      if (!SafeWrite.isConflict(e)) {
        throw e;
      }
      // Changed meanwhile: the next pass sees the marker again; the restart stamp makes the rerun a
      // no-op.
    }
  }

  private static String describe(Exception e) {
    if (e instanceof KubernetesClientException k) {
      return "HTTP " + k.getCode() + " " + (k.getStatus() == null ? "" : k.getStatus().getReason());
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
