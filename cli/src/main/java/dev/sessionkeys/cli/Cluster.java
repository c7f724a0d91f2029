package dev.sessionkeys.cli;

import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.rotation.RotationRefusedException;
import dev.sessionkeys.kube.Adopt;
import dev.sessionkeys.kube.ClusterException;
import dev.sessionkeys.kube.KubeCluster;
import dev.sessionkeys.kube.LiveCheck;
import dev.sessionkeys.kube.SecretRef;
import java.time.Instant;

/**
 * Connects the cluster commands and turns the kube module's failures into exit codes: cluster
 * failures 3, refusals 1. Only the cluster commands (and {@code check -n}) load this class, and
 * with it the Kubernetes client.
 */
final class Cluster {

  /** A cluster operation, which the rotation planner may refuse. */
  @FunctionalInterface
  interface Operation<T> {
    T run(KubeCluster cluster) throws RotationRefusedException;
  }

  private Cluster() {}

  /** Connects as the options say, runs {@code operation}, and closes the client. */
  static <T> T run(ClusterOptions options, Operation<T> operation) {
    requireKubeconfig(options, CliEnvironment.get());
    try (KubeCluster cluster =
        KubeCluster.connect(new KubeCluster.Target(options.kubeconfig, options.context))) {
      return operation.run(cluster);
    } catch (ClusterException e) {
      // A bad kubeconfig or context is the user's input (exit 2); everything else is the cluster
      // failing (exit 3).
      throw new CliException(
          e.kind() == ClusterException.Kind.CONFIGURATION
              ? ExitCode.USAGE_OR_INPUT
              : ExitCode.CLUSTER_OR_IO,
          e.getMessage());
    } catch (RotationRefusedException e) {
      throw CliException.refused("refused: " + e.getMessage() + flagHint(e.reason()));
    } catch (Adopt.FileConflictException e) {
      throw CliException.refused("refused: " + e.getMessage());
    } catch (java.io.UncheckedIOException e) {
      throw new CliException(ExitCode.CLUSTER_OR_IO, e.getMessage());
    }
  }

  /** The CLI's way to do what a refusal of core asks for (core's messages name no flags). */
  static String flagHint(RotationRefusedException.Reason reason) {
    return switch (reason) {
      case DATA_KEY_NOT_ALLOWED -> " (--keys GROUP)";
      case PREVIOUS_IN_GRACE, GRACE_UNKNOWN -> " (--force)";
      case DATA_PREVIOUS_PRESENT -> " (`sessionkeys rotate --finish --keys GROUP`)";
      default -> "";
    };
  }

  /**
   * Without {@code --kubeconfig}, {@code $KUBECONFIG} or {@code ~/.kube/config}, and outside a pod,
   * there is no cluster to talk to: say so (exit 2), rather than let the client try the in-cluster
   * address and fail with a name-resolution error.
   */
  static void requireKubeconfig(ClusterOptions options, java.util.Map<String, String> env) {
    if (options.kubeconfig != null || env.get("KUBERNETES_SERVICE_HOST") != null) {
      return;
    }
    String list = env.get("KUBECONFIG");
    if (list != null && !list.isBlank()) {
      for (String file : list.split(java.io.File.pathSeparator)) {
        if (!file.isBlank() && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(file))) {
          return;
        }
      }
      throw CliException.input(
          "no kubeconfig: none of the files in $KUBECONFIG ("
              + list
              + ") exists; fix KUBECONFIG, or give --kubeconfig FILE");
    }
    String home = env.get("HOME");
    if (home == null || home.isBlank()) {
      home = System.getProperty("user.home");
    }
    java.nio.file.Path config =
        home == null ? null : java.nio.file.Path.of(home, ".kube", "config");
    if (config == null || !java.nio.file.Files.isRegularFile(config)) {
      throw CliException.input(
          "no kubeconfig: KUBECONFIG is not set, "
              + (config == null ? "~/.kube/config" : config)
              + " does not exist, and this is not a pod; give --kubeconfig FILE (and --context"
              + " NAME), as kubectl takes them");
    }
  }

  /**
   * {@code check -n}: the live Secret's check. Here, not in {@link CheckCommand}, so that checking
   * files never loads the Kubernetes client.
   */
  static ReportRenderer.CheckResult liveCheck(
      Profile profile, String namespace, String secretName, ClusterOptions options) {
    SecretRef ref =
        new SecretRef(Names.namespace(namespace, profile), Names.secretName(secretName, profile));
    return new ReportRenderer.CheckResult(
        run(options, cluster -> new LiveCheck(cluster, profile).check(ref, Instant.now())));
  }

  /**
   * The live Secret named by {@code -n} and {@code --secret-name}, else by the kubeconfig's context
   * (namespace) and the profile; both names checked as Kubernetes checks them.
   */
  static SecretRef target(SecretTargetOptions target, Profile profile, ClusterOptions options) {
    String ns = target.namespace != null ? target.namespace : contextNamespace(options);
    return new SecretRef(Names.namespace(ns, profile), target.name(profile));
  }

  /**
   * The namespace of the kubeconfig's context (the current one, or {@code --context}), as kubectl
   * uses it when {@code -n} is not given; null when it sets none or cannot be read (connecting then
   * reports the problem).
   */
  static String contextNamespace(ClusterOptions options) {
    try {
      requireKubeconfig(options, CliEnvironment.get());
      io.fabric8.kubernetes.client.Config config =
          options.kubeconfig != null
              ? io.fabric8.kubernetes.client.Config.fromKubeconfig(
                  options.context, options.kubeconfig.toFile())
              : io.fabric8.kubernetes.client.Config.autoConfigure(options.context);
      io.fabric8.kubernetes.api.model.NamedContext current = config.getCurrentContext();
      if (current == null || current.getContext() == null) {
        return null;
      }
      String namespace = current.getContext().getNamespace();
      return namespace == null || namespace.isBlank() ? null : namespace;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
