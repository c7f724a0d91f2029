package dev.sessionkeys.packaging;

import static dev.sessionkeys.packaging.Manifests.env;
import static dev.sessionkeys.packaging.Manifests.ofKind;
import static dev.sessionkeys.packaging.Manifests.one;
import static dev.sessionkeys.packaging.Manifests.pod;
import static dev.sessionkeys.packaging.Manifests.verbs;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator chart with the real helm: lint (strict, schema included) and template, for the value
 * sets users choose between; namespaced RBAC unless cluster-wide is asked for.
 */
class HelmChartTest {

  static final String RELEASE = "sessionkeys-operator";
  static final String NAMESPACE = "sessionkeys-system";

  @TempDir Path work;

  /** The value sets users pick: the defaults, namespaced, cluster-wide, HA, restarts, metrics. */
  static Stream<Arguments> valueSets() {
    return Stream.of(
        Arguments.of("defaults", ""),
        Arguments.of("namespaced", "watchNamespaces: [team-a, team-b]\n"),
        Arguments.of("cluster-wide", "rbac:\n  clusterWide: true\n"),
        Arguments.of(
            "replicas 2 with leader election",
            "replicaCount: 2\nleaderElection:\n  enabled: true\n  leaseName: sk-leader\n"),
        Arguments.of(
            "restarts by name",
            "rbac:\n  restartWorkloads:\n    deployments: [fairwinds-insights-api]\n"),
        Arguments.of(
            "metrics scraped",
            "metrics:\n  serviceMonitor:\n    enabled: true\nnetworkPolicy:\n  metricsFrom:\n"
                + "    - namespaceSelector:\n        matchLabels:\n          name: monitoring\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueSets")
  void lintsStrictlyAndRenders(String name, String values) throws Exception {
    Path file = Files.writeString(work.resolve("values.yaml"), values);
    Proc.Result lint =
        Proc.run(
            work,
            Tools.helm().toString(),
            "lint",
            "--strict",
            Tools.CHART.toString(),
            "-f",
            file.toString());
    assertThat(lint.code()).as(lint.said()).isZero();
    assertThat(lint.out()).contains("1 chart(s) linted, 0 chart(s) failed");
    List<HasMetadata> objects = render(values);
    assertThat(objects).isNotEmpty();
    // Every value set: non-root with a numeric user and group, read-only root file system, no
    // privilege escalation, a writable /tmp.
    var pod = pod(objects);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
    assertThat(pod.getSecurityContext().getRunAsGroup()).isPositive();
    var container = pod.getContainers().get(0);
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(container.getArgs()).containsExactly("operator");
  }

  @Test
  void defaultsAreNamespacedToTheReleaseNamespaceWithNoRestartRights() throws Exception {
    List<HasMetadata> objects = render("");
    assertThat(ofKind(objects, ClusterRole.class)).isEmpty();
    assertThat(objects).extracting(HasMetadata::getKind).doesNotContain("ClusterRoleBinding");
    List<Role> roles = ofKind(objects, Role.class);
    assertThat(roles).extracting(r -> r.getMetadata().getNamespace()).containsOnly(NAMESPACE);
    Role keys =
        roles.stream()
            .filter(r -> r.getMetadata().getName().equals(RELEASE))
            .findFirst()
            .orElseThrow();
    assertLeastPrivilege(keys.getRules());
    assertThat(verbs(keys.getRules(), "apps", "deployments")).isEmpty();
    assertThat(env(objects)).containsEntry("SESSIONKEYS_WATCH_NAMESPACES", NAMESPACE);
    assertThat(one(objects, Deployment.class).getSpec().getReplicas()).isEqualTo(2);
    assertThat(one(objects, PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal())
        .isEqualTo(1);
    NetworkPolicy policy = one(objects, NetworkPolicy.class);
    assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(policy.getSpec().getIngress()).isEmpty();
    assertThat(policy.getSpec().getEgress())
        .flatExtracting(e -> e.getPorts())
        .extracting(p -> p.getPort().getIntVal())
        .contains(53, 443, 6443);
    assertThat(objects).extracting(HasMetadata::getKind).doesNotContain("ServiceMonitor");
  }

  @Test
  void watchNamespacesGetARoleAndBindingEach() throws Exception {
    List<HasMetadata> objects = render("watchNamespaces: [team-a, team-b]\n");
    assertThat(ofKind(objects, ClusterRole.class)).isEmpty();
    assertThat(ofKind(objects, Role.class))
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("team-a", "team-b", NAMESPACE);
    assertThat(ofKind(objects, RoleBinding.class))
        .allSatisfy(b -> assertThat(b.getSubjects().get(0).getNamespace()).isEqualTo(NAMESPACE))
        .extracting(b -> b.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("team-a", "team-b", NAMESPACE);
    assertThat(env(objects)).containsEntry("SESSIONKEYS_WATCH_NAMESPACES", "team-a,team-b");
  }

  @Test
  void clusterWideOnlyWhenAskedFor() throws Exception {
    List<HasMetadata> objects = render("rbac:\n  clusterWide: true\n");
    assertLeastPrivilege(one(objects, ClusterRole.class).getRules());
    assertThat(objects).extracting(HasMetadata::getKind).contains("ClusterRoleBinding");
    // Only the leader-election Role is left namespaced.
    assertThat(ofKind(objects, Role.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly(RELEASE + "-leader-election");
    assertThat(env(objects)).containsEntry("SESSIONKEYS_WATCH_NAMESPACES", "");
  }

  @Test
  void restartRightsOnlyForTheNamedWorkloads() throws Exception {
    List<HasMetadata> objects =
        render("rbac:\n  restartWorkloads:\n    deployments: [api, web]\n    statefulsets: [db]\n");
    Role role =
        ofKind(objects, Role.class).stream()
            .filter(r -> r.getMetadata().getName().equals(RELEASE))
            .findFirst()
            .orElseThrow();
    List<PolicyRule> apps =
        role.getRules().stream().filter(r -> r.getApiGroups().contains("apps")).toList();
    assertThat(apps)
        .allSatisfy(r -> assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "patch"))
        .extracting(r -> r.getResources().get(0) + "=" + r.getResourceNames())
        .containsExactlyInAnyOrder("deployments=[api, web]", "statefulsets=[db]");
  }

  @Test
  void replicasWithLeaderElectionGetTheLeaseRoleAndOneReplicaNoBudget() throws Exception {
    List<HasMetadata> ha = render("replicaCount: 2\n");
    assertThat(env(ha)).containsEntry("SESSIONKEYS_LEADER_ELECTION", "true");
    Role lease =
        ofKind(ha, Role.class).stream()
            .filter(r -> r.getMetadata().getName().endsWith("-leader-election"))
            .findFirst()
            .orElseThrow();
    assertThat(verbs(lease.getRules(), "coordination.k8s.io", "leases"))
        .containsExactlyInAnyOrder("get", "create", "update");
    assertThat(ofKind(render("replicaCount: 1\n"), PodDisruptionBudget.class)).isEmpty();
    // Two writers without a leader would race: the chart refuses.
    Proc.Result refused = template("replicaCount: 2\nleaderElection:\n  enabled: false\n");
    assertThat(refused.code()).isNotZero();
    assertThat(refused.err()).contains("leaderElection.enabled");
  }

  @Test
  void metricsCanBeKeptInsideThePodOrScrapedByPrometheus() throws Exception {
    List<HasMetadata> local = render("metrics:\n  bindAddress: 127.0.0.1:9090\n");
    assertThat(env(local)).containsEntry("SESSIONKEYS_METRICS_BIND_ADDRESS", "127.0.0.1:9090");
    List<HasMetadata> scraped = render("metrics:\n  serviceMonitor:\n    enabled: true\n");
    assertThat(scraped).extracting(HasMetadata::getKind).contains("ServiceMonitor");
    assertThat(one(scraped, Service.class).getSpec().getPorts().get(0).getPort()).isEqualTo(8080);
    Proc.Result both =
        template("metrics:\n  bindAddress: 127.0.0.1:9090\n  serviceMonitor:\n    enabled: true\n");
    assertThat(both.code()).isNotZero();
    assertThat(both.err()).contains("leave metrics.bindAddress empty");
  }

  @Test
  void theSchemaRefusesValuesThatCannotWork() throws Exception {
    for (String bad :
        List.of(
            "replicaCount: 0\n",
            "watchNamespaces: [Team_A]\n",
            "rbac:\n  clusterwide: true\n",
            "securityContext:\n  runAsUser: 0\n  runAsGroup: 0\n",
            "metrics:\n  port: 70000\n")) {
      Proc.Result result = template(bad);
      assertThat(result.code()).as(bad).isNotZero();
      assertThat(result.err()).as(bad).contains("values don't meet the specifications");
    }
  }

  @Test
  void thePlainManifestsAreTheChartRenderedForFairwindsInsights() throws Exception {
    List<HasMetadata> chart =
        render(
            "watchNamespaces: [fairwinds-insights]\n"
                + "rbac:\n  restartWorkloads:\n    deployments: [fwinsights-api]\n");
    List<HasMetadata> plain = new ArrayList<>();
    plain.addAll(Manifests.parse(Files.readString(Tools.DEPLOY.resolve("rbac.yaml"))));
    plain.addAll(Manifests.parse(Files.readString(Tools.DEPLOY.resolve("operator.yaml"))));
    Map<String, HasMetadata> chartById = new java.util.TreeMap<>();
    chart.forEach(o -> chartById.put(id(o), o));
    Map<String, HasMetadata> plainById = new java.util.TreeMap<>();
    plain.forEach(o -> plainById.put(id(o), o));
    assertThat(plainById.keySet()).isEqualTo(chartById.keySet());
    for (HasMetadata mine : plain) {
      HasMetadata theirs = chartById.get(id(mine));
      // Equal but for Helm's own labels, which the plain files leave out.
      assertThat(withoutLabels(mine)).as(mine.getKind()).isEqualTo(withoutLabels(theirs));
    }
  }

  /** kind/namespace/name. */
  private static String id(HasMetadata o) {
    return o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }

  private static String withoutLabels(HasMetadata object) {
    String json = Manifests.SERIALIZATION.asJson(object);
    return json.replaceAll(
            "\"(app\\.kubernetes\\.io/(instance|managed-by|version)|helm\\.sh/chart)\":\"[^\"]*\",?",
            "")
        .replaceAll(",}", "}");
  }

  static void assertLeastPrivilege(List<PolicyRule> rules) {
    assertThat(verbs(rules, "sessionkeys.dev", "sessionkeysets"))
        .containsExactlyInAnyOrder("get", "list", "watch", "patch");
    assertThat(verbs(rules, "", "secrets"))
        .containsExactlyInAnyOrder("get", "list", "watch", "create", "update", "patch");
    assertThat(rules)
        .allSatisfy(
            r -> {
              assertThat(r.getVerbs())
                  .doesNotContain("*", "delete", "deletecollection", "escalate", "bind");
              assertThat(r.getResources()).doesNotContain("*");
              if (r.getApiGroups().contains("apps")) {
                assertThat(r.getResourceNames()).isNotEmpty();
              }
            });
  }

  Proc.Result template(String values) throws Exception {
    Path file = Files.writeString(work.resolve("values.yaml"), values);
    return Proc.run(
        work,
        null,
        Map.of(),
        List.of(
            Tools.helm().toString(),
            "template",
            RELEASE,
            Tools.CHART.toString(),
            "-n",
            NAMESPACE,
            "-f",
            file.toString()));
  }

  List<HasMetadata> render(String values) throws Exception {
    Proc.Result result = template(values);
    assertThat(result.code()).as(result.said()).isZero();
    return Manifests.parse(result.out());
  }
}
