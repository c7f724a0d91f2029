package dev.sessionkeys.kube;

import io.fabric8.kubernetes.api.model.Secret;

/** The few Secret requests every operation makes, each named for error messages. */
final class Secrets {

  private Secrets() {}

  /** The live Secret, or {@code null} when there is none. */
  static Secret get(KubeCluster cluster, SecretRef ref) {
    return cluster.call(
        "get",
        "secrets",
        ref.toString(),
        () -> cluster.client().secrets().inNamespace(ref.namespace()).withName(ref.name()).get());
  }

  /** Creates {@code secret}; a CONFLICT {@link ClusterException} when it exists already. */
  static Secret create(KubeCluster cluster, Secret secret) {
    return cluster.call(
        "create",
        "secrets",
        SecretMapping.describe(secret),
        () -> cluster.client().secrets().resource(secret).create());
  }

  /** The live Secret, or a {@link ClusterException} of kind NOT_FOUND saying what to do. */
  static Secret require(KubeCluster cluster, SecretRef ref) {
    Secret live = get(cluster, ref);
    if (live == null) {
      throw new ClusterException(
          ClusterException.Kind.NOT_FOUND,
          404,
          "there is no Secret %s at %s (or no namespace %s); check -n/--secret-name, or create it with `sessionkeys apply`"
              .formatted(ref, cluster.describe(), ref.namespace()));
    }
    return live;
  }

  /**
   * Replaces the Secret with {@code updated}, which carries the resourceVersion it was made from:
   * the server refuses (409, a {@link ClusterException} of kind CONFLICT) when the Secret changed
   * since. kubectl's last-applied copy loses any values it holds on the way ({@link LastApplied}).
   */
  static Secret update(KubeCluster cluster, Secret desired) {
    Secret updated = LastApplied.scrub(desired);
    if (updated.getMetadata().getResourceVersion() == null) {
      throw new IllegalArgumentException(
          "an update must carry the resourceVersion it was made from");
    }
    return cluster.call(
        "update",
        "secrets",
        SecretMapping.describe(updated),
        () -> cluster.client().secrets().resource(updated).update());
  }
}
