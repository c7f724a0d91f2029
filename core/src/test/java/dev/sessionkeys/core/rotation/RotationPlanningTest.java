package dev.sessionkeys.core.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.SecretValue;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rotation planner in the core, without any cluster: what it generates, keeps, drops and
 * refuses.
 */
class RotationPlanningTest {

  private static final Profile PROFILE = Profile.FAIRWINDS_INSIGHTS;
  private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");
  private static final KeyGenerator GENERATOR = KeyGenerator.secure();

  private static Map<String, SecretValue> fullSet() {
    Map<String, SecretValue> values = new LinkedHashMap<>();
    GENERATOR.generate(PROFILE).values().forEach(values::put);
    return values;
  }

  private static Rotation.Request request(String group, boolean reencrypt, boolean force) {
    return new Rotation.Request(Set.of(group), Duration.ofHours(2), reencrypt, force);
  }

  @Test
  void rotatingAGroupKeepsTheOldValueAsPreviousAndRecordsTheGrace() throws Exception {
    Map<String, SecretValue> before = fullSet();
    RotationPlan plan =
        Rotation.rotate(
            PROFILE,
            new RotationState(before, Map.of()),
            request("cookie", false, false),
            NOW,
            GENERATOR);

    Map<String, SecretValue> after = plan.after().values();
    assertThat(after.get("COOKIE_HASH_KEY_PREVIOUS")).isEqualTo(before.get("COOKIE_HASH_KEY"));
    assertThat(after.get("COOKIE_BLOCK_KEY_PREVIOUS")).isEqualTo(before.get("COOKIE_BLOCK_KEY"));
    assertThat(after.get("COOKIE_HASH_KEY")).isNotEqualTo(before.get("COOKIE_HASH_KEY"));
    assertThat(after.get("COOKIE_HASH_KEY").length()).isEqualTo(64);
    assertThat(after.get("SESSION_AUTH_KEY")).isEqualTo(before.get("SESSION_AUTH_KEY"));
    assertThat(after).doesNotContainKey("SESSION_AUTH_KEY_PREVIOUS");
    assertThat(plan.after().annotations())
        .containsEntry(Rotation.rotatedAtAnnotation("cookie"), NOW.toString())
        .containsEntry(
            Rotation.graceUntilAnnotation("cookie"), NOW.plus(Duration.ofHours(2)).toString());
    assertThat(plan.changes())
        .extracting(RotationPlan.Change::action)
        .containsExactly(
            RotationPlan.Action.GENERATED,
            RotationPlan.Action.KEPT_AS_PREVIOUS,
            RotationPlan.Action.GENERATED,
            RotationPlan.Action.KEPT_AS_PREVIOUS);
    RotationPlan.Change first = plan.changes().get(0);
    assertThat(first.oldFingerprint()).isEqualTo(before.get("COOKIE_HASH_KEY").fingerprint());
    assertThat(first.newFingerprint()).isEqualTo(after.get("COOKIE_HASH_KEY").fingerprint());
    assertThat(plan.changes().get(1).oldFingerprint()).isNull();
    assertThat(plan.changes().get(1).newFingerprint())
        .isEqualTo(before.get("COOKIE_HASH_KEY").fingerprint());
    assertThat(plan.notes()).singleElement().asString().contains("cookie").contains("restart");
    assertThat(plan.isEmpty()).isFalse();
    assertThat(Rotation.rotatedAt(plan.after(), "cookie")).contains(NOW);
    assertThat(Rotation.graceUntil(plan.after(), "cookie")).contains(NOW.plus(Duration.ofHours(2)));
  }

