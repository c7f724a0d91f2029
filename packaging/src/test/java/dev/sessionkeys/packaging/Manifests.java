package dev.sessionkeys.packaging;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Kubernetes objects from YAML (one or many documents), and the bits of them tests look at. */
final class Manifests {

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Manifests() {}

  @SuppressWarnings("unchecked")
  static List<HasMetadata> parse(String yaml) {
    Object parsed = SERIALIZATION.unmarshal(yaml);
    if (parsed == null) {
      return List.of();
    }
    if (parsed instanceof List<?> list) {
      return ((List<Object>) list)
          .stream().filter(o -> o != null).map(HasMetadata.class::cast).toList();
    }
    return List.of((HasMetadata) parsed);
  }

  static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
    List<T> all = ofKind(objects, type);
    if (all.size() != 1) {
      throw new AssertionError("expected one " + type.getSimpleName() + ", got " + all.size());
    }
    return all.get(0);
  }

  static PodSpec pod(List<HasMetadata> objects) {
    return one(objects, Deployment.class).getSpec().getTemplate().getSpec();
  }

  static Map<String, String> env(List<HasMetadata> objects) {
    return pod(objects).getContainers().get(0).getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(e -> e.getName(), e -> e.getValue()));
  }

  static List<String> verbs(List<PolicyRule> rules, String group, String resource) {
    return rules.stream()
        .filter(r -> r.getApiGroups().contains(group) && r.getResources().contains(resource))
        .flatMap(r -> r.getVerbs().stream())
        .toList();
  }
}
