package dev.sessionkeys.operator;

import dev.sessionkeys.kube.SecretMapping;
import dev.sessionkeys.operator.crd.SessionKeySet;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Optional;

/**
 * Reads a set's Secret: first from the managed Secrets' informer cache (no request when nothing
 * changed), else from the API server. A stale cached copy only costs a 409 and a second attempt,
 * which reads from the server.
 */
final class SecretReader {

  private final KubernetesClient client;

  /** The managed Secrets' informer, once the framework made it. */
  private volatile InformerEventSource<Secret, SessionKeySet> cache;

  SecretReader(KubernetesClient client) {
    this.client = client;
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

  /** Tells the cache about a write of ours, so that it starts no new pass. */
  void wrote(Secret written, Secret before) {
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
