package dev.sessionkeys.packaging;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's CRUD mock API server on 127.0.0.1 (plain HTTP) that also answers API discovery, which
 * kubectl needs to map a manifest's kind to a path (the mock alone does not serve /api, /apis and
 * their resource lists), and the SelfSubjectRulesReview the operator's leader election posts.
 * ImageIT runs the operator from the container image against it; KubectlTest runs kubectl.
 */
final class MockApiServer implements AutoCloseable {

  /** group/version -> resources (plural, kind, namespaced) that kubectl may be asked about. */
  private record Res(String plural, String kind, boolean namespaced) {}

  private static final Map<String, List<Res>> RESOURCES = new LinkedHashMap<>();

  static {
    RESOURCES.put(
        "v1",
        List.of(
            r("secrets", "Secret", true),
            r("serviceaccounts", "ServiceAccount", true),
            r("services", "Service", true),
            r("configmaps", "ConfigMap", true),
            r("events", "Event", true),
            r("namespaces", "Namespace", false)));
    RESOURCES.put(
        "apps/v1",
        List.of(
            r("deployments", "Deployment", true),
            r("statefulsets", "StatefulSet", true),
            r("daemonsets", "DaemonSet", true)));
    RESOURCES.put(
        "rbac.authorization.k8s.io/v1",
        List.of(
            r("roles", "Role", true),
            r("rolebindings", "RoleBinding", true),
            r("clusterroles", "ClusterRole", false),
            r("clusterrolebindings", "ClusterRoleBinding", false)));
    RESOURCES.put("policy/v1", List.of(r("poddisruptionbudgets", "PodDisruptionBudget", true)));
    RESOURCES.put("networking.k8s.io/v1", List.of(r("networkpolicies", "NetworkPolicy", true)));
    RESOURCES.put("coordination.k8s.io/v1", List.of(r("leases", "Lease", true)));
    RESOURCES.put(
        "apiextensions.k8s.io/v1",
        List.of(r("customresourcedefinitions", "CustomResourceDefinition", false)));
    RESOURCES.put("sessionkeys.dev/v1alpha1", List.of(r("sessionkeysets", "SessionKeySet", true)));
    RESOURCES.put(
        "monitoring.coreos.com/v1", List.of(r("servicemonitors", "ServiceMonitor", true)));
  }

  private static Res r(String plural, String kind, boolean namespaced) {
    return new Res(plural, kind, namespaced);
  }

  private final KubernetesMockServer server;

  MockApiServer() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMixedDispatcher crud = new KubernetesMixedDispatcher(responses);
    Dispatcher dispatcher =
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            int query = path.indexOf('?');
            String bare = query < 0 ? path : path.substring(0, query);
            String discovery = discovery(request.getMethod(), bare);
            if (discovery != null) {
              return new MockResponse()
                  .setResponseCode(discovery.contains("SelfSubjectRulesReview") ? 201 : 200)
                  .setHeader("Content-Type", "application/json")
                  .setBody(discovery);
            }
            return crud.dispatch(request);
          }
        };
    server =
        new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
  }

  static String discovery(String method, String path) {
    if ("POST".equals(method)
        && path.equals("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")) {
      return """
          {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectRulesReview","spec":{},
           "status":{"incomplete":false,"nonResourceRules":[],"resourceRules":[
             {"apiGroups":["coordination.k8s.io"],"resources":["leases"],
              "verbs":["get","create","update"]}]}}""";
    }
    if (!"GET".equals(method)) {
      return null;
    }
    if (path.equals("/api")) {
      return "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
          + "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1\"}]}";
    }
    if (path.equals("/apis")) {
      StringBuilder groups = new StringBuilder();
      for (String gv : RESOURCES.keySet()) {
        if (gv.contains("/")) {
          String group = gv.substring(0, gv.indexOf('/'));
          String version = gv.substring(gv.indexOf('/') + 1);
          String v = "{\"groupVersion\":\"" + gv + "\",\"version\":\"" + version + "\"}";
          groups
              .append(groups.length() == 0 ? "" : ",")
              .append("{\"name\":\"")
              .append(group)
              .append("\",\"versions\":[")
              .append(v)
              .append("],\"preferredVersion\":")
              .append(v)
              .append('}');
        }
      }
      return "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[" + groups + "]}";
    }
    String gv =
        path.equals("/api/v1")
            ? "v1"
            : path.startsWith("/apis/") && path.chars().filter(c -> c == '/').count() == 3
                ? path.substring("/apis/".length())
                : null;
    if (gv == null || !RESOURCES.containsKey(gv)) {
      return null;
    }
    StringBuilder list = new StringBuilder();
    for (Res resource : RESOURCES.get(gv)) {
      list.append(list.length() == 0 ? "" : ",")
          .append("{\"name\":\"")
          .append(resource.plural())
          .append("\",\"singularName\":\"\",\"namespaced\":")
          .append(resource.namespaced())
          .append(",\"kind\":\"")
          .append(resource.kind())
          .append("\",\"verbs\":[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",")
          .append("\"watch\"]}");
    }
    return "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\""
        + gv
        + "\",\"resources\":["
        + list
        + "]}";
  }

  String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** A kubeconfig with one context, {@code mock}, for this server. */
  Path writeKubeconfig(Path file) throws IOException {
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: mock
            cluster:
              server: %s
        users:
          - name: mock
            user:
              token: mock-token
        contexts:
          - name: mock
            context:
              cluster: mock
              user: mock
              namespace: default
        current-context: mock
        """
            .formatted(url()),
        StandardCharsets.UTF_8);
    return file;
  }

  @Override
  public void close() {
    server.destroy();
  }
}
