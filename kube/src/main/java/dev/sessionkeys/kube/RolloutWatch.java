package dev.sessionkeys.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
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
  public record Progress(boolean done, String detail) {}

  /**
   * A rollout that did not finish in time; the message names the workload and what it waits for.
   */
  public static final class StuckException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StuckException(String message) {
      super(message);
    }
  }

  private final KubeCluster cluster;

  public RolloutWatch(KubeCluster cluster) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
  }

  /**
   * Waits until every workload has rolled out, one after the other, all by {@code deadline} (which
   * may have been set before: one timeout for several phases).
   *
   * @param timeout the whole budget, for the message
   * @throws StuckException when one has not finished by then (the message says what it waits for)
   * @throws ClusterException when the cluster fails
   */
  public void await(
      String namespace,
      List<RolloutRestart.Workload> workloads,
      Instant deadline,
      Duration timeout) {
    for (RolloutRestart.Workload workload : workloads) {
      long left = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
      try {
        RolloutRestart.call(
            cluster,
            "watch",
            namespace,
            workload,
            r -> r.waitUntilCondition(live -> progress(live).done(), left, TimeUnit.MILLISECONDS));
      } catch (ClusterException e) {
        if (!(e.getCause() instanceof KubernetesClientTimeoutException)) {
          throw e;
        }
        Progress now = progress(namespace, workload);
        throw new StuckException(
            "the rollout of %s in namespace %s did not finish within %d s (%s); see kubectl rollout status %s -n %s"
                .formatted(
                    workload,
                    namespace,
                    timeout.toSeconds(),
                    now.done() ? "it finished just now" : now.detail(),
                    workload,
                    namespace));
      }
    }
  }

  /** How far the workload's rollout is now. */
  public Progress progress(String namespace, RolloutRestart.Workload workload) {
    return progress(new RolloutRestart(cluster).get(namespace, workload));
  }

  /**
   * The numbers a rollout is judged by, read once per workload kind (fabric8's status types share
   * no interface); {@code null} reads as 0.
   */
  private record Counts(
      Number observed, Number wanted, Number updated, Number available, Number total) {}

  /** How far a workload's rollout is, judged from the object alone. */
  static Progress progress(HasMetadata live) {
    if (live == null) {
      return new Progress(false, "it does not exist");
    }
    Counts counts = null;
    if (live instanceof Deployment d && d.getStatus() != null) {
      DeploymentStatus s = d.getStatus();
      counts =
          new Counts(
              s.getObservedGeneration(),
              wanted(d.getSpec() == null ? null : d.getSpec().getReplicas()),
              s.getUpdatedReplicas(),
              s.getAvailableReplicas(),
              s.getReplicas());
    } else if (live instanceof StatefulSet sts && sts.getStatus() != null) {
      StatefulSetStatus s = sts.getStatus();
      counts =
          new Counts(
              s.getObservedGeneration(),
              wanted(sts.getSpec() == null ? null : sts.getSpec().getReplicas()),
              s.getUpdatedReplicas(),
              s.getAvailableReplicas(),
              s.getReplicas());
    } else if (live instanceof DaemonSet ds && ds.getStatus() != null) {
      DaemonSetStatus s = ds.getStatus();
      counts =
          new Counts(
              s.getObservedGeneration(),
              s.getDesiredNumberScheduled(),
              s.getUpdatedNumberScheduled(),
              s.getNumberAvailable(),
              s.getCurrentNumberScheduled());
    }
    if (counts == null) {
      return new Progress(false, "no status reported yet");
    }
    long generation = orZero(live.getMetadata().getGeneration());
    long observed = orZero(counts.observed());
    long wanted = orZero(counts.wanted());
    long updated = orZero(counts.updated());
    long available = orZero(counts.available());
    long total = orZero(counts.total());
    if (observed < generation) {
      return new Progress(
          false,
          "the controller has not seen the latest change yet (generation "
              + generation
              + ", observed "
              + observed
              + ")");
    }
    if (updated != wanted) {
      return new Progress(false, updated + " of " + wanted + " replicas updated");
    }
    if (available != wanted) {
      return new Progress(false, available + " of " + wanted + " updated replicas available");
    }
    if (total != wanted) {
      return new Progress(false, (total - wanted) + " old replicas pending termination");
    }
    return new Progress(true, "");
  }

  /** A workload without {@code spec.replicas} wants one, as the API server defaults it. */
  private static Integer wanted(Integer replicas) {
    return replicas == null ? 1 : replicas;
  }

  private static long orZero(Number n) {
    return n == null ? 0 : n.longValue();
  }
}
