package dev.sessionkeys.cli;

import dev.sessionkeys.core.Profile;
import dev.sessionkeys.kube.LiveCheck;
import dev.sessionkeys.kube.SecretRef;
import java.time.Instant;

/**
 * The live branch of {@code check -n}: a class of its own so that {@link CheckCommand} on files
 * never loads the Kubernetes client (the JVM loads this class, and the client with it, only when
 * the branch runs).
 */
final class LiveCheckRunner {

  private LiveCheckRunner() {}

  static ReportRenderer.CheckResult run(
      Profile profile, String namespace, String secretName, ClusterOptions options) {
    SecretRef ref =
        new SecretRef(Names.namespace(namespace, profile), Names.secretName(secretName, profile));
    return new ReportRenderer.CheckResult(
        Cluster.run(options, cluster -> new LiveCheck(cluster, profile).check(ref, Instant.now())));
  }
}
