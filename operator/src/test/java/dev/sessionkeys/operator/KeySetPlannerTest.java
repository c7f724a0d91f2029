package dev.sessionkeys.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.SecretValue;
import dev.sessionkeys.core.rotation.RotationState;
import dev.sessionkeys.core.validate.SecretDocument;
import dev.sessionkeys.operator.crd.RotationSpec;
import dev.sessionkeys.operator.crd.SessionKeySetSpec;
import dev.sessionkeys.operator.crd.WorkloadRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The planner's decisions, as pure functions of the Secret, the spec and the time. */
class KeySetPlannerTest {

  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  final KeySetPlanner planner = new KeySetPlanner(KeyGenerator.secure());

  static ResolvedSpec spec(String interval, String grace) throws Exception {
    SessionKeySetSpec spec = new SessionKeySetSpec();
    if (interval != null || grace != null) {
      spec.rotation = new RotationSpec(interval, grace);
    }
    return ResolvedSpec.resolve(spec);
  }

  static KeySetPlanner.Observed observed(RotationState state) {
    Map<String, SecretDocument.Entry> data = new LinkedHashMap<>();
    state
        .values()
        .forEach(
            (k, v) ->
                data.put(
                    k,
                    new SecretDocument.Entry(
                        Base64.getEncoder()
                            .encodeToString(v.reveal().getBytes(StandardCharsets.UTF_8)),
                        0)));
    SecretDocument document =
        new SecretDocument(
            "ns/s",
            0,
            "v1",
            "Secret",
            "Opaque",
            "s",
            "ns",
            data,
            Map.of(),
            Map.of(),
            state.annotations());
    return new KeySetPlanner.Observed(document, state, Optional.empty(), Optional.empty());
  }

  RotationState fresh(Instant createdAt) {
    Map<String, SecretValue> values =
        new LinkedHashMap<>(KeyGenerator.secure().generate(Profile.FAIRWINDS_INSIGHTS).values());
    return new RotationState(values, Map.of(KeySetPlanner.CREATED_AT, createdAt.toString()));
  }

  @Test
  void nothingChangesForAValidSecretWithoutASchedule() throws Exception {
    RotationState state = fresh(T0);
    KeySetPlanner.Plan plan =
        planner.plan(
            spec(null, null),
            Optional.of(observed(state)),
            Optional.empty(),
            T0.plus(Duration.ofDays(400)));
    assertThat(plan.changed()).isFalse();
    assertThat(plan.notes()).isEmpty();
    assertThat(plan.after()).isEqualTo(state);
    assertThat(plan.nextRotation()).isEmpty();
    assertThat(plan.wakeAt()).isEmpty();
    assertThat(plan.valid().ok()).isTrue();
  }

  @Test
  void theDataKeyNeverRotatesOnASchedule() throws Exception {
    RotationState state = fresh(T0);
    KeySetPlanner.Plan plan =
        planner.plan(
            spec("1d", "1h"),
            Optional.of(observed(state)),
            Optional.empty(),
            T0.plus(Duration.ofDays(1000)));
    assertThat(plan.rotatedGroups()).containsExactlyInAnyOrder("cookie", "session");
    assertThat(plan.after().values().get("AES_BASE64_CYPHER_KEY"))
        .isEqualTo(state.values().get("AES_BASE64_CYPHER_KEY"));
    assertThat(plan.after().values()).doesNotContainKey("AES_BASE64_CYPHER_KEY_PREVIOUS");
    assertThat(plan.keyBirth()).containsKey("data");
  }

