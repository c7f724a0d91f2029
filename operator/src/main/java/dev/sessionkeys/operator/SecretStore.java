package dev.sessionkeys.operator;

import dev.sessionkeys.kube.SafeWrite;
import dev.sessionkeys.kube.SecretMapping;
import dev.sessionkeys.operator.crd.SessionKeySet;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Optional;

/**
 * Reads and writes a set's Secret. Reads come first from the managed Secrets' informer cache (no
 * request when nothing changed), else from the API server: a stale cached copy only costs a 409 and
 * a second attempt, which reads from the server. An update carries the resourceVersion it was
 * decided from, so that a concurrent change fails with 409 (which {@link SafeWrite} turns into a
 * fresh read and decision) instead of being overwritten.
 */
final class SecretStore {

  private final KubernetesClient client;
  private final OperatorMetrics metrics;

  /** The managed Secrets' informer, once the framework made it. */
  private volatile InformerEventSource<Secret, SessionKeySet> cache;

  SecretStore(KubernetesClient client, OperatorMetrics metrics) {
    this.client = client;
    this.metrics = metrics;
  }

  void useCache(InformerEventSource<Secret, SessionKeySet> informer) {
    this.cache = informer;
  }

  /** The Secret, or {@code null}; from the cache only when {@code cachedOk}. */
  Secret read(String namespace, String name, boolean cachedOk) {
    InformerEventSource<Secret, SessionKeySet> source = cache;
    if (cachedOk && source != null) {
      Optional<Secret> cached = source.get(new ResourceID(name, namespace));
      if (cached.isPresent()) {
        return cached.get();
      }
    }
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  Secret create(Secret fresh) {
    Secret created =
        client.secrets().inNamespace(fresh.getMetadata().getNamespace()).resource(fresh).create();
    wrote(created, null);
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
    wrote(written, live);
    return written;
  }

  /** Counts a write of ours and tells the cache about it, so that it starts no new pass. */
  private void wrote(Secret written, Secret before) {
    metrics.secretWritten();
    InformerEventSource<Secret, SessionKeySet> source = cache;
    if (source == null) {
      return;
    }
    if (before == null) {
      source.handleRecentResourceCreate(ResourceID.fromResource(written), written);
    } else {
      source.handleRecentResourceUpdate(ResourceID.fromResource(written), written, before);
    }
  }

  /** What the planner sees of a live Secret. */
  static KeySetPlanner.Observed observe(Secret live, Optional<String> rolloutWait) {
    return new KeySetPlanner.Observed(
        SecretMapping.toDocument(live),
        SecretMapping.toRotationState(live),
        KeySetPlanner.readInstant(live.getMetadata().getCreationTimestamp()),
        rolloutWait);
  }
}
