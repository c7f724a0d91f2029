package dev.sessionkeys.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.kube.Adopt;
import dev.sessionkeys.kube.LastApplied;
import dev.sessionkeys.operator.SecretDecision.Ownership;
import dev.sessionkeys.operator.crd.DeletionPolicy;
import dev.sessionkeys.operator.crd.SessionKeySet;
import dev.sessionkeys.operator.crd.SessionKeySetSpec;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Whose a Secret is and what the operator's write of it looks like, without a server. */
class SecretDecisionTest {

  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  final KeySetPlanner planner = new KeySetPlanner(KeyGenerator.secure());

  static SessionKeySet set(String name, String uid) {
    SessionKeySet set = new SessionKeySet();
    set.getMetadata().setName(name);
    set.getMetadata().setNamespace("ns");
    set.getMetadata().setUid(uid);
    set.setSpec(new SessionKeySetSpec());
    return set;
  }

  static ResolvedSpec spec(DeletionPolicy policy) throws Exception {
    SessionKeySetSpec spec = new SessionKeySetSpec();
    spec.deletionPolicy = policy;
    return ResolvedSpec.resolve(spec);
  }

  static Secret secret(Map<String, String> labels, Map<String, String> annotations) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("fwinsights-secrets")
        .withNamespace("ns")
        .withResourceVersion("7")
        .withLabels(labels)
        .withAnnotations(annotations)
        .endMetadata()
        .withData(new LinkedHashMap<>(Map.of("OTHER", "b3RoZXI=")))
        .build();
  }

  /** The annotations of a Secret the set created, with its uid if given. */
  static Map<String, String> ours(String set, String uid) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(KeySetReconciler.SET_ANNOTATION, set);
    out.put(KeySetPlanner.CREATED_AT, T0.toString());
    if (uid != null) {
      out.put(SecretDecision.SET_UID_ANNOTATION, uid);
    }
    return out;
  }

  static final Map<String, String> MANAGED = Map.of(KeySetReconciler.MANAGED_LABEL, "true");

  static Secret withOwner(Secret secret, String uid) {
    return new SecretBuilder(secret)
        .editMetadata()
        .withOwnerReferences(new OwnerReferenceBuilder().withUid(uid).build())
        .endMetadata()
        .build();
  }

  @Test
  void onlyTheSetsUidOrItsInvitationMakeASecretWritable() {
    SessionKeySet keys = set("keys", "u1");
    assertThat(SecretDecision.ownership(null, keys)).isEqualTo(Ownership.ABSENT);
    assertThat(SecretDecision.ownership(secret(MANAGED, ours("keys", "u1")), keys))
        .isEqualTo(Ownership.CREATED);
    assertThat(SecretDecision.ownership(withOwner(secret(null, null), "u1"), keys))
        .isEqualTo(Ownership.CREATED);
    // Every mark but the uid can be copied onto any Secret, or left by a deleted set of the same
    // name: not enough.
    assertThat(SecretDecision.ownership(secret(MANAGED, ours("keys", null)), keys))
        .isEqualTo(Ownership.FOREIGN);
    assertThat(SecretDecision.ownership(secret(MANAGED, ours("keys", "u0")), keys))
        .isEqualTo(Ownership.FOREIGN);
    assertThat(SecretDecision.ownership(withOwner(secret(MANAGED, ours("keys", null)), "u0"), keys))
        .isEqualTo(Ownership.FOREIGN);
    // A set not stored yet has no uid and owns nothing.
    assertThat(SecretDecision.ownership(secret(MANAGED, ours("keys", "u1")), set("keys", null)))
        .isEqualTo(Ownership.FOREIGN);
    // Another set's invitation is foreign.
    assertThat(
            SecretDecision.ownership(
                secret(Map.of(), Map.of(Adopt.INVITE_ANNOTATION, "other")), keys))
        .isEqualTo(Ownership.FOREIGN);
    assertThat(
            SecretDecision.ownership(secret(null, Map.of(Adopt.INVITE_ANNOTATION, "keys")), keys))
        .isEqualTo(Ownership.INVITED);
    assertThat(SecretDecision.ownership(secret(null, null), keys)).isEqualTo(Ownership.FOREIGN);
    assertThat(Ownership.FOREIGN.writable()).isFalse();
    assertThat(Ownership.INVITED.writable()).isTrue();
  }

  @Test
  void aCreatedSecretIsMarkedAndOwnedOnlyWithDelete() throws Exception {
    KeySetPlanner.Plan plan =
        planner.plan(spec(DeletionPolicy.Retain), Optional.empty(), Optional.empty(), T0);
    Secret retained = SecretDecision.fresh(set("keys", "u1"), spec(DeletionPolicy.Retain), plan);
    assertThat(retained.getMetadata().getLabels())
        .containsEntry(KeySetReconciler.MANAGED_LABEL, "true")
        .containsEntry("app.kubernetes.io/managed-by", SecretDecision.MANAGED_BY);
    assertThat(retained.getMetadata().getAnnotations())
        .containsEntry(KeySetReconciler.SET_ANNOTATION, "keys")
        .containsEntry(SecretDecision.SET_UID_ANNOTATION, "u1")
        .containsKey(KeySetPlanner.CREATED_AT);
    assertThat(retained.getMetadata().getOwnerReferences()).isEmpty();
    assertThat(SecretDecision.ownership(retained, set("keys", "u1"))).isEqualTo(Ownership.CREATED);
    assertThat(SecretDecision.ownership(retained, set("keys", "u2"))).isEqualTo(Ownership.FOREIGN);

    Secret deleted = SecretDecision.fresh(set("keys", "u1"), spec(DeletionPolicy.Delete), plan);
    assertThat(deleted.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getUid()).isEqualTo("u1");
              assertThat(r.getController()).isTrue();
            });
    // A set without a uid (not yet stored) cannot own anything.
    assertThat(
            SecretDecision.fresh(set("keys", null), spec(DeletionPolicy.Delete), plan)
                .getMetadata()
                .getOwnerReferences())
        .isEmpty();
  }

  @Test
  void anInvitedSecretIsNeverOwnedEvenWithDelete() throws Exception {
    OwnerReference ours =
        new OwnerReferenceBuilder()
            .withUid("u1")
            .withName("keys")
            .withKind("SessionKeySet")
            .build();
    OwnerReference theirs =
        new OwnerReferenceBuilder().withUid("u9").withName("app").withKind("App").build();
    List<OwnerReference> live = List.of(theirs, ours);
    assertThat(
            SecretDecision.ownerReferences(
                live, set("keys", "u1"), spec(DeletionPolicy.Delete), Ownership.INVITED))
        .containsExactly(theirs);
    assertThat(
            SecretDecision.ownerReferences(
                live, set("keys", "u1"), spec(DeletionPolicy.Delete), Ownership.CREATED))
        .extracting(OwnerReference::getUid)
        .containsExactly("u9", "u1");
    assertThat(
            SecretDecision.ownerReferences(
                live, set("keys", "u1"), spec(DeletionPolicy.Retain), Ownership.CREATED))
        .containsExactly(theirs);
  }

  @Test
  void anUpdateKeepsOtherValuesScrubsLastAppliedAndIsEmptyWhenNothingChanges() throws Exception {
    Map<String, String> annotations = new LinkedHashMap<>(Map.of(Adopt.INVITE_ANNOTATION, "keys"));
    annotations.put(
        LastApplied.ANNOTATION, "{\"kind\":\"Secret\",\"data\":{\"OTHER\":\"b3RoZXI=\"}}");
    Secret live = secret(Map.of("team", "a"), annotations);
    ResolvedSpec spec = spec(DeletionPolicy.Delete);
    KeySetPlanner.Plan plan =
        planner.plan(
            spec, Optional.of(SecretStore.observe(live, Optional.empty())), Optional.empty(), T0);
    Secret desired =
        SecretDecision.update(live, set("keys", "u1"), spec, plan, Ownership.INVITED, false)
            .orElseThrow();
    assertThat(desired.getData()).containsEntry("OTHER", "b3RoZXI=").containsKey("COOKIE_HASH_KEY");
    assertThat(desired.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(desired.getMetadata().getLabels())
        .containsEntry("team", "a")
        .containsEntry(KeySetReconciler.MANAGED_LABEL, "true");
    assertThat(desired.getMetadata().getAnnotations())
        .containsEntry(LastApplied.ANNOTATION, "{\"kind\":\"Secret\"}")
        .containsEntry(Adopt.INVITE_ANNOTATION, "keys")
        .containsEntry(KeySetReconciler.SET_ANNOTATION, "keys")
        .doesNotContainKey(SecretDecision.SET_UID_ANNOTATION);
    assertThat(desired.getMetadata().getOwnerReferences()).isEmpty();

    KeySetPlanner.Plan again =
        planner.plan(
            spec,
            Optional.of(SecretStore.observe(desired, Optional.empty())),
            Optional.empty(),
            T0);
    assertThat(
            SecretDecision.update(
                desired, set("keys", "u1"), spec, again, Ownership.INVITED, false))
        .isEmpty();
    assertThatThrownBy(
            () ->
                SecretDecision.update(
                    live, set("keys", "u1"), spec, plan, Ownership.FOREIGN, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                SecretDecision.update(live, set("keys", "u1"), spec, plan, Ownership.ABSENT, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theRestartMarkerIsRemovedAlone() {
    Secret marked =
        secret(Map.of(), Map.of(KeySetPlanner.RESTART_PENDING, T0.toString(), "team", "a"));
    assertThat(
            SecretDecision.withoutRestartMarker(marked)
                .orElseThrow()
                .getMetadata()
                .getAnnotations())
        .isEqualTo(Map.of("team", "a"));
    assertThat(SecretDecision.withoutRestartMarker(secret(Map.of(), Map.of("team", "a"))))
        .isEmpty();
  }
}
