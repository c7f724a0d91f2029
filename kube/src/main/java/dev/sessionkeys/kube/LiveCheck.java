package dev.sessionkeys.kube;

import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.rotation.Rotation;
import dev.sessionkeys.core.rotation.RotationState;
import dev.sessionkeys.core.validate.Finding;
import dev.sessionkeys.core.validate.FindingCode;
import dev.sessionkeys.core.validate.SecretDocument;
import dev.sessionkeys.core.validate.SecretValidator;
import dev.sessionkeys.core.validate.ValidationReport;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * {@code check} against a live Secret: the validator of core, plus what only the cluster shows:
 * ownership by Helm (the next upgrade regenerates or deletes the keys) and {@code _PREVIOUS} values
 * past their grace period.
 */
public final class LiveCheck {

  private final KubeCluster cluster;
  private final Profile profile;

  public LiveCheck(KubeCluster cluster, Profile profile) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  /**
   * Reads and judges the Secret.
   *
   * @throws ClusterException when it cannot be read, or does not exist
   */
  public ValidationReport check(SecretRef ref, Instant now) {
    return judge(profile, Secrets.require(cluster, ref), now);
  }

  /** Judges a Secret already read (audit reuses this). */
  public static ValidationReport judge(Profile profile, Secret secret, Instant now) {
    SecretDocument document = SecretMapping.toDocument(secret);
    ValidationReport base = SecretValidator.validate(profile, document);
    List<Finding> findings = new ArrayList<>(base.findings());
    findings.addAll(clusterFindings(profile, secret, now));
    findings.sort(Comparator.comparing(Finding::severity));
    return new ValidationReport(document, findings, base.values());
  }

  /** The findings only a live Secret can have. */
  static List<Finding> clusterFindings(Profile profile, Secret secret, Instant now) {
    List<Finding> findings = new ArrayList<>();
    var labels = secret.getMetadata().getLabels();
    var annotations = secret.getMetadata().getAnnotations();
    if (HelmOwnership.isOwned(labels, annotations)) {
      String owner = HelmOwnership.release(annotations);
      if (HelmOwnership.isKept(annotations)) {
        findings.add(
            Finding.of(
                FindingCode.HELM_OWNED_KEPT,
                null,
                "the Secret still carries the ownership marks of %s (with resource-policy keep, so Helm will not delete it, but an upgrade with autogenerateKeys: true still regenerates its keys)"
                    .formatted(owner),
                "run `sessionkeys adopt` and set options.autogenerateKeys: false",
                0));
      } else {
        findings.add(
            Finding.of(
                FindingCode.HELM_OWNED,
                null,
                "the Secret is owned by %s, which generated its keys: the next `helm upgrade` regenerates them (logging every user out) or, once autogenerateKeys is false, deletes the Secret"
                    .formatted(owner),
                "run `sessionkeys adopt` before the next upgrade, then set options.autogenerateKeys: false",
                0));
      }
    }
    if (LastApplied.holdsValues(secret)) {
      findings.add(
          Finding.of(
              FindingCode.KEYS_IN_LAST_APPLIED,
              null,
              "the annotation %s holds a copy of the Secret's values (kubectl apply put it there): anyone who can read the Secret's metadata sees them, and they outlive a rotation"
                  .formatted(LastApplied.ANNOTATION),
              "run `sessionkeys rotate` or `sessionkeys apply` (each removes the copy), or `kubectl annotate secret NAME %s-`, and apply Secrets with `kubectl create` or server-side apply instead"
                  .formatted(LastApplied.ANNOTATION),
              0));
    }
    RotationState state = SecretMapping.toRotationState(secret);
    for (String group : Rotation.expiredGroups(profile, state, now)) {
      String until = Rotation.graceUntil(state, group).map(Instant::toString).orElse("?");
      for (var key : profile.keysInGroup(group)) {
        if (state.values().containsKey(key.previousName())) {
          findings.add(
              Finding.of(
                  FindingCode.PREVIOUS_EXPIRED,
                  key.previousName(),
                  "%s is still accepted although its grace period ended at %s"
                      .formatted(key.previousName(), until),
                  "remove it: `sessionkeys rotate --finish`",
                  0));
        }
      }
    }
    return findings;
  }
}