  @Test
  void unknownGroupMissingKeyAndUnaskedDataKeyAreRefused() {
    RotationState full = new RotationState(fullSet(), Map.of());
    assertThatThrownBy(
            () -> Rotation.rotate(PROFILE, full, request("nope", false, false), NOW, GENERATOR))
        .isInstanceOf(RotationRefusedException.class)
        .hasMessageContaining("no key group 'nope'")
        .extracting(e -> ((RotationRefusedException) e).reason())
        .isEqualTo(RotationRefusedException.Reason.UNKNOWN_GROUP);
    assertThatThrownBy(
            () -> Rotation.rotate(PROFILE, full, request("data", false, false), NOW, GENERATOR))
        .isInstanceOf(RotationRefusedException.class)
        .hasMessageContaining("encrypt data at rest")
        .extracting(e -> ((RotationRefusedException) e).reason())
        .isEqualTo(RotationRefusedException.Reason.DATA_KEY_NOT_ALLOWED);
    Map<String, SecretValue> missing = fullSet();
    missing.remove("COOKIE_BLOCK_KEY");
    assertThatThrownBy(
            () ->
                Rotation.rotate(
                    PROFILE,
                    new RotationState(missing, Map.of()),
                    request("cookie", false, false),
                    NOW,
                    GENERATOR))
        .isInstanceOf(RotationRefusedException.class)
        .hasMessageContaining("COOKIE_BLOCK_KEY is missing")
        .extracting(e -> ((RotationRefusedException) e).reason())
        .isEqualTo(RotationRefusedException.Reason.KEY_MISSING);
    assertThatThrownBy(
            () -> new Rotation.Request(Set.of("cookie"), Duration.ofSeconds(-1), false, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dataKeyRotatesOnlyWhenAskedAndKeepsNoGraceAnnotation() throws Exception {
    Map<String, SecretValue> before = fullSet();
    Map<String, String> annotations = Map.of(Rotation.graceUntilAnnotation("data"), NOW.toString());
    RotationPlan plan =
        Rotation.rotate(
            PROFILE,
            new RotationState(before, annotations),
            request("data", true, false),
            NOW,
            GENERATOR);
    assertThat(plan.after().values().get("AES_BASE64_CYPHER_KEY_PREVIOUS"))
        .isEqualTo(before.get("AES_BASE64_CYPHER_KEY"));
    assertThat(plan.after().annotations())
        .doesNotContainKey(Rotation.graceUntilAnnotation("data"))
        .containsKey(Rotation.rotatedAtAnnotation("data"));
    assertThat(plan.notes()).singleElement().asString().contains("re-encrypted");

    // A second rotation with the previous data key still present must refuse, even with force.
    assertThatThrownBy(
            () ->
                Rotation.rotate(PROFILE, plan.after(), request("data", true, true), NOW, GENERATOR))
        .isInstanceOf(RotationRefusedException.class)
        .hasMessageContaining("AES_BASE64_CYPHER_KEY_PREVIOUS");
  }

  @Test
  void rotatingAgainRespectsTheGracePeriodUnlessForced() throws Exception {
    RotationPlan first =
        Rotation.rotate(
            PROFILE,
            new RotationState(fullSet(), Map.of()),
            request("cookie", false, false),
            NOW,
            GENERATOR);
    Instant inside = NOW.plus(Duration.ofHours(1));
    assertThatThrownBy(
            () ->
                Rotation.rotate(
                    PROFILE, first.after(), request("cookie", false, false), inside, GENERATOR))
        .isInstanceOf(RotationRefusedException.class)
        .hasMessageContaining("rotated recently")
        .extracting(e -> ((RotationRefusedException) e).reason())
        .isEqualTo(RotationRefusedException.Reason.PREVIOUS_IN_GRACE);

    Instant exactlyAtEnd = NOW.plus(Duration.ofHours(2));
    RotationPlan second =
        Rotation.rotate(
            PROFILE, first.after(), request("cookie", false, false), exactlyAtEnd, GENERATOR);
    assertThat(second.changes())
        .extracting(RotationPlan.Change::action)
        .first()
        .isEqualTo(RotationPlan.Action.PREVIOUS_DROPPED);
    assertThat(second.changes().get(0).oldFingerprint())
        .isEqualTo(first.after().values().get("COOKIE_HASH_KEY_PREVIOUS").fingerprint());
    assertThat(second.after().values().get("COOKIE_HASH_KEY_PREVIOUS"))
        .isEqualTo(first.after().values().get("COOKIE_HASH_KEY"));

    RotationPlan forced =
        Rotation.rotate(PROFILE, first.after(), request("cookie", false, true), inside, GENERATOR);
    assertThat(forced.after().values().get("COOKIE_HASH_KEY_PREVIOUS"))
        .isEqualTo(first.after().values().get("COOKIE_HASH_KEY"));
  }

  @Test
  void aPreviousValueWithoutRecordedGraceIsNotSilentlyDropped() {
    Map<String, SecretValue> values = fullSet();
    values.put("COOKIE_HASH_KEY_PREVIOUS", SecretValue.of("x".repeat(64)));
    Map<String, String> unreadable = Map.of(Rotation.graceUntilAnnotation("cookie"), "not a time");
    for (Map<String, String> annotations :
        java.util.List.of(Map.<String, String>of(), unreadable)) {
      assertThatThrownBy(
              () ->
                  Rotation.rotate(
                      PROFILE,
                      new RotationState(values, annotations),
                      request("cookie", false, false),
                      NOW,
                      GENERATOR))
          .isInstanceOf(RotationRefusedException.class)
          .hasMessageContaining("no grace period is recorded")
          .extracting(e -> ((RotationRefusedException) e).reason())
          .isEqualTo(RotationRefusedException.Reason.GRACE_UNKNOWN);
    }
  }

  @Test
  void rotatingOneGroupDropsOtherGroupsExpiredPreviousValuesOnly() throws Exception {
    Map<String, SecretValue> values = fullSet();
    values.put("SESSION_AUTH_KEY_PREVIOUS", SecretValue.of("s".repeat(64)));
    values.put("AES_BASE64_CYPHER_KEY_PREVIOUS", SecretValue.of("d".repeat(32)));
    Map<String, String> annotations = new HashMap<>();
    annotations.put(Rotation.graceUntilAnnotation("session"), NOW.minusSeconds(1).toString());
    annotations.put(Rotation.graceUntilAnnotation("data"), NOW.minusSeconds(1).toString());
    RotationPlan plan =
        Rotation.rotate(
            PROFILE,
            new RotationState(values, annotations),
            request("cookie", false, false),
            NOW,
            GENERATOR);
    assertThat(plan.after().values())
        .doesNotContainKey("SESSION_AUTH_KEY_PREVIOUS")
        .containsKey("AES_BASE64_CYPHER_KEY_PREVIOUS");
    assertThat(plan.after().annotations())
        .doesNotContainKey(Rotation.graceUntilAnnotation("session"));
    assertThat(plan.changes().get(0))
        .isEqualTo(
            new RotationPlan.Change(
                "SESSION_AUTH_KEY_PREVIOUS",
                RotationPlan.Action.PREVIOUS_DROPPED,
                SecretValue.of("s".repeat(64)).fingerprint(),
                null));
  }

  @Test
  void finishDropsExpiredOrForcedGraceKeysAndDataKeysOnlyWhenNamed() throws Exception {
    RotationPlan rotated =
        Rotation.rotate(
            PROFILE,
            new RotationState(fullSet(), Map.of()),
            request("cookie", false, false),
            NOW,
            GENERATOR);
    Map<String, SecretValue> values = new LinkedHashMap<>(rotated.after().values());
    values.put("AES_BASE64_CYPHER_KEY_PREVIOUS", SecretValue.of("d".repeat(32)));
    RotationState state = new RotationState(values, rotated.after().annotations());

    RotationPlan early = Rotation.finish(PROFILE, state, NOW.plusSeconds(60), Set.of(), false);
    assertThat(early.isEmpty()).isTrue();
    assertThat(early.after().values())
        .containsKeys("COOKIE_HASH_KEY_PREVIOUS", "AES_BASE64_CYPHER_KEY_PREVIOUS");
    assertThat(early.notes())
        .hasSize(2)
        .anySatisfy(n -> assertThat(n).contains("grace period ends"))
        .anySatisfy(n -> assertThat(n).contains("data may still be encrypted"));

    RotationPlan late =
        Rotation.finish(PROFILE, state, NOW.plus(Duration.ofHours(2)), Set.of(), false);
    assertThat(late.after().values())
        .doesNotContainKeys("COOKIE_HASH_KEY_PREVIOUS", "COOKIE_BLOCK_KEY_PREVIOUS")
        .containsKey("AES_BASE64_CYPHER_KEY_PREVIOUS");
    assertThat(late.after().annotations())
        .doesNotContainKey(Rotation.graceUntilAnnotation("cookie"));
    assertThat(late.notes()).singleElement().asString().contains("data may still be encrypted");

    RotationPlan forced = Rotation.finish(PROFILE, state, NOW, Set.of("data"), true);
    assertThat(forced.after().values())
        .doesNotContainKeys(
            "COOKIE_HASH_KEY_PREVIOUS",
            "COOKIE_BLOCK_KEY_PREVIOUS",
            "AES_BASE64_CYPHER_KEY_PREVIOUS");
    assertThat(forced.changes())
        .hasSize(3)
        .allMatch(c -> c.action() == RotationPlan.Action.PREVIOUS_DROPPED);
    assertThat(forced.notes()).isEmpty();
  }

  @Test
  void expiredGroupsListsGraceGroupsPastTheirEndOnly() throws Exception {
    RotationPlan rotated =
        Rotation.rotate(
            PROFILE,
            new RotationState(fullSet(), Map.of()),
            request("cookie", false, false),
            NOW,
            GENERATOR);
    assertThat(Rotation.expiredGroups(PROFILE, rotated.after(), NOW.plusSeconds(1))).isEmpty();
    assertThat(Rotation.expiredGroups(PROFILE, rotated.after(), NOW.plus(Duration.ofHours(2))))
        .containsExactly("cookie");
    RotationState noPrevious = new RotationState(fullSet(), rotated.after().annotations());
    assertThat(Rotation.expiredGroups(PROFILE, noPrevious, NOW.plus(Duration.ofDays(1)))).isEmpty();
    assertThat(Rotation.rotatedAt(new RotationState(Map.of(), Map.of()), "cookie")).isEmpty();
    assertThat(
            Rotation.graceUntil(
                new RotationState(
                    Map.of(), Map.of(Rotation.graceUntilAnnotation("cookie"), " " + NOW + " ")),
                "cookie"))
        .contains(NOW);
  }
}
