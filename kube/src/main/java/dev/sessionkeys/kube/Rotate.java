package dev.sessionkeys.kube;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.rotation.PhasePlan;
import dev.sessionkeys.core.rotation.PhaseRequest;
import dev.sessionkeys.core.rotation.PhasedRotation;
import dev.sessionkeys.core.rotation.Rotation;
import dev.sessionkeys.core.rotation.RotationPlan;
import dev.sessionkeys.core.rotation.RotationRefusedException;
import dev.sessionkeys.core.rotation.RotationState;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Rotates keys of a live Secret with the planners of core (so the operator decides alike): one
 * phase of the three-phase rotation ({@link #phase}), or the one-step rotation ({@link #rotate}):
 * new values for the chosen groups, each replaced value kept as {@code <KEY>_PREVIOUS}, annotations
 * recording when and until when. The new values, their {@code _PREVIOUS} and the annotations go to
 * the server in one update of the whole Secret carrying the live resourceVersion, so the Secret
 * never holds a new key without its previous one, and a concurrent change is re-read and re-planned
 * rather than overwritten.
 *
 * @param cluster where the Secret lives
 * @param profile the keys it holds
 * @param generator where new values come from
 */
public record Rotate(KubeCluster cluster, Profile profile, KeyGenerator generator) {

  /**
   * What to do.
   *
   * @param target the Secret
   * @param request the groups to rotate and how ({@code null} with {@code finish} to only clean up)
   * @param finish clean up only: drop previous values whose grace is over (and those of {@code
   *     dropDataGroups})
   * @param dropDataGroups data groups whose previous values the user confirms are no longer needed
   *     (with finish)
   * @param forceFinish with finish: drop grace-period previous values even inside their grace
   * @param restarts workloads to restart after the Secret changed, as {@code kubectl rollout
   *     restart} would
   * @param dryRun plan and report, change nothing
   */
  public record Request(
      SecretRef target,
      Rotation.Request request,
      boolean finish,
      Set<String> dropDataGroups,
      boolean forceFinish,
      List<RolloutRestart.Workload> restarts,
      boolean dryRun) {
    public Request {
      Objects.requireNonNull(target, "target");
      dropDataGroups = Set.copyOf(dropDataGroups);
      restarts = List.copyOf(restarts);
      if (!finish && request == null) {
        throw new IllegalArgumentException("say what to rotate, or finish");
      }
    }
  }

  /**
   * The result of a rotation or of one phase.
   *
   * @param <P> the plan: {@link RotationPlan} or {@link PhasePlan}
   * @param plan the plan applied (or, in a dry run, that would be)
   * @param written whether the Secret was updated (false when the plan was empty or in a dry run)
   * @param resourceVersion the Secret's resourceVersion afterwards
   * @param restarted the workloads restarted
   * @param attempts how many times the Secret was read and planned
   */
  public record Result<P>(
      P plan, boolean written, String resourceVersion, List<String> restarted, int attempts) {
    public Result {
      restarted = List.copyOf(restarted);
    }
  }

  public Rotate {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(generator, "generator");
  }

  /**
   * What to do in one phase of the three-phase rotation.
   *
   * @param target the Secret
   * @param request the phase, its groups and what it may override
   * @param restarts workloads to restart after the Secret changed, as {@code kubectl rollout
   *     restart} would
   * @param dryRun plan and report, change nothing
   */
  public record PhaseRun(
      SecretRef target,
      PhaseRequest request,
      List<RolloutRestart.Workload> restarts,
      boolean dryRun) {
    public PhaseRun {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(request, "request");
      restarts = List.copyOf(restarts);
    }
  }

  /**
   * Plans and applies the one-step rotation (or its clean-up).
   *
   * @throws RotationRefusedException when the planner refuses (nothing changed)
   * @throws ClusterException when the cluster fails or keeps conflicting (nothing changed unless
   *     the message says so)
   */
  public Result<RotationPlan> rotate(Request request, Instant now) throws RotationRefusedException {
    return write(
        request.target(),
        request.restarts(),
        request.dryRun(),
        state ->
            request.finish()
                ? Rotation.finish(
                    profile, state, now, request.dropDataGroups(), request.forceFinish())
                : Rotation.rotate(profile, state, request.request(), now, generator),
        RotationPlan::after,
        RotationPlan::isEmpty,
        "the new keys with their _PREVIOUS",
        now);
  }

  /**
   * Plans and applies one phase of the three-phase rotation ({@link PhasedRotation}): a single
   * update carrying the live resourceVersion, re-read and re-planned on a conflict, then the
   * restarts. A phase already done plans nothing and restarts nothing.
   *
   * @throws RotationRefusedException when the planner refuses (nothing changed)
   * @throws ClusterException when the cluster fails or keeps conflicting (nothing changed unless
   *     the message says so)
   */
  public Result<PhasePlan> phase(PhaseRun run, Instant now) throws RotationRefusedException {
    return write(
        run.target(),
        run.restarts(),
        run.dryRun(),
        state -> PhasedRotation.plan(profile, state, run.request(), now, generator),
        PhasePlan::after,
        PhasePlan::isEmpty,
        "the keys as the " + run.request().phase().word() + " phase leaves them",
        now);
  }

  /** Plans one write from a Secret's state. */
  @FunctionalInterface
  private interface Planner<P> {
    P plan(RotationState state) throws RotationRefusedException;
  }

  /**
   * Read, plan, write with the live resourceVersion, retry on conflict; then restart the workloads
   * when the Secret changed.
   */
  private <P> Result<P> write(
      SecretRef target,
      List<RolloutRestart.Workload> restarts,
      boolean dryRun,
      Planner<P> planner,
      Function<P, RotationState> after,
      Predicate<P> empty,
      String changedState,
      Instant now)
      throws RotationRefusedException {
    RolloutRestart restart = new RolloutRestart(cluster);
    // Check every workload exists before touching the Secret: a typo must not leave a rotated
    // Secret unrestarted.
    for (RolloutRestart.Workload workload : restarts) {
      restart.requireExists(target.namespace(), workload);
    }
    Result<P> written =
        SafeWrite.run(
            SafeWrite.DEFAULT_ATTEMPTS,
            attempt -> {
              Secret live = Secrets.require(cluster, target);
              P plan = planner.plan(SecretMapping.toRotationState(live));
              if (dryRun || empty.test(plan)) {
                String version = live.getMetadata().getResourceVersion();
                return new Result<>(plan, false, version, List.of(), attempt);
              }
              try {
                Secret updated =
                    Secrets.update(cluster, SecretMapping.withState(live, after.apply(plan)));
                String version = updated.getMetadata().getResourceVersion();
                return new Result<>(plan, true, version, List.of(), attempt);
              } catch (ClusterException e) {
                throw SafeWrite.explained(
                    e,
                    "the answer was lost, so the rotation may or may not have happened; it was a single update, so the Secret holds either the old keys or %s: run `sessionkeys check -n %s` to see which"
                        .formatted(changedState, target.namespace()),
                    "the Secret " + target + " was not changed");
              }
            },
            SafeWrite.keptChanging(target, "rotated", cluster, "nothing was changed: try again"));
    // Outside the retried write: a failed restart must never make SafeWrite plan a second rotation
    // on top of the one just written.
    List<String> restarted = new ArrayList<>();
    // Restart only when the Secret changed: pods re-read it on start, and a restart for nothing
    // disturbs users.
    for (RolloutRestart.Workload workload :
        written.written() ? restarts : List.<RolloutRestart.Workload>of()) {
      try {
        restart.restart(target.namespace(), workload, now);
      } catch (ClusterException e) {
        throw e.withMessage(
            "%s; the Secret %s WAS rotated%s: restart the rest yourself (kubectl rollout restart %s -n %s)"
                .formatted(
                    e.getMessage(),
                    target,
                    restarted.isEmpty() ? "" : " and " + restarted + " restarted",
                    workload,
                    target.namespace()));
      }
      restarted.add(workload.toString());
    }
    return new Result<>(
        written.plan(),
        written.written(),
        written.resourceVersion(),
        restarted,
        written.attempts());
  }
}