  @Test
  void aScheduleCountsFromTheLastRotationElseFromCreation() throws Exception {
    RotationState state = fresh(T0);
    ResolvedSpec spec = spec("10d", "1d");
    KeySetPlanner.Plan early =
        planner.plan(
            spec,
            Optional.of(observed(state)),
            Optional.empty(),
            T0.plus(Duration.ofDays(10)).minusSeconds(1));
    assertThat(early.changed()).isFalse();
    assertThat(early.nextRotation()).contains(T0.plus(Duration.ofDays(10)));
    assertThat(early.wakeAt()).contains(T0.plus(Duration.ofDays(10)));

    Instant rotation = T0.plus(Duration.ofDays(10));
    KeySetPlanner.Plan due =
        planner.plan(spec, Optional.of(observed(state)), Optional.empty(), rotation);
    assertThat(due.rotatedGroups()).containsExactlyInAnyOrder("cookie", "session");
    assertThat(due.graceUntil()).contains(rotation.plus(Duration.ofDays(1)));
    assertThat(due.nextRotation()).contains(rotation.plus(Duration.ofDays(10)));
    assertThat(due.wakeAt()).contains(rotation.plus(Duration.ofDays(1)));
    assertThat(due.rotating().ok()).isTrue();

    // The same pass again (a second replica, a retry): nothing more happens.
    KeySetPlanner.Plan again =
        planner.plan(spec, Optional.of(observed(due.after())), Optional.empty(), rotation);
    assertThat(again.changed()).isFalse();
  }

  @Test
  void aRequestIsCarriedOutOnceEvenIfTheAnnotationIsSeenAgain() throws Exception {
    RotationState state = fresh(T0);
    KeySetPlanner.Plan first =
        planner.plan(spec(null, null), Optional.of(observed(state)), Optional.of("session"), T0);
    assertThat(first.rotatedGroups()).containsExactly("session");
    assertThat(first.triggerDone()).isTrue();
    assertThat(first.after().annotations()).containsEntry(KeySetPlanner.ROTATE_HANDLED, "session");

    // Crash before the annotation was removed: the marker in the Secret stops a second rotation.
    KeySetPlanner.Plan replay =
        planner.plan(
            spec(null, null),
            Optional.of(observed(first.after())),
            Optional.of("session"),
            T0.plusSeconds(5));
    assertThat(replay.rotatedGroups()).isEmpty();
    assertThat(replay.changed()).isFalse();
    assertThat(replay.triggerDone()).isTrue();

    // Once the annotation is gone, the marker goes too, so the same words can ask again later.
    KeySetPlanner.Plan cleared =
        planner.plan(
            spec(null, null),
            Optional.of(observed(first.after())),
            Optional.empty(),
            T0.plusSeconds(10));
    assertThat(cleared.after().annotations()).doesNotContainKey(KeySetPlanner.ROTATE_HANDLED);
  }

  @Test
  void anUnknownGroupIsRefusedAndCountsAsHandled() throws Exception {
    KeySetPlanner.Plan plan =
        planner.plan(
            spec(null, null), Optional.of(observed(fresh(T0))), Optional.of("cookies"), T0);
    assertThat(plan.rotatedGroups()).isEmpty();
    assertThat(plan.triggerDone()).isTrue();
    assertThat(plan.notes())
        .anySatisfy(
            n -> {
              assertThat(n.reason()).isEqualTo("RotationRefused");
              assertThat(n.message()).contains("'cookies'").contains("cookie");
            });
  }

  @Test
  void aPreviousKeyWithoutAGraceRecordIsNeverDroppedOrRotatedOver() throws Exception {
    RotationState base = fresh(T0);
    Map<String, SecretValue> values = new LinkedHashMap<>(base.values());
    values.put(
        "COOKIE_HASH_KEY_PREVIOUS",
        KeyGenerator.secure()
            .generate(Profile.FAIRWINDS_INSIGHTS.key("COOKIE_HASH_KEY").orElseThrow()));
    RotationState state = new RotationState(values, base.annotations());
    KeySetPlanner.Plan plan =
        planner.plan(
            spec("1d", "1h"),
            Optional.of(observed(state)),
            Optional.empty(),
            T0.plus(Duration.ofDays(5)));
    assertThat(plan.after().values())
        .containsEntry("COOKIE_HASH_KEY_PREVIOUS", values.get("COOKIE_HASH_KEY_PREVIOUS"));
    assertThat(plan.rotatedGroups()).containsExactly("session");
    assertThat(plan.rotating().message()).contains("cookie").contains("no grace period recorded");
  }

