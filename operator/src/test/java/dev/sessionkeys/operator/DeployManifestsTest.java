package dev.sessionkeys.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * deploy/: the plain manifests parse and grant what the operator needs and no more; the Helm chart
 * renders (with Go's text/template, Helm's own engine: no helm binary here) to the same objects,
 * and its values switch what they should.
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
    assertThat(verbs(rules, "apps", "deployments")).containsExactlyInAnyOrder("get", "patch");
    assertThat(verbs(rules, "apps", "statefulsets")).containsExactlyInAnyOrder("get", "patch");
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
    assertLeastPrivilege(ofKind(rbac, ClusterRole.class).get(0).getRules());
    Role lease = ofKind(rbac, Role.class).get(0);
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
    assertThat(options.namespaces()).isEmpty();
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

  @Test
  void chartWithDefaultValuesRendersThePlainManifests() throws Exception {
    List<HasMetadata> rendered = render(Map.of());
    assertThat(rendered)
        .extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrder(
            "Deployment",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Service",
            "ServiceAccount");
    List<HasMetadata> plain = new ArrayList<>(parse(Files.readString(DEPLOY.resolve("rbac.yaml"))));
    plain.addAll(parse(Files.readString(DEPLOY.resolve("operator.yaml"))));
    assertThat(ofKind(rendered, ClusterRole.class).get(0).getRules())
        .isEqualTo(ofKind(plain, ClusterRole.class).get(0).getRules());
    assertThat(ofKind(rendered, Role.class).get(0).getRules())
        .isEqualTo(ofKind(plain, Role.class).get(0).getRules());
    var renderedContainer =
        ofKind(rendered, Deployment.class)
            .get(0)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    var plainContainer =
        ofKind(plain, Deployment.class)
            .get(0)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(renderedContainer.getEnv()).isEqualTo(plainContainer.getEnv());
    assertThat(renderedContainer.getImage()).isEqualTo(plainContainer.getImage());
    assertThat(renderedContainer.getResources()).isEqualTo(plainContainer.getResources());
    assertThat(renderedContainer.getLivenessProbe()).isEqualTo(plainContainer.getLivenessProbe());
    assertThat(ofKind(rendered, Deployment.class).get(0).getSpec().getReplicas()).isEqualTo(2);
    rendered.stream()
        .filter(o -> !(o instanceof ClusterRole) && !o.getKind().equals("ClusterRoleBinding"))
        .forEach(
            o ->
                assertThat(o.getMetadata().getNamespace())
                    .as(o.getKind())
                    .isEqualTo("sessionkeys-system"));
  }

  @Test
  void watchNamespacesGiveARolePerNamespaceInsteadOfAClusterRole() throws Exception {
    List<HasMetadata> rendered =
        render(
            Map.of(
                "watchNamespaces",
                List.of("team-a", "team-b"),
                "replicaCount",
                3,
                "image",
                Map.of(
                    "repository",
                    "registry.example/sessionkeys",
                    "tag",
                    "1.2.3",
                    "pullPolicy",
                    "Always")));
    assertThat(ofKind(rendered, ClusterRole.class)).isEmpty();
    List<Role> roles = ofKind(rendered, Role.class);
    assertThat(roles)
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("team-a", "team-b", "sessionkeys-system");
    roles.stream()
        .filter(r -> r.getMetadata().getNamespace().startsWith("team-"))
        .forEach(r -> assertLeastPrivilege(r.getRules()));
    Deployment deployment = ofKind(rendered, Deployment.class).get(0);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("registry.example/sessionkeys:1.2.3");
    assertThat(container.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("SESSIONKEYS_WATCH_NAMESPACES");
              assertThat(e.getValue()).isEqualTo("team-a,team-b");
            });
  }

  @Test
  void rbacAndServiceAccountCanBeLeftToTheUser() throws Exception {
    List<HasMetadata> rendered =
        render(
            Map.of(
                "rbac",
                Map.of("create", false),
                "serviceAccount",
                Map.of("create", false, "name", "existing", "annotations", Map.of()),
                "leaderElection",
                Map.of("enabled", false, "leaseName", "x")));
    assertThat(rendered)
        .extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrder("Deployment", "Service");
    var pod = ofKind(rendered, Deployment.class).get(0).getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("existing");
    assertThat(pod.getContainers().get(0).getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("SESSIONKEYS_LEADER_ELECTION");
              assertThat(e.getValue()).isEqualTo("false");
            });
  }

  /** Renders the chart with values.yaml overlaid (top-level keys replaced) by {@code overrides}. */
  static List<HasMetadata> render(Map<String, Object> overrides) throws Exception {
    Path go = findGo();
    Map<String, Object> values =
        new LinkedHashMap<>(
            YAML.unmarshal(Files.readString(CHART.resolve("values.yaml")), Map.class));
    values.putAll(overrides);
    Path dir = Files.createTempDirectory("helm-render");
    try {
      Path program = dir.resolve("render.go");
      try (var in = DeployManifestsTest.class.getResourceAsStream("/helm-render/render.go")) {
        Files.write(program, in.readAllBytes());
      }
      Path valuesJson = dir.resolve("values.json");
      Files.writeString(valuesJson, YAML.asJson(values));
      Path out = dir.resolve("out.yaml");
      Path err = dir.resolve("err.txt");
      ProcessBuilder builder =
          new ProcessBuilder(
                  go.toString(),
                  "run",
                  program.toString(),
                  CHART.toString(),
                  valuesJson.toString(),
                  "sessionkeys-operator",
                  "sessionkeys-system")
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().put("GO111MODULE", "off");
      builder.environment().putIfAbsent("GOCACHE", dir.resolve("cache").toString());
      Process process = builder.start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("rendering the chart took more than 120 s");
      }
      assertThat(process.exitValue()).as(Files.readString(err, StandardCharsets.UTF_8)).isZero();
      return parse(Files.readString(out));
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static Path findGo() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "go");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    Path debian = Path.of("/usr/lib/go/bin/go");
    if (Files.isExecutable(debian)) {
      return debian;
    }
    if ("true".equals(System.getenv("CI"))) {
      fail(
          "the go tool (Debian package golang-go) is needed to render the Helm chart, and CI installs it");
    }
    System.err.println(
        "SKIPPED: rendering the Helm chart needs the go tool (Debian package golang-go)");
    assumeTrue(false, "go not installed");
    return null;
  }
}
