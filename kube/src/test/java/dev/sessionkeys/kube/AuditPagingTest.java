package dev.sessionkeys.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.Profile;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.api.model.SecretListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

/** The CRUD mock ignores limit/continue, so the paging loop is tested against scripted answers. */
@EnableKubernetesMockClient
class AuditPagingTest {

  KubernetesMockServer server;
  KubernetesClient client;

  private static SecretList page(String continueToken, String... namespaces) {
    SecretListBuilder builder =
        new SecretListBuilder().withNewMetadata().withContinue(continueToken).endMetadata();
    for (String namespace : namespaces) {
      builder.addToItems(
          AuditTest.secret(
              namespace,
              "fwinsights-secrets",
              KeyGenerator.secure().generate(Profile.FAIRWINDS_INSIGHTS)));
    }
    return builder.build();
  }

  @Test
  void followsContinueTokensUntilTheLastPage() {
    server
        .expect()
        .get()
        .withPath("/api/v1/secrets?limit=2")
        .andReturn(200, page("t1", "a", "b"))
        .once();
    server
        .expect()
        .get()
        .withPath("/api/v1/secrets?continue=t1&limit=2")
        .andReturn(200, page("t2", "c", "d"))
        .once();
    server
        .expect()
        .get()
        .withPath("/api/v1/secrets?continue=t2&limit=2")
        .andReturn(200, page(null, "e"))
        .once();

    Audit.Report report =
        new Audit(KubeCluster.of(client, "mock"), Profile.FAIRWINDS_INSIGHTS, 2)
            .run(Audit.Scope.all(), AuditTest.NOW);

    assertThat(report.pages()).isEqualTo(3);
    assertThat(report.rows())
        .extracting(Audit.Row::namespace)
        .containsExactly("a", "b", "c", "d", "e");
  }

  @Test
  void pagesEachNamespaceOfTheScope() {
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/a/secrets?limit=1")
        .andReturn(200, page("x", "a"))
        .once();
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/a/secrets?continue=x&limit=1")
        .andReturn(200, page("", "a"))
        .once();
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/b/secrets?limit=1")
        .andReturn(200, page(null, "b"))
        .once();

    Audit.Report report =
        new Audit(KubeCluster.of(client, "mock"), Profile.FAIRWINDS_INSIGHTS, 1)
            .run(Audit.Scope.of(java.util.List.of("a", "b")), AuditTest.NOW);

    assertThat(report.pages()).isEqualTo(3);
    assertThat(report.rows()).hasSize(3);
  }

  @Test
  void aRepeatedContinueTokenStopsInsteadOfLooping() {
    server
        .expect()
        .get()
        .withPath("/api/v1/secrets?limit=2")
        .andReturn(200, page("same", "a"))
        .once();
    server
        .expect()
        .get()
        .withPath("/api/v1/secrets?continue=same&limit=2")
        .andReturn(200, page("same", "b"))
        .always();

    assertThatThrownBy(
            () ->
                new Audit(KubeCluster.of(client, "mock"), Profile.FAIRWINDS_INSIGHTS, 2)
                    .run(Audit.Scope.all(), AuditTest.NOW))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("same continue token twice");
  }
}