  @Test
  void aMissingSecretIsPlannedWithEveryKeyAndAnyRequestMet() throws Exception {
    KeySetPlanner.Plan plan =
        planner.plan(spec(null, null), Optional.empty(), Optional.of("cookie"), T0);
    assertThat(plan.create()).isTrue();
    assertThat(plan.complete(Profile.FAIRWINDS_INSIGHTS)).isTrue();
    assertThat(plan.triggerDone()).isTrue();
    assertThat(plan.after().annotations()).containsEntry(KeySetPlanner.CREATED_AT, T0.toString());
  }

  static ResolvedSpec phased(String interval, String grace) throws Exception {
    SessionKeySetSpec spec = new SessionKeySetSpec();
    spec.rotation =
        new RotationSpec(interval, grace, dev.sessionkeys.operator.crd.RotationStrategy.Phased);
    return ResolvedSpec.resolve(spec);
  }

  static KeySetPlanner.Observed waiting(RotationState state, String wait) {
    KeySetPlanner.Observed o = observed(state);
    return new KeySetPlanner.Observed(o.document(), o.state(), o.createdAt(), Optional.of(wait));
  }

  @Test
  void phasedRotationTakesOnePhaseAPassAndHoldsWhileRollingOut() throws Exception {
    ResolvedSpec spec = phased("30d", "1d");
    RotationState start = fresh(T0);
    Instant due = T0.plus(Duration.ofDays(30));
    assertThat(
            planner
                .plan(spec, Optional.of(observed(start)), Optional.empty(), due.minusSeconds(1))
                .changed())
        .isFalse();

    KeySetPlanner.Plan held =
        planner.plan(
            spec, Optional.of(waiting(start, "Deployment/web: 1 of 2")), Optional.empty(), due);
    assertThat(held.changed()).isFalse();
    assertThat(held.rotating().reason()).isEqualTo("RolloutPending");
    assertThat(held.rotating().message())
        .isEqualTo(
            "held: prepare of the cookie keys waits for the rollout (Deployment/web: 1 of 2); prepare"
                + " of the session keys waits for the rollout (Deployment/web: 1 of 2)");
    assertThat(held.wakeAt()).contains(due.plus(PhasedSchedule.ROLLOUT_RECHECK));

    KeySetPlanner.Plan prepared =
        planner.plan(spec, Optional.of(observed(start)), Optional.empty(), due);
    assertThat(prepared.after().values())
        .containsKeys("COOKIE_HASH_KEY_NEXT", "SESSION_AUTH_KEY_NEXT")
        .doesNotContainKeys("COOKIE_HASH_KEY_PREVIOUS", "AES_BASE64_CYPHER_KEY_NEXT")
        .containsEntry("COOKIE_HASH_KEY", start.values().get("COOKIE_HASH_KEY"));
    assertThat(prepared.rotatedGroups()).containsExactlyInAnyOrder("cookie", "session");
    assertThat(prepared.rotating().reason()).isEqualTo("PhaseInProgress");
    assertThat(prepared.notes()).extracting(Note::reason).contains("PhasePrepare");
    // No workload named in spec.restart: nothing to wait for, the next pass runs at once.
    assertThat(prepared.wakeAt()).contains(due);
    SessionKeySetSpec withRestart = new SessionKeySetSpec();
    withRestart.rotation =
        new RotationSpec("30d", "1d", dev.sessionkeys.operator.crd.RotationStrategy.Phased);
    withRestart.restart = List.of(new WorkloadRef(WorkloadRef.Kind.Deployment, "web"));
    assertThat(
            planner
                .plan(
                    ResolvedSpec.resolve(withRestart),
                    Optional.of(observed(start)),
                    Optional.empty(),
                    due)
                .wakeAt())
        .contains(due.plus(PhasedSchedule.ROLLOUT_RECHECK));

    Instant later = due.plusSeconds(30);
    // The last phase's restart still pending (it failed): no pod is known to hold _NEXT yet.
    Map<String, String> pending = new LinkedHashMap<>(prepared.after().annotations());
    pending.put(KeySetPlanner.RESTART_PENDING, due.toString());
    KeySetPlanner.Plan waitsForRestart =
        planner.plan(
            spec,
            Optional.of(observed(new RotationState(prepared.after().values(), pending))),
            Optional.empty(),
            later);
    assertThat(waitsForRestart.changed()).isFalse();
    assertThat(waitsForRestart.rotating().message())
        .contains("promote of the cookie keys waits for the restart after the last phase");

    KeySetPlanner.Plan promoted =
        planner.plan(spec, Optional.of(observed(prepared.after())), Optional.empty(), later);
    assertThat(promoted.after().values())
        .doesNotContainKey("COOKIE_HASH_KEY_NEXT")
        .containsEntry("COOKIE_HASH_KEY", prepared.after().values().get("COOKIE_HASH_KEY_NEXT"))
        .containsEntry("COOKIE_HASH_KEY_PREVIOUS", start.values().get("COOKIE_HASH_KEY"));

    // Inside the grace period nothing moves, and the next look is at its end, not in 15 s.
    KeySetPlanner.Plan inGrace =
        planner.plan(
            spec, Optional.of(observed(promoted.after())), Optional.empty(), later.plusSeconds(60));
    assertThat(inGrace.changed()).isFalse();
    assertThat(inGrace.rotating().reason()).isEqualTo("GracePeriod");
    assertThat(inGrace.wakeAt()).contains(later.plus(Duration.ofDays(1)));

    Instant graceOver = later.plus(Duration.ofDays(1));
    assertThat(
            planner
                .plan(
                    spec,
                    Optional.of(waiting(promoted.after(), "StatefulSet/db: no status")),
                    Optional.empty(),
                    graceOver)
                .rotating()
                .message())
        .contains("retire of the cookie keys waits");
    KeySetPlanner.Plan retired =
        planner.plan(spec, Optional.of(observed(promoted.after())), Optional.empty(), graceOver);
    assertThat(retired.after().values().keySet())
        .noneMatch(k -> k.endsWith("_PREVIOUS") || k.endsWith("_NEXT"));
  }

