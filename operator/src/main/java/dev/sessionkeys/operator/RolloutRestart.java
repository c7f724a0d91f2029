package dev.sessionkeys.operator;

import dev.sessionkeys.operator.crd.WorkloadRef;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * What {@code kubectl rollout restart} does: sets {@code kubectl.kubernetes.io/restartedAt} on the pod template, so the
 * workload rolls its pods. The stamp is the rotation's instant, which makes a restart idempotent: an operator that takes
 * over after a crash sees the stamp already there and does not roll the pods a second time.
 */
final class RolloutRestart {

  static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

  /** How one restart went. */
  enum Outcome {
    RESTARTED,
    ALREADY_RESTARTED,
    NOT_FOUND
  }

  private final KubernetesClient client;

  RolloutRestart(KubernetesClient client) {
    this.client = client;
  }

  Outcome restart(String namespace, WorkloadRef ref, String stamp) {
    var resource = switch (ref.getKind()) {
      case Deployment -> client.apps().deployments().inNamespace(namespace).withName(ref.getName());
      case StatefulSet -> client.apps().statefulSets().inNamespace(namespace).withName(ref.getName());
      case DaemonSet -> client.apps().daemonSets().inNamespace(namespace).withName(ref.getName());
    };
    var workload = resource.get();
    if (workload == null) {
      return Outcome.NOT_FOUND;
    }
    if (stamp.equals(currentStamp(workload))) {
      return Outcome.ALREADY_RESTARTED;
    }
    String patch = "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"" + RESTARTED_AT + "\":\"" + stamp
        + "\"}}}}}";
    try {
      resource.patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return Outcome.NOT_FOUND;
      }
      throw e;
    }
    return Outcome.RESTARTED;
  }

  private static String currentStamp(io.fabric8.kubernetes.api.model.HasMetadata workload) {
    io.fabric8.kubernetes.api.model.PodTemplateSpec template;
    if (workload instanceof io.fabric8.kubernetes.api.model.apps.Deployment d) {
      template = d.getSpec() == null ? null : d.getSpec().getTemplate();
    } else if (workload instanceof io.fabric8.kubernetes.api.model.apps.StatefulSet s) {
      template = s.getSpec() == null ? null : s.getSpec().getTemplate();
    } else if (workload instanceof io.fabric8.kubernetes.api.model.apps.DaemonSet ds) {
      template = ds.getSpec() == null ? null : ds.getSpec().getTemplate();
    } else {
      template = null;
    }
    if (template == null || template.getMetadata() == null || template.getMetadata().getAnnotations() == null) {
      return null;
    }
    return template.getMetadata().getAnnotations().get(RESTARTED_AT);
  }
}
