package dev.sessionkeys.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Waits for workloads to finish rolling out, as {@code kubectl rollout status} does: the controller
 * has seen the latest spec ({@code observedGeneration >= generation}) and every wanted replica runs
 * the new pod template and is available, with no old replica left. Between the phases of a rotation
 * this is what makes the next phase safe: every pod then holds the Secret's new values.
 *
 * <p>The status is followed with a watch (fabric8's {@code waitUntilCondition}), not by polling.
 */
public final class RolloutWatch {

  /**
   * How far one workload's rollout is.
   *
   * @param done whether it is complete
   * @param detail what it is waiting for, for a message (empty when done)
   */
  public record Progress(boolean done, String detail) {
    static Progress complete() {
      return new Progress(true, "");
    }

    static Progress waiting(String detail) {
      return new Progress(false, detail);
    }
  }

  /**
   * A rollout that did not finish in time; the message names the workload and what it waits for.
   */
  public static final class StuckException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String workload;

    StuckException(String workload, String message) {
      super(message);
      this.workload = workload;
    }

    /** The workload that did not finish, as {@code kind/name}. */
    public String workload() {
      return workload;
    }
  }

  private final KubeCluster cluster;

  public RolloutWatch(KubeCluster cluster) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
  }

  /**
   * Waits until every workload has rolled out, one after the other, all within {@code timeout}.
   *
   * @throws StuckException when one has not finished by then (the message says what it waits for)
   * @throws ClusterException when the cluster fails
   */
  public void await(String namespace, List<RolloutRestart.Workload> workloads, Duration timeout) {
    await(namespace, workloads, Instant.now().plus(timeout), timeout);
  }

  /**
   * As {@link #await(String, List, Duration)}, by a deadline that may have been set before (one
   * timeout for several phases); {@code timeout} is the whole budget, for the message.
   */
  public void await(
      String namespace,
      List<RolloutRestart.Workload> workloads,
      Instant deadline,
      Duration timeout) {
    for (RolloutRestart.Workload workload : workloads) {
      long left = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
      try {
        RolloutRestart.call(cluster, "watch", namespace, workload, r -> waitUntilDone(r, left));
      } catch (ClusterException e) {
        if (!(e.getCause() instanceof KubernetesClientTimeoutException)) {
          throw e;
        }
        throw stuck(namespace, workload, timeout);
      }
    }
  }

  /** How far the workload's rollout is now. */
  public Progress progress(String namespace, RolloutRestart.Workload workload) {
    return progress(new RolloutRestart(cluster).get(namespace, workload));
  }

  private StuckException stuck(
      String namespace, RolloutRestart.Workload workload, Duration timeout) {
    Progress now = progress(namespace, workload);
    return new StuckException(
        workload.toString(),
        "the rollout of "
            + workload
            + " in namespace "
            + namespace
            + " did not finish within "
            + timeout.toSeconds()
            + " s ("
            + (now.done() ? "it finished just now" : now.detail())
            + "); see kubectl rollout status "
            + workload
            + " -n "
            + namespace);
  }

  private static <T extends HasMetadata> T waitUntilDone(Resource<T> resource, long millis) {
    return resource.waitUntilCondition(
        live -> progress(live).done(), millis, TimeUnit.MILLISECONDS);
  }

  /** How far a workload's rollout is, judged from the object alone. */
  static Progress progress(HasMetadata live) {
    if (live == null) {
      return Progress.waiting("it does not exist");
    }
    Long generation = live.getMetadata().getGeneration();
    if (live instanceof Deployment deployment && deployment.getStatus() != null) {
      DeploymentStatus status = deployment.getStatus();
      return judge(
          generation,
          status.getObservedGeneration(),
          wanted(deployment.getSpec() == null ? null : deployment.getSpec().getReplicas()),
          status.getUpdatedReplicas(),
          status.getAvailableReplicas(),
          status.getReplicas());
    }
    if (live instanceof StatefulSet statefulSet && statefulSet.getStatus() != null) {
      StatefulSetStatus status = statefulSet.getStatus();
      return judge(
          generation,
          status.getObservedGeneration(),
          wanted(statefulSet.getSpec() == null ? null : statefulSet.getSpec().getReplicas()),
          status.getUpdatedReplicas(),
          status.getAvailableReplicas(),
          status.getReplicas());
    }
    if (live instanceof DaemonSet daemonSet && daemonSet.getStatus() != null) {
      DaemonSetStatus status = daemonSet.getStatus();
      return judge(
          generation,
          status.getObservedGeneration(),
          status.getDesiredNumberScheduled(),
          status.getUpdatedNumberScheduled(),
          status.getNumberAvailable(),
          status.getCurrentNumberScheduled());
    }
    return Progress.waiting("no status reported yet");
  }

  private static Progress judge(
      Number generationOrNull,
      Number observedOrNull,
      Number wantedOrNull,
      Number updatedOrNull,
      Number availableOrNull,
      Number totalOrNull) {
    long generation = orZero(generationOrNull);
    long observed = orZero(observedOrNull);
    long wanted = orZero(wantedOrNull);
    long updated = orZero(updatedOrNull);
    long available = orZero(availableOrNull);
    long total = orZero(totalOrNull);
    if (observed < generation) {
      return Progress.waiting(
          "the controller has not seen the latest change yet (generation "
              + generation
              + ", observed "
              + observed
              + ")");
    }
    if (updated != wanted) {
      return Progress.waiting(updated + " of " + wanted + " replicas updated");
    }
    if (available != wanted) {
      return Progress.waiting(available + " of " + wanted + " updated replicas available");
    }
    if (total != wanted) {
      return Progress.waiting((total - wanted) + " old replicas pending termination");
    }
    return Progress.complete();
  }

  /** A workload without {@code spec.replicas} wants one, as the API server defaults it. */
  private static Integer wanted(Integer replicas) {
    return replicas == null ? 1 : replicas;
  }

  private static long orZero(Number n) {
    return n == null ? 0 : n.longValue();
  }
}
