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
    spec.setDeletionPolicy(policy);
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

  static Map<String, String> ours(String set) {
    return Map.of(KeySetReconciler.SET_ANNOTATION, set, KeySetPlanner.CREATED_AT, T0.toString());
  }

  static final Map<String, String> MANAGED = Map.of(KeySetReconciler.MANAGED_LABEL, "true");

  @Test
  void onlyTheMarksOfThisSetOrItsInvitationMakeASecretWritable() {
    assertThat(SecretDecision.ownership(null, "keys")).isEqualTo(Ownership.ABSENT);
    assertThat(SecretDecision.ownership(secret(MANAGED, ours("keys")), "keys"))
        .isEqualTo(Ownership.CREATED);
    // Each mark alone is not enough.
    assertThat(SecretDecision.ownership(secret(Map.of(), ours("keys")), "keys"))
        .isEqualTo(Ownership.FOREIGN);
    assertThat(
            SecretDecision.ownership(
                secret(MANAGED, Map.of(KeySetReconciler.SET_ANNOTATION, "keys")), "keys"))
        .isEqualTo(Ownership.FOREIGN);
    assertThat(
            SecretDecision.ownership(
                secret(MANAGED, Map.of(KeySetPlanner.CREATED_AT, T0.toString())), "keys"))
        .isEqualTo(Ownership.FOREIGN);
    assertThat(
            SecretDecision.ownership(
                secret(Map.of(KeySetReconciler.MANAGED_LABEL, "false"), ours("keys")), "keys"))
        .isEqualTo(Ownership.FOREIGN);
    // Another set's Secret, and another set's invitation, are foreign.
    assertThat(SecretDecision.ownership(secret(MANAGED, ours("other")), "keys"))
        .isEqualTo(Ownership.FOREIGN);
    assertThat(
            SecretDecision.ownership(
                secret(Map.of(), Map.of(Adopt.INVITE_ANNOTATION, "other")), "keys"))
        .isEqualTo(Ownership.FOREIGN);
    assertThat(
            SecretDecision.ownership(secret(null, Map.of(Adopt.INVITE_ANNOTATION, "keys")), "keys"))
        .isEqualTo(Ownership.INVITED);
    assertThat(SecretDecision.ownership(secret(null, null), "keys")).isEqualTo(Ownership.FOREIGN);
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
        .containsKey(KeySetPlanner.CREATED_AT);
    assertThat(retained.getMetadata().getOwnerReferences()).isEmpty();
    assertThat(SecretDecision.ownership(retained, "keys")).isEqualTo(Ownership.CREATED);

    Secret deleted = SecretDecision.fresh(set("keys", "u1"), spec(DeletionPolicy.Delete), plan);
    assertThat(deleted.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(r -> assertThat(r.getUid()).isEqualTo("u1"));
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
            spec, Optional.of(SecretReader.observe(live, Optional.empty())), Optional.empty(), T0);
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
        .containsEntry(KeySetReconciler.SET_ANNOTATION, "keys");
    assertThat(desired.getMetadata().getOwnerReferences()).isEmpty();

    KeySetPlanner.Plan again =
        planner.plan(
            spec,
            Optional.of(SecretReader.observe(desired, Optional.empty())),
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
