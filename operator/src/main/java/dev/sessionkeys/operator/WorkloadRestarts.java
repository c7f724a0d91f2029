package dev.sessionkeys.operator;

import dev.sessionkeys.kube.ClusterException;
import dev.sessionkeys.kube.KubeCluster;
import dev.sessionkeys.kube.RolloutRestart;
import dev.sessionkeys.kube.RolloutWatch;
import dev.sessionkeys.operator.crd.WorkloadRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Rolls the workloads of a SessionKeySet after a rotation with the kube module's {@link
 * RolloutRestart} (what {@code kubectl rollout restart} does), stamped with the rotation's instant
 * rather than the current time. That makes a restart idempotent: a replica that takes over after a
 * crash finds the stamp already there and does not roll the pods a second time.
 */
final class WorkloadRestarts {

  /** The pod template annotation the restart sets. */
  static final String RESTARTED_AT = RolloutRestart.ANNOTATION;

  /** How one restart went. */
  enum Outcome {
    RESTARTED,
    ALREADY_RESTARTED,
    NOT_FOUND
  }

  private final RolloutRestart rollout;
  private final RolloutWatch watch;

  WorkloadRestarts(KubernetesClient client) {
    KubeCluster cluster = KubeCluster.of(client, "operator");
    this.rollout = new RolloutRestart(cluster);
    this.watch = new RolloutWatch(cluster);
  }

  Outcome restart(String namespace, WorkloadRef ref, Instant rotatedAt) {
    HasMetadata workload = rollout.get(namespace, workload(ref));
    if (workload == null) {
      return Outcome.NOT_FOUND;
    }
    // RolloutRestart writes the instant to the second, as kubectl does.
    if (rotatedAt.truncatedTo(ChronoUnit.SECONDS).toString().equals(currentStamp(workload))) {
      return Outcome.ALREADY_RESTARTED;
    }
    try {
      rollout.restart(namespace, workload(ref), rotatedAt);
    } catch (ClusterException e) {
      if (e.kind() == ClusterException.Kind.NOT_FOUND) {
        return Outcome.NOT_FOUND;
      }
      throw e;
    }
    return Outcome.RESTARTED;
  }

  /**
   * What the workloads are still rolling out, as {@code kubectl rollout status} judges it (a
   * missing workload counts as not rolled out), or empty when every one has finished.
   */
  Optional<String> rolloutWait(String namespace, List<WorkloadRef> refs) {
    List<String> waiting = new ArrayList<>();
    for (WorkloadRef ref : refs) {
      RolloutWatch.Progress progress = watch.progress(namespace, workload(ref));
      if (!progress.done()) {
        waiting.add(ref + ": " + progress.detail());
      }
    }
    return waiting.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", waiting));
  }

  /** The kube module's name for the workload: the same kinds, spelt in capitals. */
  private static RolloutRestart.Workload workload(WorkloadRef ref) {
    return new RolloutRestart.Workload(
        RolloutRestart.Kind.valueOf(ref.kind().name().toUpperCase(Locale.ROOT)), ref.name());
  }

  private static String currentStamp(HasMetadata workload) {
    PodTemplateSpec template = null;
    if (workload instanceof Deployment d && d.getSpec() != null) {
      template = d.getSpec().getTemplate();
    } else if (workload instanceof StatefulSet s && s.getSpec() != null) {
      template = s.getSpec().getTemplate();
    } else if (workload instanceof DaemonSet ds && ds.getSpec() != null) {
      template = ds.getSpec().getTemplate();
    }
    if (template == null
        || template.getMetadata() == null
        || template.getMetadata().getAnnotations() == null) {
      return null;
    }
    return template.getMetadata().getAnnotations().get(RESTARTED_AT);
  }
}
