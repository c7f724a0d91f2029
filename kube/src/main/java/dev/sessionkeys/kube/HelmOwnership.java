package dev.sessionkeys.kube;

import java.util.Map;

/**
 * How Helm marks the objects of a release, and how to tell it to leave one alone. A Secret Helm
 * rendered (because the chart ran with {@code autogenerateKeys: true}) carries these marks; on the
 * next upgrade Helm either renders it again with fresh keys, or, once the chart no longer renders
 * it, deletes it, unless the live object says {@value #KEEP}.
 */
public final class HelmOwnership {

  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_HELM = "Helm";
  public static final String RELEASE_NAME_ANNOTATION = "meta.helm.sh/release-name";
  public static final String RELEASE_NAMESPACE_ANNOTATION = "meta.helm.sh/release-namespace";
  public static final String RESOURCE_POLICY_ANNOTATION = "helm.sh/resource-policy";
  public static final String KEEP = "keep";

  private HelmOwnership() {}

  /** Whether the object carries any of Helm's ownership marks. */
  public static boolean isOwned(Map<String, String> labels, Map<String, String> annotations) {
    return MANAGED_BY_HELM.equals(labels == null ? null : labels.get(MANAGED_BY_LABEL))
        || (annotations != null
            && (annotations.containsKey(RELEASE_NAME_ANNOTATION)
                || annotations.containsKey(RELEASE_NAMESPACE_ANNOTATION)));
  }

  /** Whether the object tells Helm never to delete it. */
  public static boolean isKept(Map<String, String> annotations) {
    return annotations != null && KEEP.equals(annotations.get(RESOURCE_POLICY_ANNOTATION));
  }

  /** The release that owns it, if the annotation says, for messages. */
  public static String release(Map<String, String> annotations) {
    if (annotations == null || annotations.get(RELEASE_NAME_ANNOTATION) == null) {
      return "a Helm release";
    }
    String namespace = annotations.get(RELEASE_NAMESPACE_ANNOTATION);
    return "Helm release "
        + annotations.get(RELEASE_NAME_ANNOTATION)
        + (namespace == null ? "" : " (" + namespace + ")");
  }
}
