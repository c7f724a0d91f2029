package dev.sessionkeys.kube;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/**
 * Clusters on fabric8's mock server, configured as {@link KubeCluster#connect} configures real
 * ones.
 */
final class MockClusters {

  private MockClusters() {}

  /**
   * A client that retries as the CLI does (once, quickly), so that 5xx tests take milliseconds, not
   * 20 s.
   */
  static KubeCluster of(KubernetesMockServer server, String context) {
    return KubeCluster.of(
        server.createClient(
            builder ->
                builder
                    .editOrNewConfig()
                    .withRequestRetryBackoffLimit(KubeCluster.REQUEST_RETRIES)
                    .withRequestRetryBackoffInterval(10)
                    .endConfig()),
        context);
  }
}
