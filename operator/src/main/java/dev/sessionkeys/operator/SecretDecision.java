package dev.sessionkeys.operator;

import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.rotation.RotationState;
import dev.sessionkeys.kube.Adopt;
import dev.sessionkeys.kube.HelmOwnership;
import dev.sessionkeys.kube.LastApplied;
import dev.sessionkeys.kube.SecretMapping;
import dev.sessionkeys.operator.crd.DeletionPolicy;
import dev.sessionkeys.operator.crd.SessionKeySet;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides, without a server, whose a Secret is and what the operator's write of it looks like. The
 * operator is a deputy with write access to every Secret of the namespaces it watches, while anyone
 * who may create a SessionKeySet names the Secret: so it creates Secrets, changes the ones it
 * created, and takes over an existing one only when that Secret invites this very set ({@link
 * Adopt#INVITE_ANNOTATION}, a mark only someone who can already write the Secret can set).
 */
final class SecretDecision {

  /** The managed-by label on the Secrets the operator creates. */
  static final String MANAGED_BY = "sessionkeys-operator";

  /** The uid of the SessionKeySet that created the Secret. */
  static final String SET_UID_ANNOTATION = "sessionkeys.dev/set-uid";

  /** Whose the Secret is, as far as one SessionKeySet is concerned. */
  enum Ownership {
    /** No Secret: the set creates it. */
    ABSENT,
    /** Created by this set: it carries the set's uid. */
    CREATED,
    /** Someone else's, annotated to invite this set: managed, never owned or deleted. */
    INVITED,
    /** Someone else's: read for nothing, written never. */
    FOREIGN;

    boolean writable() {
      return this != FOREIGN;
    }

    /** Whether the set made (or makes) the Secret, which ties it to the set's uid. */
    boolean ours() {
      return this == ABSENT || this == CREATED;
    }
  }

  private SecretDecision() {}

  /**
   * Whose {@code live} (or {@code null}) is for {@code set}. Created means tied to the set's uid
   * (an annotation on every Secret the operator creates, and the owner reference that {@code
   * deletionPolicy: Delete} adds): labels and names can be copied onto any Secret, a uid names one
   * resource.
   */
  static Ownership ownership(Secret live, SessionKeySet set) {
    if (live == null) {
      return Ownership.ABSENT;
    }
    String uid = set.getMetadata().getUid();
    Map<String, String> annotations = orEmpty(live.getMetadata().getAnnotations());
    if (uid != null
        && (uid.equals(annotations.get(SET_UID_ANNOTATION))
            || owners(live).stream().anyMatch(ref -> uid.equals(ref.getUid())))) {
      return Ownership.CREATED;
    }
    return set.getMetadata().getName().equals(annotations.get(Adopt.INVITE_ANNOTATION))
        ? Ownership.INVITED
        : Ownership.FOREIGN;
  }

  /** Whether Helm still claims {@code live} (and would regenerate or delete what we write). */
  static boolean helmOwned(Secret live) {
    return HelmOwnership.isOwned(
        live.getMetadata().getLabels(), live.getMetadata().getAnnotations());
  }

  /** The Secret to create for a plan. */
  static Secret fresh(SessionKeySet set, ResolvedSpec spec, KeySetPlanner.Plan plan) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(KeySetReconciler.MANAGED_LABEL, "true");
    labels.put(HelmOwnership.MANAGED_BY_LABEL, MANAGED_BY);
    Secret secret =
        SecretMapping.newSecret(
            set.getMetadata().getNamespace(),
            spec.secretName(),
            KeySet.of(plan.after().values()),
            labels,
            annotations(plan.after(), set, Ownership.ABSENT, false));
    secret
        .getMetadata()
        .setOwnerReferences(ownerReferences(List.of(), set, spec, Ownership.ABSENT));
    return secret;
  }

  /**
   * The update of {@code live} that the plan needs, or empty when {@code live} already is it.
   * Unchanged values keep their live base64 text byte for byte; kubectl's last-applied copy of the
   * values is dropped.
   */
  static Optional<Secret> update(
      Secret live,
      SessionKeySet set,
      ResolvedSpec spec,
      KeySetPlanner.Plan plan,
      Ownership ownership,
      boolean releaseFromHelm) {
    if (!ownership.writable() || ownership == Ownership.ABSENT) {
      throw new IllegalArgumentException("not a Secret this set may update: " + ownership);
    }
    Map<String, String> liveLabels = orEmpty(live.getMetadata().getLabels());
    Map<String, String> labels = new LinkedHashMap<>(liveLabels);
    // Taken out of its Helm release as the adopt command does: the next helm upgrade neither
    // deletes nor regenerates the Secret.
    if (releaseFromHelm) {
      labels.remove(HelmOwnership.MANAGED_BY_LABEL, HelmOwnership.MANAGED_BY_HELM);
    }
    labels.put(KeySetReconciler.MANAGED_LABEL, "true");
    Map<String, String> annotations =
        LastApplied.scrubbed(annotations(plan.after(), set, ownership, releaseFromHelm));
    Map<String, String> data = orEmpty(SecretMapping.withState(live, plan.after()).getData());
    List<OwnerReference> liveOwners = owners(live);
    List<OwnerReference> owners = ownerReferences(liveOwners, set, spec, ownership);
    boolean same =
        data.equals(orEmpty(live.getData()))
            && live.getStringData() == null
            && labels.equals(liveLabels)
            && annotations.equals(orEmpty(live.getMetadata().getAnnotations()))
            && owners.equals(liveOwners);
    if (same) {
      return Optional.empty();
    }
    return Optional.of(
        new SecretBuilder(live)
            .editMetadata()
            .withLabels(labels)
            .withAnnotations(annotations)
            .withOwnerReferences(owners)
            .endMetadata()
            .withData(data)
            .withStringData(null)
            .build());
  }

  /** {@code secret} without the restart marker, or empty when it carries none. */
  static Optional<Secret> withoutRestartMarker(Secret secret) {
    Map<String, String> annotations = orEmpty(secret.getMetadata().getAnnotations());
    if (!annotations.containsKey(KeySetPlanner.RESTART_PENDING)) {
      return Optional.empty();
    }
    Map<String, String> cleared = new LinkedHashMap<>(annotations);
    cleared.remove(KeySetPlanner.RESTART_PENDING);
    return Optional.of(
        new SecretBuilder(secret).editMetadata().withAnnotations(cleared).endMetadata().build());
  }

  private static Map<String, String> annotations(
      RotationState after, SessionKeySet set, Ownership ownership, boolean releaseFromHelm) {
    Map<String, String> out = new LinkedHashMap<>(after.annotations());
    out.put(KeySetReconciler.SET_ANNOTATION, set.getMetadata().getName());
    if (ownership.ours() && set.getMetadata().getUid() != null) {
      out.put(SET_UID_ANNOTATION, set.getMetadata().getUid());
    }
    if (releaseFromHelm) {
      out.remove(HelmOwnership.RELEASE_NAME_ANNOTATION);
      out.remove(HelmOwnership.RELEASE_NAMESPACE_ANNOTATION);
      out.put(HelmOwnership.RESOURCE_POLICY_ANNOTATION, HelmOwnership.KEEP);
    }
    return out;
  }

  /**
   * The Secret's owner references. Only a Secret the set created, with {@code deletionPolicy:
   * Delete}, is owned by the set (so Kubernetes' garbage collector deletes it with the set); an
   * invited Secret is never owned, and no reference to the set is left on it.
   */
  static List<OwnerReference> ownerReferences(
      List<OwnerReference> live, SessionKeySet set, ResolvedSpec spec, Ownership ownership) {
    List<OwnerReference> out =
        new ArrayList<>(
            live.stream()
                .filter(ref -> !Objects.equals(ref.getUid(), set.getMetadata().getUid()))
                .toList());
    if (ownership.ours()
        && spec.deletionPolicy() == DeletionPolicy.Delete
        && set.getMetadata().getUid() != null) {
      out.add(
          new OwnerReferenceBuilder()
              .withApiVersion(set.getApiVersion())
              .withKind(set.getKind())
              .withName(set.getMetadata().getName())
              .withUid(set.getMetadata().getUid())
              .withController(true)
              .build());
    }
    return out;
  }

  private static List<OwnerReference> owners(Secret secret) {
    return Objects.requireNonNullElse(secret.getMetadata().getOwnerReferences(), List.of());
  }

  static <V> Map<String, V> orEmpty(Map<String, V> map) {
    return map == null ? Map.of() : map;
  }
}
