package dev.sessionkeys.kube;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.rotation.Rotation;
import dev.sessionkeys.core.rotation.RotationPlan;
import dev.sessionkeys.core.rotation.RotationRefusedException;
import dev.sessionkeys.core.rotation.RotationState;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Rotates keys of a live Secret with the planner of core (so the operator decides alike): new
 * values for the chosen groups, each replaced value kept as {@code <KEY>_PREVIOUS}, annotations
 * recording when and until when. The new values, their {@code _PREVIOUS} and the annotations go to
 * the server in one update of the whole Secret carrying the live resourceVersion, so the Secret
 * never holds a new key without its previous one, and a concurrent change is re-read and re-planned
 * rather than overwritten.
 */
public final class Rotate {

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
   * The result.
   *
   * @param plan the plan applied (or, in a dry run, that would be)
   * @param written whether the Secret was updated (false when the plan was empty or in a dry run)
   * @param resourceVersion the Secret's resourceVersion afterwards
   * @param restarted the workloads restarted
   * @param attempts how many times the Secret was read and planned
   */
  public record Result(
      RotationPlan plan,
      boolean written,
      String resourceVersion,
      List<String> restarted,
      int attempts) {
    public Result {
      restarted = List.copyOf(restarted);
    }
  }

  private final KubeCluster cluster;
  private final Profile profile;
  private final KeyGenerator generator;

  public Rotate(KubeCluster cluster, Profile profile, KeyGenerator generator) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.profile = Objects.requireNonNull(profile, "profile");
    this.generator = Objects.requireNonNull(generator, "generator");
  }

  /**
   * Plans and applies.
   *
   * @throws RotationRefusedException when the planner refuses (nothing changed)
   * @throws ClusterException when the cluster fails or keeps conflicting (nothing changed unless
   *     the message says so)
   */
  public Result rotate(Request request, Instant now) throws RotationRefusedException {
    RolloutRestart restart = new RolloutRestart(cluster);
    // Check every workload exists before touching the Secret: a typo must not leave a rotated
    // Secret unrestarted.
    for (RolloutRestart.Workload workload : request.restarts()) {
      restart.requireExists(request.target().namespace(), workload);
    }
    return SafeWrite.run(
        SafeWrite.DEFAULT_ATTEMPTS,
        attempt -> rotateOnce(request, restart, now, attempt),
        lastConflict ->
            new ClusterException(
                ClusterException.Kind.CONFLICT,
                409,
                "the Secret "
                    + request.target()
                    + " kept changing while we rotated ("
                    + SafeWrite.DEFAULT_ATTEMPTS
                    + " attempts) at "
                    + cluster.describe()
                    + "; nothing was changed: try again",
                lastConflict));
  }

  /** One read → plan → write; a conflict propagates so that {@link SafeWrite} plans again. */
  private Result rotateOnce(Request request, RolloutRestart restart, Instant now, int attempt)
      throws RotationRefusedException {
    Secret live = Secrets.require(cluster, request.target());
    RotationState state = SecretMapping.toRotationState(live);
    RotationPlan plan =
        request.finish()
            ? Rotation.finish(profile, state, now, request.dropDataGroups(), request.forceFinish())
            : Rotation.rotate(profile, state, request.request(), now, generator);
    String version = live.getMetadata().getResourceVersion();
    if (request.dryRun()) {
      return new Result(plan, false, version, List.of(), attempt);
    }
    if (!plan.isEmpty()) {
      try {
        Secret written = Secrets.update(cluster, SecretMapping.withState(live, plan.after()));
        version = written.getMetadata().getResourceVersion();
      } catch (ClusterException e) {
        if (SafeWrite.isConflict(e)) {
          throw e;
        }
        throw new ClusterException(
            e.kind(),
            e.httpCode(),
            e.getMessage()
                + "; "
                + (e.kind() == ClusterException.Kind.UNREACHABLE
                    ? "the answer was lost, so the rotation may or may not have happened; it was a single update, so the"
                        + " Secret holds either the old keys or the new keys with their _PREVIOUS: run `sessionkeys check"
                        + " -n "
                        + request.target().namespace()
                        + "` to see which"
                    : "the Secret " + request.target() + " was not changed"),
            e);
      }
    }
    List<String> restarted = new java.util.ArrayList<>();
    // Restart only when the Secret changed: pods re-read it on start, and a restart for nothing
    // disturbs users.
    for (RolloutRestart.Workload workload :
        plan.isEmpty() ? List.<RolloutRestart.Workload>of() : request.restarts()) {
      try {
        restart.restart(request.target().namespace(), workload, now);
      } catch (ClusterException e) {
        // A merge patch carries no resourceVersion, so it never conflicts and is never retried.
        throw new ClusterException(
            e.kind(),
            e.httpCode(),
            e.getMessage()
                + "; the Secret "
                + request.target()
                + " WAS rotated"
                + (restarted.isEmpty() ? "" : " and " + restarted + " restarted")
                + ": restart the rest yourself (kubectl rollout restart "
                + workload
                + " -n "
                + request.target().namespace()
                + ")",
            e);
      }
      restarted.add(workload.toString());
    }
    return new Result(plan, !plan.isEmpty(), version, restarted, attempt);
  }
}
