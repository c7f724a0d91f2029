package dev.sessionkeys.operator;

import dev.sessionkeys.kube.HelmOwnership;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Takes a Secret out of its Helm release as the {@code adopt} command does, on the marks the kube
 * module's {@link HelmOwnership} defines: after it, the next {@code helm upgrade} neither deletes
 * nor regenerates the Secret.
 */
final class HelmRelease {

  private HelmRelease() {}

  /** The labels without Helm's {@code managed-by}. */
  static Map<String, String> releasedLabels(Map<String, String> labels) {
    Map<String, String> out = new LinkedHashMap<>(labels == null ? Map.of() : labels);
    if (HelmOwnership.MANAGED_BY_HELM.equals(out.get(HelmOwnership.MANAGED_BY_LABEL))) {
      out.remove(HelmOwnership.MANAGED_BY_LABEL);
    }
    return out;
  }

  /**
   * The annotations without Helm's release marks, and with {@code helm.sh/resource-policy: keep}.
   */
  static Map<String, String> releasedAnnotations(Map<String, String> annotations) {
    Map<String, String> out = new LinkedHashMap<>(annotations == null ? Map.of() : annotations);
    out.remove(HelmOwnership.RELEASE_NAME_ANNOTATION);
    out.remove(HelmOwnership.RELEASE_NAMESPACE_ANNOTATION);
    out.put(HelmOwnership.RESOURCE_POLICY_ANNOTATION, HelmOwnership.KEEP);
    return out;
  }
}
