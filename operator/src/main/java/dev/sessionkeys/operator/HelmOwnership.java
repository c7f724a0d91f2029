package dev.sessionkeys.operator;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Helm's marks of ownership on a Secret, and their removal as the {@code adopt} command does it: after it, the next
 * {@code helm upgrade} neither deletes nor regenerates the Secret.
 */
final class HelmOwnership {

  static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  static final String RELEASE_NAME = "meta.helm.sh/release-name";
  static final String RELEASE_NAMESPACE = "meta.helm.sh/release-namespace";
  static final String RESOURCE_POLICY = "helm.sh/resource-policy";

  private HelmOwnership() {}

  /** Whether Helm considers this Secret part of a release. */
  static boolean isOwnedByHelm(ObjectMeta metadata) {
    Map<String, String> labels = metadata.getLabels() == null ? Map.of() : metadata.getLabels();
    Map<String, String> annotations = metadata.getAnnotations() == null ? Map.of() : metadata.getAnnotations();
    return "Helm".equals(labels.get(MANAGED_BY_LABEL))
        || annotations.containsKey(RELEASE_NAME)
        || annotations.containsKey(RELEASE_NAMESPACE);
  }

  /** The labels without Helm's {@code managed-by}. */
  static Map<String, String> releasedLabels(Map<String, String> labels) {
    Map<String, String> out = new LinkedHashMap<>(labels == null ? Map.of() : labels);
    if ("Helm".equals(out.get(MANAGED_BY_LABEL))) {
      out.remove(MANAGED_BY_LABEL);
    }
    return out;
  }

  /** The annotations without Helm's release marks, and with {@code helm.sh/resource-policy: keep}. */
  static Map<String, String> releasedAnnotations(Map<String, String> annotations) {
    Map<String, String> out = new LinkedHashMap<>(annotations == null ? Map.of() : annotations);
    out.remove(RELEASE_NAME);
    out.remove(RELEASE_NAMESPACE);
    out.put(RESOURCE_POLICY, "keep");
    return out;
  }
}
