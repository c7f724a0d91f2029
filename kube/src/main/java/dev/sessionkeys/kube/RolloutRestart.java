package dev.sessionkeys.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * What {@code kubectl rollout restart} does: sets the pod template annotation {@value #ANNOTATION}
 * to the current time, so the controller rolls out new pods (which read the Secret afresh). Sent as
 * a JSON merge patch touching only that annotation.
 */
public final class RolloutRestart {

  /** The annotation kubectl sets on the pod template. */
  public static final String ANNOTATION = "kubectl.kubernetes.io/restartedAt";

  /** The workload kinds kubectl can restart. */
  public enum Kind {
    DEPLOYMENT,
    STATEFULSET,
    DAEMONSET;

    /** The API resource: the kind in lower case, plural. */
    public String resource() {
      return name().toLowerCase(Locale.ROOT) + "s";
    }
  }

  /**
   * One workload, as kubectl writes it: {@code deployment/NAME}.
   *
   * @param kind its kind
   * @param name its name
   */
  public record Workload(Kind kind, String name) {
    public Workload {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(name, "name");
    }

    /**
     * Parses {@code deployment/NAME} (also {@code deploy/}, {@code statefulset/}, {@code sts/},
     * {@code daemonset/}, {@code ds/}).
     *
     * @throws IllegalArgumentException with a one-line message when it is not of that form
     */
    public static Workload parse(String text) {
      int slash = text.indexOf('/');
      if (slash <= 0 || slash == text.length() - 1) {
        throw new IllegalArgumentException(
            "'%s' is not a workload: write it as deployment/NAME (or statefulset/NAME, daemonset/NAME)"
                .formatted(text));
      }
      String kindText = text.substring(0, slash).toLowerCase(Locale.ROOT);
      String name = text.substring(slash + 1);
      Kind kind =
          switch (kindText) {
            case "deployment", "deployments", "deploy" -> Kind.DEPLOYMENT;
            case "statefulset", "statefulsets", "sts" -> Kind.STATEFULSET;
            case "daemonset", "daemonsets", "ds" -> Kind.DAEMONSET;
            default ->
                throw new IllegalArgumentException(
                    "'%s': kubectl can restart deployment, statefulset and daemonset, not '%s'"
                        .formatted(text, kindText));
          };
      if (!dev.sessionkeys.core.Profile.isValidSecretName(name)) {
        throw new IllegalArgumentException("'" + name + "' is not a valid workload name");
      }
      return new Workload(kind, name);
    }

    @Override
    public String toString() {
      return kind.name().toLowerCase(Locale.ROOT) + "/" + name;
    }
  }

  private final KubeCluster cluster;

  public RolloutRestart(KubeCluster cluster) {
    this.cluster = cluster;
  }

  /** Fails with a NOT_FOUND {@link ClusterException} when the workload does not exist. */
  public void requireExists(String namespace, Workload workload) {
    if (get(namespace, workload) == null) {
      throw new ClusterException(
          ClusterException.Kind.NOT_FOUND,
          404,
          "there is no %s in namespace %s at %s; nothing was changed: check the --restart list (kubectl get %s -n %s)"
              .formatted(
                  workload, namespace, cluster.describe(), workload.kind().resource(), namespace));
    }
  }

  /** The workload as the API server has it, or {@code null} when it does not exist. */
  public HasMetadata get(String namespace, Workload workload) {
    return call(cluster, "get", namespace, workload, Resource::get);
  }

  /** Restarts the workload as of {@code now}. */
  public void restart(String namespace, Workload workload, Instant now) {
    String patch =
        "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"%s\":\"%s\"}}}}}"
            .formatted(ANNOTATION, now.truncatedTo(ChronoUnit.SECONDS));
    call(
        cluster,
        "patch",
        namespace,
        workload,
        r -> r.patch(PatchContext.of(PatchType.JSON_MERGE), patch));
  }

  /** One request about the workload, named for error messages. */
  static <T> T call(
      KubeCluster cluster,
      String verb,
      String namespace,
      Workload workload,
      Function<Resource<? extends HasMetadata>, T> request) {
    var apps = cluster.client().apps();
    Resource<? extends HasMetadata> resource =
        switch (workload.kind()) {
          case DEPLOYMENT -> apps.deployments().inNamespace(namespace).withName(workload.name());
          case STATEFULSET -> apps.statefulSets().inNamespace(namespace).withName(workload.name());
          case DAEMONSET -> apps.daemonSets().inNamespace(namespace).withName(workload.name());
        };
    return cluster.call(
        verb,
        workload.kind().resource(),
        namespace + "/" + workload.name(),
        () -> request.apply(resource));
  }
}
