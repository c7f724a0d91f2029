package dev.sessionkeys.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;
import org.junit.jupiter.api.Test;

/** The one line the operator prints when it cannot start says why, and what to do. */
class OperatorStartFailureTest {

  @Test
  void aForbiddenLeaseIsNamedWithTheRbacAndTheLocalRunHint() {
    KubernetesClientException forbidden =
        new KubernetesClientException(
            "leases.coordination.k8s.io \"sessionkeys-operator\" is forbidden: User cannot get"
                + " resource \"leases\"\nsecond line",
            403,
            null);
    String why =
        OperatorMain.whyNotStarted(new IllegalStateException("start failed", forbidden), true);
    assertThat(why)
        .startsWith("the API server refused a request (HTTP 403 Forbidden): leases")
        .contains("deploy/rbac.yaml (including get, create and update on leases)")
        .endsWith("--leader-elect=false needs no Lease permission")
        .doesNotContain("\n")
        .doesNotContain("second line");
    assertThat(OperatorMain.whyNotStarted(forbidden, false))
        .doesNotContain("leases)")
        .doesNotContain("--leader-elect");
  }

  @Test
  void unauthorizedIsSaidAsSuch() {
    assertThat(
            OperatorMain.whyNotStarted(new KubernetesClientException("no token", 401, null), true))
        .startsWith("the API server refused a request (HTTP 401 Unauthorized): no token");
  }

  @Test
  void anUnreachableServerIsSaidAsSuchWithoutTheLeaseHint() {
    Throwable deep =
        new KubernetesClientException(
            "Operation: [list] failed",
            new RuntimeException("wrapped", new ConnectException("Connection refused")));
    assertThat(OperatorMain.whyNotStarted(deep, true))
        .isEqualTo(
            "cannot reach the API server (ConnectException: Connection refused); check --context"
                + " and --kubeconfig, and that the cluster is up");
    assertThat(
            OperatorMain.whyNotStarted(
                new KubernetesClientException("x", new UnresolvedAddressException()), false))
        .startsWith("cannot reach the API server (UnresolvedAddressException)");
  }

  @Test
  void anythingElseKeepsItsFirstLineAndTheLocalRunHint() {
    assertThat(OperatorMain.whyNotStarted(new IllegalStateException("boom\ntrace"), true))
        .isEqualTo("boom; for a local run, --leader-elect=false needs no Lease permission");
    assertThat(OperatorMain.whyNotStarted(new IllegalStateException(), false))
        .isEqualTo("IllegalStateException");
  }
}
