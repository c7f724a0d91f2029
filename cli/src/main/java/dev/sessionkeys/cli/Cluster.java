package dev.sessionkeys.cli;

import dev.sessionkeys.core.rotation.RotationRefusedException;
import dev.sessionkeys.kube.Adopt;
import dev.sessionkeys.kube.ClusterException;
import dev.sessionkeys.kube.KubeCluster;
import java.util.function.Function;

/**
 * Connects the cluster commands and turns the kube module's failures into exit codes: cluster
 * failures 3, refusals 1. Only the cluster commands (and {@code check -n}) load this class, and
 * with it the Kubernetes client.
 */
final class Cluster {

  /** A cluster operation that may be refused by the rotation planner. */
  @FunctionalInterface
  interface Operation<T> {
    T run(KubeCluster cluster) throws RotationRefusedException;
  }

  private Cluster() {}

  /** Connects as the options say, runs {@code operation}, and closes the client. */
  static <T> T run(ClusterOptions options, Operation<T> operation) {
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

  /** As {@link #run}, for operations that cannot be refused. */
  static <T> T call(ClusterOptions options, Function<KubeCluster, T> operation) {
    return run(options, operation::apply);
  }
}
