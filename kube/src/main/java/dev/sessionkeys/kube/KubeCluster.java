package dev.sessionkeys.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One connection to one cluster: the fabric8 client and how to name it in messages (context and
 * server). Every request of this module goes through {@link #call}, which turns a client failure
 * into a {@link ClusterException} naming the verb, the resource, the context and the server.
 *
 * @param client the client
 * @param context the kubeconfig context, for messages
 * @param server the API server's URL, for messages
 */
public record KubeCluster(KubernetesClient client, String context, String server)
    implements AutoCloseable {

  /**
   * How to reach the cluster, as kubectl's flags say it.
   *
   * @param kubeconfig {@code --kubeconfig}, or {@code null} for {@code $KUBECONFIG}, {@code
   *     ~/.kube/config}, or the in-cluster service account when running in a pod
   * @param context {@code --context}, or {@code null} for the kubeconfig's current context
   */
  public record Target(Path kubeconfig, String context) {}

  /**
   * Retries of one request after a dropped connection or a 5xx: few, so that a dead server fails
   * fast.
   */
  static final int REQUEST_RETRIES = 1;

  public KubeCluster {
    Objects.requireNonNull(client, "client");
  }

  /** Wraps an existing client (tests, the operator). */
  public static KubeCluster of(KubernetesClient client, String contextName) {
    return new KubeCluster(
        client, contextName, String.valueOf(client.getConfiguration().getMasterUrl()));
  }

  /**
   * Connects as kubectl would: the kubeconfig named, else the usual kubeconfig, else the pod's
   * service account.
   *
   * @throws ClusterException when the kubeconfig cannot be read or names no such context
   */
  public static KubeCluster connect(Target target) {
    Path file = target.kubeconfig();
    String source = file == null ? "the kubeconfig" : "the kubeconfig " + file;
    if (file != null && (!Files.isRegularFile(file) || !Files.isReadable(file))) {
      throw new ClusterException(
          ClusterException.Kind.CONFIGURATION,
          0,
          "cannot read the kubeconfig " + file + ": check the path given to --kubeconfig");
    }
    Config config;
    try {
      config =
          file == null
              ? Config.autoConfigure(target.context())
              : Config.fromKubeconfig(target.context(), file.toFile());
    } catch (RuntimeException e) {
      // fabric8 reports a malformed kubeconfig with the YAML parser's multi-line message: keep its
      // first line.
      throw new ClusterException(
          ClusterException.Kind.CONFIGURATION,
          0,
          "cannot use %s%s: %s; check it with `kubectl config view`"
              .formatted(
                  source,
                  target.context() == null ? "" : " with context '" + target.context() + "'",
                  firstLine(e)),
          e);
    }
    if (target.context() != null
        && (config.getCurrentContext() == null
            || !target.context().equals(config.getCurrentContext().getName()))) {
      throw new ClusterException(
          ClusterException.Kind.CONFIGURATION,
          0,
          "%s has no context '%s'; list them with `kubectl config get-contexts`"
              .formatted(source, target.context()));
    }
    config.setRequestRetryBackoffLimit(REQUEST_RETRIES);
    config.setRequestRetryBackoffInterval(250);
    String contextName =
        config.getCurrentContext() != null
            ? config.getCurrentContext().getName()
            : (target.kubeconfig() == null ? "in-cluster" : "none");
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    return new KubeCluster(client, contextName, String.valueOf(config.getMasterUrl()));
  }

  private static String firstLine(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        String first = t.getMessage().strip().lines().findFirst().orElse("").strip();
        java.util.regex.Matcher where =
            java.util.regex.Pattern.compile("line \\d+, column \\d+").matcher(t.getMessage());
        return where.find() && !first.contains(where.group())
            ? first + " at " + where.group()
            : first;
      }
    }
    return e.getClass().getSimpleName();
  }

  /** {@code context NAME, server URL}: how messages say where a request went. */
  public String describe() {
    return "context " + (context == null ? "(none)" : context) + ", server " + server;
  }

  /**
   * Runs one request, translating a failure.
   *
   * @param verb the Kubernetes verb, for the message
   * @param resource the resource, for the message
   * @param target the namespace/name, for the message
   */
  public <T> T call(String verb, String resource, String target, Supplier<T> request) {
    try {
      return request.get();
    } catch (KubernetesClientException e) {
      throw ClusterException.of(e, verb, resource, target, describe());
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
