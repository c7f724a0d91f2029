package dev.sessionkeys.operator;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Writes a set's Secret: a create, or an update carrying the resourceVersion it was decided from,
 * so that a concurrent change fails with 409 (which {@link dev.sessionkeys.kube.SafeWrite} turns
 * into a fresh read and decision) instead of being overwritten.
 */
record SecretWriter(KubernetesClient client, SecretReader reader, OperatorMetrics metrics) {

  Secret create(Secret fresh) {
    Secret created =
        client.secrets().inNamespace(fresh.getMetadata().getNamespace()).resource(fresh).create();
    metrics.secretWritten();
    reader.wrote(created, null);
    return created;
  }

  /** Updates {@code live} to {@code desired}, which carries live's resourceVersion. */
  Secret update(Secret live, Secret desired) {
    if (desired.getMetadata().getResourceVersion() == null) {
      throw new IllegalArgumentException(
          "an update must carry the resourceVersion it was made from");
    }
    Secret written =
        client
            .secrets()
            .inNamespace(desired.getMetadata().getNamespace())
            .resource(desired)
            .update();
    metrics.secretWritten();
    reader.wrote(written, live);
    return written;
  }
}
