package dev.sessionkeys.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * deploy/: the plain manifests parse, grant what the operator needs and no more, and configure it
 * through variables {@link OperatorOptions} understands. The Helm chart is rendered and checked
 * with the real helm in the packaging module (HelmChartTest), which also proves these plain files
 * are the chart's output.
 */
class DeployManifestsTest {

  static final KubernetesSerialization YAML = new KubernetesSerialization();
  static final Path DEPLOY = CrdYamlTest.deployDir();
  static final Path CHART = DEPLOY.resolve("helm/sessionkeys-operator");

  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> out = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      boolean empty = doc.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"));
      if (!empty) {
        out.add(YAML.unmarshal(doc, HasMetadata.class));
      }
    }
    return out;
  }

  static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static List<String> verbs(List<PolicyRule> rules, String group, String resource) {
    return rules.stream()
        .filter(r -> r.getApiGroups().contains(group) && r.getResources().contains(resource))
        .flatMap(r -> r.getVerbs().stream())
        .toList();
  }

  /** The rights the reconciler uses, checked against a rule list. */
  static void assertLeastPrivilege(List<PolicyRule> rules) {
    assertThat(verbs(rules, "sessionkeys.dev", "sessionkeysets"))
        .containsExactlyInAnyOrder("get", "list", "watch", "patch");
    assertThat(verbs(rules, "sessionkeys.dev", "sessionkeysets/status")).contains("patch");
    assertThat(verbs(rules, "", "secrets"))
        .containsExactlyInAnyOrder("get", "list", "watch", "create", "update", "patch");
    assertThat(verbs(rules, "", "events")).contains("create");
    // Restarts: get and patch of the named workloads only.
    assertThat(verbs(rules, "apps", "deployments")).containsExactlyInAnyOrder("get", "patch");
    assertThat(rules.stream().filter(r -> r.getApiGroups().contains("apps")))
        .allSatisfy(r -> assertThat(r.getResourceNames()).isNotEmpty());
    assertThat(rules)
        .allSatisfy(
            r -> {
              assertThat(r.getVerbs())
                  .doesNotContain("*", "delete", "deletecollection", "escalate", "bind");
              assertThat(r.getResources()).doesNotContain("*");
            });
  }

  @Test
  void plainManifestsParseAndGrantLeastPrivilege() throws IOException {
    List<HasMetadata> rbac = parse(Files.readString(DEPLOY.resolve("rbac.yaml")));
    List<HasMetadata> operator = parse(Files.readString(DEPLOY.resolve("operator.yaml")));
    // Namespaced by default: no ClusterRole; the keys Role in the watched namespace.
    assertThat(ofKind(rbac, ClusterRole.class)).isEmpty();
    Role keys =
        ofKind(rbac, Role.class).stream()
            .filter(r -> r.getMetadata().getName().equals("sessionkeys-operator"))
            .findFirst()
            .orElseThrow();
    assertThat(keys.getMetadata().getNamespace()).isEqualTo("fairwinds-insights");
    assertLeastPrivilege(keys.getRules());
    Role lease =
        ofKind(rbac, Role.class).stream()
            .filter(r -> r.getMetadata().getName().endsWith("-leader-election"))
            .findFirst()
            .orElseThrow();
    assertThat(verbs(lease.getRules(), "coordination.k8s.io", "leases"))
        .containsExactlyInAnyOrder("get", "create", "update");
    Deployment deployment = ofKind(operator, Deployment.class).get(0);
    assertThat(deployment.getSpec().getReplicas()).isGreaterThan(1);
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/livez");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getArgs()).containsExactly("operator");
    // The variables it sets are the ones OperatorOptions.fromEnvironment reads, and they parse.
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : container.getEnv()) {
      env.put(var.getName(), var.getValue() == null ? "x" : var.getValue());
    }
    OperatorOptions options = OperatorOptions.fromEnvironment(env);
    assertThat(options.leaderElection()).isTrue();
    assertThat(options.httpPort()).isEqualTo(8080);
    assertThat(options.namespaces()).containsExactly("fairwinds-insights");
  }

  @Test
  void exampleResourceResolves() throws Exception {
    dev.sessionkeys.operator.crd.SessionKeySet example =
        YAML.unmarshal(
            Files.readString(DEPLOY.resolve("examples/sessionkeyset.yaml")),
            dev.sessionkeys.operator.crd.SessionKeySet.class);
    ResolvedSpec spec = ResolvedSpec.resolve(example.getSpec());
    assertThat(spec.secretName()).isEqualTo("fwinsights-secrets");
    assertThat(spec.interval()).contains(java.time.Duration.ofDays(30));
    assertThat(spec.grace()).isEqualTo(java.time.Duration.ofHours(24));
    assertThat(spec.restart()).hasSize(1);
    assertThat(spec.adoptHelmSecret()).isTrue();
  }

  @Test
  void chartCrdIsTheGeneratedOne() throws IOException {
    assertThat(Files.readString(CHART.resolve("crds").resolve(CrdYamlTest.FILE)))
        .isEqualTo(Files.readString(DEPLOY.resolve("crd").resolve(CrdYamlTest.FILE)));
  }
}
