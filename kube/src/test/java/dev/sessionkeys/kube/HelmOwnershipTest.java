package dev.sessionkeys.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Helm's marks, exactly as Helm writes them: a mark recognised too eagerly makes adopt and check
 * cry wolf; one missed lets a {@code helm upgrade} regenerate or delete live keys.
 */
class HelmOwnershipTest {

  @Test
  void theMarksAreSpelledAsHelmSpellsThem() {
    assertThat(HelmOwnership.MANAGED_BY_LABEL).isEqualTo("app.kubernetes.io/managed-by");
    assertThat(HelmOwnership.MANAGED_BY_HELM).isEqualTo("Helm");
    assertThat(HelmOwnership.RELEASE_NAME_ANNOTATION).isEqualTo("meta.helm.sh/release-name");
    assertThat(HelmOwnership.RELEASE_NAMESPACE_ANNOTATION)
        .isEqualTo("meta.helm.sh/release-namespace");
    assertThat(HelmOwnership.RESOURCE_POLICY_ANNOTATION).isEqualTo("helm.sh/resource-policy");
    assertThat(HelmOwnership.KEEP).isEqualTo("keep");
  }

  @Test
  void noLabelsAndNoAnnotationsIsNotOwned() {
    assertThat(HelmOwnership.isOwned(null, null)).isFalse();
    assertThat(HelmOwnership.isOwned(Map.of(), Map.of())).isFalse();
    assertThat(HelmOwnership.isOwned(null, Map.of())).isFalse();
    assertThat(HelmOwnership.isOwned(Map.of(), null)).isFalse();
  }

  @Test
  void theManagedByLabelAloneMakesItOwnedOnlyWithTheValueHelm() {
    assertThat(HelmOwnership.isOwned(Map.of("app.kubernetes.io/managed-by", "Helm"), null))
        .isTrue();
    assertThat(HelmOwnership.isOwned(Map.of("app.kubernetes.io/managed-by", "Helm"), Map.of()))
        .isTrue();
    // Other tools set the same label: only Helm's value counts, case and all.
    assertThat(HelmOwnership.isOwned(Map.of("app.kubernetes.io/managed-by", "kustomize"), null))
        .isFalse();
    assertThat(HelmOwnership.isOwned(Map.of("app.kubernetes.io/managed-by", "helm"), null))
        .isFalse();
    assertThat(HelmOwnership.isOwned(Map.of("managed-by", "Helm"), null)).isFalse();
    // The label key as an annotation is not Helm's mark.
    assertThat(HelmOwnership.isOwned(null, Map.of("app.kubernetes.io/managed-by", "Helm")))
        .isFalse();
  }

  @Test
  void eitherReleaseAnnotationAloneMakesItOwned() {
    assertThat(HelmOwnership.isOwned(null, Map.of("meta.helm.sh/release-name", "insights")))
        .isTrue();
    assertThat(HelmOwnership.isOwned(Map.of(), Map.of("meta.helm.sh/release-namespace", "web")))
        .isTrue();
    // Present counts, even empty: Helm checks the key.
    assertThat(HelmOwnership.isOwned(null, Map.of("meta.helm.sh/release-name", ""))).isTrue();
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("meta.helm.sh/release-namespace", null);
    assertThat(HelmOwnership.isOwned(null, nullValue)).isTrue();
    assertThat(
            HelmOwnership.isOwned(
                Map.of("app.kubernetes.io/managed-by", "kustomize"),
                Map.of("meta.helm.sh/release-name", "insights")))
        .isTrue();
  }

  @Test
  void otherAnnotationsDoNotMakeItOwned() {
    assertThat(
            HelmOwnership.isOwned(
                Map.of("app", "insights"),
                Map.of("helm.sh/resource-policy", "keep", "meta.helm.sh/other", "x")))
        .isFalse();
  }

  @Test
  void keptOnlyWithThePolicyKeep() {
    assertThat(HelmOwnership.isKept(null)).isFalse();
    assertThat(HelmOwnership.isKept(Map.of())).isFalse();
    assertThat(HelmOwnership.isKept(Map.of("helm.sh/resource-policy", "keep"))).isTrue();
    assertThat(HelmOwnership.isKept(Map.of("helm.sh/resource-policy", "Keep"))).isFalse();
    assertThat(HelmOwnership.isKept(Map.of("helm.sh/resource-policy", "delete"))).isFalse();
    assertThat(HelmOwnership.isKept(Map.of("helm.sh/other", "keep"))).isFalse();
  }

  @Test
  void theReleaseIsNamedForMessagesWhenKnown() {
    assertThat(HelmOwnership.release(null)).isEqualTo("a Helm release");
    assertThat(HelmOwnership.release(Map.of())).isEqualTo("a Helm release");
    // A namespace without a release name names no release.
    assertThat(HelmOwnership.release(Map.of("meta.helm.sh/release-namespace", "web")))
        .isEqualTo("a Helm release");
    assertThat(HelmOwnership.release(Map.of("meta.helm.sh/release-name", "insights")))
        .isEqualTo("Helm release insights");
    assertThat(
            HelmOwnership.release(
                Map.of(
                    "meta.helm.sh/release-name", "insights",
                    "meta.helm.sh/release-namespace", "web")))
        .isEqualTo("Helm release insights (web)");
  }
}