  @Test
  void specsAreCheckedWithOneLineReasons() {
    assertThatThrownBy(() -> spec("1d", "2d"))
        .hasMessageContaining("grace")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> spec("soon", null))
        .hasMessageContaining("spec.rotation.interval 'soon'");
    assertThatThrownBy(() -> spec("30s", null)).hasMessageContaining("at least 1m");
    SessionKeySetSpec unknown = new SessionKeySetSpec();
    unknown.profile = new dev.sessionkeys.operator.crd.ProfileSpec("wordpress", null);
    assertThatThrownBy(() -> ResolvedSpec.resolve(unknown)).hasMessageContaining("'wordpress'");
    assertThat(dev.sessionkeys.core.Durations.parse("f", "1d12h30m"))
        .isEqualTo(Duration.ofHours(36).plusMinutes(30));
  }

  @Test
  void environmentConfiguresAReplica() {
    OperatorOptions options =
        OperatorOptions.fromEnvironment(
            Map.of(
                "SESSIONKEYS_WATCH_NAMESPACES",
                "a, b",
                "SESSIONKEYS_LEADER_ELECTION",
                "false",
                "POD_NAMESPACE",
                "ops",
                "POD_NAME",
                "pod-1",
                "SESSIONKEYS_HTTP_PORT",
                "9090"));
    assertThat(options.namespaces()).containsExactlyInAnyOrder("a", "b");
    assertThat(options.leaderElection()).isFalse();
    assertThat(options.leaseNamespace()).isEqualTo("ops");
    assertThat(options.identity()).isEqualTo("pod-1");
    assertThat(options.httpPort()).isEqualTo(9090);
    assertThatThrownBy(
            () -> OperatorOptions.fromEnvironment(Map.of("SESSIONKEYS_HTTP_PORT", "eighty")))
        .hasMessage("SESSIONKEYS_HTTP_PORT='eighty' is not a whole number");
  }
}
