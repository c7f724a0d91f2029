package dev.sessionkeys.core.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.core.Alphabet;
import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySpec;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.RotationClass;
import dev.sessionkeys.core.SecretValue;
import dev.sessionkeys.core.rotation.PhaseRequest.Permission;
import dev.sessionkeys.core.rotation.RotationRefusedException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The three-phase planner, without any cluster: each phase, each refusal, each retry. */
class PhasedRotationTest {

  private static final Profile PROFILE = Profile.FAIRWINDS_INSIGHTS;
  private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");
  private static final Duration GRACE = Duration.ofHours(2);
  private static final KeyGenerator GENERATOR = KeyGenerator.secure();

  private static Map<String, SecretValue> fullSet() {
    Map<String, SecretValue> values = new LinkedHashMap<>();
    GENERATOR.generate(PROFILE).values().forEach(values::put);
    values.put("OTHER_APP_KEY", SecretValue.of("kept as it is"));
    return values;
  }

  private static RotationState steady() {
    return new RotationState(fullSet(), Map.of("keep", "me"));
  }

  private static PhasePlan plan(RotationState state, Phase phase, String... groups)
      throws RotationRefusedException {
    return PhasedRotation.plan(
        PROFILE, state, PhaseRequest.of(phase, Set.of(groups), GRACE), NOW, GENERATOR);
  }

  private static PhasePlan plan(RotationState state, PhaseRequest request, Instant now)
      throws RotationRefusedException {
    return PhasedRotation.plan(PROFILE, state, request, now, GENERATOR);
  }

  private static void assertRefused(ThrowingCallable call, Reason reason, String... fragments) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            RotationRefusedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.getMessage()).contains(fragments).doesNotContain("--");
            });
  }

  @Test
  void prepareStagesFreshNextValuesAndChangesNothingElse() throws Exception {
    RotationState before = steady();
    PhasePlan plan = plan(before, Phase.PREPARE, "cookie");

    Map<String, SecretValue> after = plan.after().values();
    assertThat(plan.phase()).isEqualTo(Phase.PREPARE);
    assertThat(plan.groups()).containsExactly("cookie");
    assertThat(after.get("COOKIE_HASH_KEY_NEXT").length()).isEqualTo(64);
    assertThat(after.get("COOKIE_BLOCK_KEY_NEXT").length()).isEqualTo(32);
    assertThat(after.get("COOKIE_HASH_KEY_NEXT")).isNotEqualTo(after.get("COOKIE_HASH_KEY"));
    for (String key : before.values().keySet()) {
      assertThat(after.get(key)).as(key).isEqualTo(before.values().get(key));
    }
    assertThat(after)
        .hasSize(before.values().size() + 2)
        .doesNotContainKey("SESSION_AUTH_KEY_NEXT");
    assertThat(plan.after().annotations())
        .containsEntry("keep", "me")
        .containsEntry("sessionkeys.dev/rotation-phase.cookie", "prepared")
        .containsEntry("sessionkeys.dev/prepared-at.cookie", NOW.toString())
        .doesNotContainKey(Rotation.rotatedAtAnnotation("cookie"));
    assertThat(plan.changes())
        .containsExactly(
            new RotationPlan.Change(
                "COOKIE_HASH_KEY_NEXT",
                RotationPlan.Action.NEXT_ADDED,
                null,
                after.get("COOKIE_HASH_KEY_NEXT").fingerprint()),
            new RotationPlan.Change(
                "COOKIE_BLOCK_KEY_NEXT",
                RotationPlan.Action.NEXT_ADDED,
                null,
                after.get("COOKIE_BLOCK_KEY_NEXT").fingerprint()));
    assertThat(plan.isEmpty()).isFalse();
    assertThat(plan.notes()).singleElement().asString().contains("cookie", "accepts");
    assertThat(PhasedRotation.stage(PROFILE, plan.after(), "cookie")).isEqualTo(Stage.PREPARED);
    assertThat(PhasedRotation.stage(PROFILE, plan.after(), "session")).isEqualTo(Stage.STEADY);
  }

  @Test
  void promoteMakesNextPrimaryAndKeepsTheOldAsPreviousWithGrace() throws Exception {
    RotationState before = steady();
    PhasePlan prepared = plan(before, Phase.PREPARE, "cookie", "session");
    PhasePlan plan = plan(prepared.after(), Phase.PROMOTE, "cookie", "session");

    Map<String, SecretValue> staged = prepared.after().values();
    Map<String, SecretValue> after = plan.after().values();
    assertThat(plan.groups()).containsExactly("cookie", "session");
    for (String key :
        List.of(
            "COOKIE_HASH_KEY", "COOKIE_BLOCK_KEY", "SESSION_AUTH_KEY", "SESSION_ENCRYPTION_KEY")) {
      assertThat(after.get(key)).as(key).isEqualTo(staged.get(key + "_NEXT"));
      assertThat(after.get(key + "_PREVIOUS")).as(key).isEqualTo(before.values().get(key));
      assertThat(after).doesNotContainKey(key + "_NEXT");
    }
    assertThat(after.get("AES_BASE64_CYPHER_KEY"))
        .isEqualTo(before.values().get("AES_BASE64_CYPHER_KEY"));
    assertThat(after).doesNotContainKey("AES_BASE64_CYPHER_KEY_PREVIOUS");
    assertThat(after.get("OTHER_APP_KEY")).isEqualTo(SecretValue.of("kept as it is"));
    assertThat(plan.after().annotations())
        .containsEntry("sessionkeys.dev/rotation-phase.cookie", "promoted")
        .containsEntry("sessionkeys.dev/rotated-at.cookie", NOW.toString())
        .containsEntry("sessionkeys.dev/grace-until.cookie", NOW.plus(GRACE).toString())
        .doesNotContainKey("sessionkeys.dev/prepared-at.cookie")
        .containsEntry("keep", "me");
    assertThat(plan.changes().subList(0, 2))
        .containsExactly(
            new RotationPlan.Change(
                "COOKIE_HASH_KEY",
                RotationPlan.Action.PROMOTED,
                before.values().get("COOKIE_HASH_KEY").fingerprint(),
                staged.get("COOKIE_HASH_KEY_NEXT").fingerprint()),
            new RotationPlan.Change(
                "COOKIE_HASH_KEY_PREVIOUS",
                RotationPlan.Action.KEPT_AS_PREVIOUS,
                null,
                before.values().get("COOKIE_HASH_KEY").fingerprint()));
    assertThat(plan.changes()).hasSize(8);
    assertThat(plan.notes())
        .hasSize(2)
        .allSatisfy(
            n -> assertThat(n).contains("issues with the new keys", NOW.plus(GRACE).toString()));
    assertThat(PhasedRotation.stage(PROFILE, plan.after(), "cookie")).isEqualTo(Stage.PROMOTED);
  }

  @Test
  void retireDropsPreviousOnceTheGraceIsOverAndReturnsToSteady() throws Exception {
    RotationState promoted =
        plan(plan(steady(), Phase.PREPARE, "cookie").after(), Phase.PROMOTE, "cookie").after();
    Instant end = NOW.plus(GRACE);
    PhasePlan plan = plan(promoted, PhaseRequest.of(Phase.RETIRE, Set.of("cookie"), GRACE), end);

    assertThat(plan.after().values())
        .doesNotContainKeys("COOKIE_HASH_KEY_PREVIOUS", "COOKIE_BLOCK_KEY_PREVIOUS")
        .containsKeys("COOKIE_HASH_KEY", "COOKIE_BLOCK_KEY", "OTHER_APP_KEY");
    assertThat(plan.after().annotations())
        .doesNotContainKeys(
            "sessionkeys.dev/rotation-phase.cookie", "sessionkeys.dev/grace-until.cookie")
        .containsEntry("sessionkeys.dev/rotated-at.cookie", NOW.toString());
    assertThat(plan.changes())
        .containsExactly(
            new RotationPlan.Change(
                "COOKIE_HASH_KEY_PREVIOUS",
                RotationPlan.Action.PREVIOUS_DROPPED,
                promoted.values().get("COOKIE_HASH_KEY_PREVIOUS").fingerprint(),
                null),
            new RotationPlan.Change(
                "COOKIE_BLOCK_KEY_PREVIOUS",
                RotationPlan.Action.PREVIOUS_DROPPED,
                promoted.values().get("COOKIE_BLOCK_KEY_PREVIOUS").fingerprint(),
                null));
    assertThat(plan.notes()).singleElement().asString().contains("no pod accepts");
    assertThat(PhasedRotation.stage(PROFILE, plan.after(), "cookie")).isEqualTo(Stage.STEADY);
  }

  @Test
  void retireBeforeTheGraceEndsIsRefusedUnlessAllowed() throws Exception {
    RotationState promoted =
        plan(plan(steady(), Phase.PREPARE, "cookie").after(), Phase.PROMOTE, "cookie").after();
    PhaseRequest retire = PhaseRequest.of(Phase.RETIRE, Set.of("cookie"), GRACE);
    Instant justBefore = NOW.plus(GRACE).minusSeconds(1);
    assertRefused(
        () -> plan(promoted, retire, justBefore),
        Reason.PREVIOUS_IN_GRACE,
        "cookie",
        NOW.plus(GRACE).toString());
    PhasePlan forced =
        plan(promoted, retire.allowing(Permission.DROP_PREVIOUS_IN_GRACE), justBefore);
    assertThat(forced.after().values()).doesNotContainKey("COOKIE_HASH_KEY_PREVIOUS");

    // No readable grace recorded: refused too, and the override works alike.
    for (String recorded : new String[] {null, "not a time"}) {
      Map<String, String> annotations = new LinkedHashMap<>(promoted.annotations());
      annotations.remove(Rotation.graceUntilAnnotation("cookie"));
      if (recorded != null) {
        annotations.put(Rotation.graceUntilAnnotation("cookie"), recorded);
      }
      RotationState unknown = new RotationState(promoted.values(), annotations);
      assertRefused(
          () -> plan(unknown, retire, NOW.plus(Duration.ofDays(30))),
          Reason.GRACE_UNKNOWN,
          "sessionkeys.dev/grace-until.cookie");
      assertThat(
              plan(unknown, retire.allowing(Permission.DROP_PREVIOUS_IN_GRACE), NOW)
                  .after()
                  .values())
          .doesNotContainKey("COOKIE_BLOCK_KEY_PREVIOUS");
    }
  }

  @Test
  void promoteWithoutNextAndRetireWhilePreparedAreRefused() throws Exception {
    assertRefused(() -> plan(steady(), Phase.PROMOTE, "cookie"), Reason.NOT_PREPARED, "cookie");
    assertRefused(
        () -> plan(steady(), Phase.PROMOTE), Reason.NOT_PREPARED, "no key group", "_NEXT");
    RotationState prepared = plan(steady(), Phase.PREPARE, "cookie").after();
    assertRefused(
        () -> plan(prepared, Phase.RETIRE, "cookie"), Reason.NOT_PROMOTED, "cookie", "promote");

    // _PREVIOUS keys left by a one-step rotation are not a promoted staged rotation.
    RotationState oneStep =
        Rotation.rotate(
                PROFILE,
                steady(),
                new Rotation.Request(Set.of("cookie"), GRACE, false, false),
                NOW,
                GENERATOR)
            .after();
    assertRefused(() -> plan(oneStep, Phase.PROMOTE, "cookie"), Reason.NOT_PREPARED, "cookie");
  }

  @Test
  void eachPhaseRetriedAfterALostAnswerPlansNothing() throws Exception {
    RotationState prepared = plan(steady(), Phase.PREPARE, "cookie").after();
    PhasePlan again = plan(prepared, Phase.PREPARE, "cookie");
    assertThat(again.isEmpty()).isTrue();
    assertThat(again.groups()).isEmpty();
    assertThat(again.after()).isEqualTo(prepared);
    assertThat(again.notes())
        .containsExactly("the cookie keys are already prepared; nothing to do");

    RotationState promoted = plan(prepared, Phase.PROMOTE, "cookie").after();
    PhasePlan promotedAgain = plan(promoted, Phase.PROMOTE, "cookie");
    assertThat(promotedAgain.isEmpty()).isTrue();
    assertThat(promotedAgain.after()).isEqualTo(promoted);
    assertThat(promotedAgain.notes())
        .containsExactly("the cookie keys are already promoted; nothing to do");

    RotationState retired =
        plan(promoted, PhaseRequest.of(Phase.RETIRE, Set.of("cookie"), GRACE), NOW.plus(GRACE))
            .after();
    PhasePlan retiredAgain = plan(retired, Phase.RETIRE, "cookie");
    assertThat(retiredAgain.isEmpty()).isTrue();
    assertThat(retiredAgain.notes())
        .containsExactly("the cookie keys are already steady; nothing to do");
  }

  @Test
  void noGroupsMeansEveryNonDataGroupWhereThePhaseStarts() throws Exception {
    PhasePlan prepared = plan(steady(), Phase.PREPARE);
    assertThat(prepared.groups()).containsExactly("cookie", "session");
    assertThat(prepared.after().values()).doesNotContainKey("AES_BASE64_CYPHER_KEY_NEXT");

    // Only cookie is prepared: an unnamed promote takes cookie alone.
    RotationState cookieOnly = plan(steady(), Phase.PREPARE, "cookie").after();
    PhasePlan promoted = plan(cookieOnly, Phase.PROMOTE);
    assertThat(promoted.groups()).containsExactly("cookie");
    assertThat(promoted.after().values()).doesNotContainKey("SESSION_AUTH_KEY_PREVIOUS");

    PhasePlan nothing = plan(steady(), Phase.RETIRE);
    assertThat(nothing.isEmpty()).isTrue();
    assertThat(nothing.groups()).isEmpty();
    assertThat(nothing.notes()).containsExactly("no key group is promoted; nothing to retire");

    PhasePlan retired =
        plan(promoted.after(), PhaseRequest.of(Phase.RETIRE, Set.of(), GRACE), NOW.plus(GRACE));
    assertThat(retired.groups()).containsExactly("cookie");
  }

  @Test
  void theDataKeyTakesPartOnlyWhenAllowedAndIsRetiredOnlyOnRequest() throws Exception {
    PhaseRequest prepareData = PhaseRequest.of(Phase.PREPARE, Set.of("data"), GRACE);
    assertRefused(
        () -> plan(steady(), prepareData, NOW), Reason.DATA_KEY_NOT_ALLOWED, "data", "explicitly");
    PhasePlan prepared = plan(steady(), prepareData.allowing(Permission.DATA_KEY), NOW);
    assertThat(prepared.after().values().get("AES_BASE64_CYPHER_KEY_NEXT").length()).isEqualTo(32);

    Map<String, String> withGrace = new LinkedHashMap<>(prepared.after().annotations());
    withGrace.put(Rotation.graceUntilAnnotation("data"), NOW.toString());
    PhaseRequest promoteData =
        PhaseRequest.of(Phase.PROMOTE, Set.of("data"), GRACE).allowing(Permission.DATA_KEY);
    PhasePlan promoted =
        plan(new RotationState(prepared.after().values(), withGrace), promoteData, NOW);
    assertThat(promoted.after().values().get("AES_BASE64_CYPHER_KEY_PREVIOUS"))
        .isEqualTo(prepared.after().values().get("AES_BASE64_CYPHER_KEY"));
    assertThat(promoted.after().annotations())
        .doesNotContainKey(Rotation.graceUntilAnnotation("data"))
        .containsEntry(Rotation.rotatedAtAnnotation("data"), NOW.toString());
    assertThat(promoted.notes()).singleElement().asString().contains("re-encrypted");

    // Retiring the data key: never without the permission, but no grace to wait for with it.
    PhaseRequest retireData = PhaseRequest.of(Phase.RETIRE, Set.of("data"), GRACE);
    assertRefused(
        () -> plan(promoted.after(), retireData, NOW), Reason.DATA_KEY_NOT_ALLOWED, "data");
    PhasePlan retired = plan(promoted.after(), retireData.allowing(Permission.DATA_KEY), NOW);
    assertThat(retired.after().values()).doesNotContainKey("AES_BASE64_CYPHER_KEY_PREVIOUS");
    // An unnamed retire never picks the data group.
    assertThat(plan(promoted.after(), Phase.RETIRE).isEmpty()).isTrue();

    // A data key whose previous value remains cannot be prepared again.
    assertRefused(
        () -> plan(promoted.after(), prepareData.allowing(Permission.DATA_KEY), NOW),
        Reason.DATA_PREVIOUS_PRESENT,
        "retire them first");
  }

  @Test
  void theDataKeyPromotionKeepsTheOldDataKeyAsPrevious() throws Exception {
    RotationState before = steady();
    PhaseRequest prepare =
        PhaseRequest.of(Phase.PREPARE, Set.of("data"), GRACE).allowing(Permission.DATA_KEY);
    RotationState prepared = plan(before, prepare, NOW).after();
    PhasePlan promoted =
        plan(
            prepared,
            PhaseRequest.of(Phase.PROMOTE, Set.of("data"), GRACE).allowing(Permission.DATA_KEY),
            NOW);
    assertThat(promoted.after().values().get("AES_BASE64_CYPHER_KEY_PREVIOUS"))
        .isEqualTo(before.values().get("AES_BASE64_CYPHER_KEY"));
    assertThat(promoted.after().values().get("AES_BASE64_CYPHER_KEY"))
        .isEqualTo(prepared.values().get("AES_BASE64_CYPHER_KEY_NEXT"));
  }

  @Test
  void prepareOrPromoteWithPreviousKeysLeftIsRefused() throws Exception {
    RotationState oneStep =
        Rotation.rotate(
                PROFILE,
                steady(),
                new Rotation.Request(Set.of("session"), GRACE, false, false),
                NOW,
                GENERATOR)
            .after();
    assertRefused(
        () -> plan(oneStep, Phase.PREPARE, "session"),
        Reason.PREVIOUS_NOT_RETIRED,
        "session",
        "retire them first");

    // Prepared by hand next to leftover _PREVIOUS values: promote would overwrite them.
    Map<String, SecretValue> values = new LinkedHashMap<>(oneStep.values());
    values.put("SESSION_AUTH_KEY_NEXT", SecretValue.of("a".repeat(64)));
    values.put("SESSION_ENCRYPTION_KEY_NEXT", SecretValue.of("b".repeat(32)));
    RotationState both = new RotationState(values, oneStep.annotations());
    assertThat(PhasedRotation.stage(PROFILE, both, "session")).isEqualTo(Stage.PREPARED);
    assertRefused(
        () -> plan(both, Phase.PROMOTE, "session"), Reason.PREVIOUS_NOT_RETIRED, "session");
  }

  @Test
  void halfStagedGroupsMissingKeysUnknownGroupsAndNameClashesAreRefused() throws Exception {
    Map<String, SecretValue> half = fullSet();
    half.put("COOKIE_HASH_KEY_NEXT", SecretValue.of("h".repeat(64)));
    RotationState halfStaged = new RotationState(half, Map.of());
    for (Phase phase : Phase.values()) {
      assertRefused(
          () -> plan(halfStaged, phase, "cookie"),
          Reason.PARTIAL_STAGE,
          "COOKIE_HASH_KEY have a _NEXT value but COOKIE_BLOCK_KEY do not");
    }
    assertRefused(() -> PhasedRotation.stages(PROFILE, halfStaged), Reason.PARTIAL_STAGE, "cookie");

    Map<String, SecretValue> missing = fullSet();
    missing.remove("SESSION_ENCRYPTION_KEY");
    RotationState incomplete = new RotationState(missing, Map.of());
    assertRefused(
        () -> plan(incomplete, Phase.PREPARE, "session"),
        Reason.KEY_MISSING,
        "SESSION_ENCRYPTION_KEY is missing");
    Map<String, SecretValue> stagedMissing = fullSet();
    stagedMissing.put("SESSION_AUTH_KEY_NEXT", SecretValue.of("a".repeat(64)));
    stagedMissing.put("SESSION_ENCRYPTION_KEY_NEXT", SecretValue.of("b".repeat(32)));
    stagedMissing.remove("SESSION_AUTH_KEY");
    assertRefused(
        () -> plan(new RotationState(stagedMissing, Map.of()), Phase.PROMOTE, "session"),
        Reason.KEY_MISSING,
        "SESSION_AUTH_KEY is missing");
    // Retire needs no primary: it only drops previous values.
    Map<String, SecretValue> previousOnly = fullSet();
    previousOnly.remove("SESSION_AUTH_KEY");
    previousOnly.put("SESSION_AUTH_KEY_PREVIOUS", SecretValue.of("p".repeat(64)));
    PhasePlan retired =
        plan(
            new RotationState(previousOnly, Map.of()),
            PhaseRequest.of(Phase.RETIRE, Set.of("session"), GRACE)
                .allowing(Permission.DROP_PREVIOUS_IN_GRACE),
            NOW);
    assertThat(retired.after().values()).doesNotContainKey("SESSION_AUTH_KEY_PREVIOUS");

    assertRefused(
        () -> plan(steady(), Phase.PREPARE, "nope"),
        Reason.UNKNOWN_GROUP,
        "no key group 'nope'",
        "cookie, session, data");

    Profile clash =
        new Profile(
            "clash",
            List.of(
                new KeySpec(
                    "TOKEN", 32, Alphabet.ALPHANUMERIC, "a", "a key", RotationClass.GRACE_PERIOD),
                new KeySpec(
                    "TOKEN_NEXT",
                    32,
                    Alphabet.ALPHANUMERIC,
                    "b",
                    "another key",
                    RotationClass.GRACE_PERIOD)),
            "clash",
            "default");
    assertRefused(
        () ->
            PhasedRotation.plan(
                clash,
                new RotationState(Map.of(), Map.of()),
                PhaseRequest.of(Phase.PREPARE, Set.of("a"), GRACE),
                NOW,
                GENERATOR),
        Reason.NAME_CLASH,
        "TOKEN_NEXT");
  }

  @Test
  void theOneStepRotationRefusesWhileAStagedRotationIsUnderWay() throws Exception {
    RotationState prepared = plan(steady(), Phase.PREPARE, "cookie").after();
    assertRefused(
        () ->
            Rotation.rotate(
                PROFILE,
                prepared,
                new Rotation.Request(Set.of("cookie"), GRACE, false, true),
                NOW,
                GENERATOR),
        Reason.STAGED_ROTATION_IN_PROGRESS,
        "COOKIE_HASH_KEY_NEXT");
    // Another group still rotates in one step.
    assertThat(
            Rotation.rotate(
                    PROFILE,
                    prepared,
                    new Rotation.Request(Set.of("session"), GRACE, false, false),
                    NOW,
                    GENERATOR)
                .after()
                .values())
        .containsKeys("SESSION_AUTH_KEY_PREVIOUS", "COOKIE_HASH_KEY_NEXT");
  }

  @Test
  void stagesAreReadFromTheKeys() throws Exception {
    assertThat(PhasedRotation.stages(PROFILE, steady()))
        .containsExactly(
            Map.entry("cookie", Stage.STEADY),
            Map.entry("session", Stage.STEADY),
            Map.entry("data", Stage.STEADY));
    Map<String, SecretValue> onePrevious = fullSet();
    onePrevious.put("COOKIE_BLOCK_KEY_PREVIOUS", SecretValue.of("p".repeat(32)));
    assertThat(PhasedRotation.stage(PROFILE, new RotationState(onePrevious, Map.of()), "cookie"))
        .isEqualTo(Stage.PROMOTED);
    // The annotation alone does not make a stage: the keys decide.
    assertThat(
            PhasedRotation.stage(
                PROFILE,
                new RotationState(
                    fullSet(), Map.of(PhasedRotation.phaseAnnotation("cookie"), "prepared")),
                "cookie"))
        .isEqualTo(Stage.STEADY);
    assertThat(PhasedRotation.isDataGroup(PROFILE, "data")).isTrue();
    assertThat(PhasedRotation.isDataGroup(PROFILE, "cookie")).isFalse();
  }

  @Test
  void phasesAndStagesHaveWordsAndOrder() {
    assertThat(Phase.fromWord("prepare")).contains(Phase.PREPARE);
    assertThat(Phase.fromWord("promote")).contains(Phase.PROMOTE);
    assertThat(Phase.fromWord("retire")).contains(Phase.RETIRE);
    assertThat(Phase.fromWord("PREPARE")).isEmpty();
    assertThat(Phase.fromWord("finish")).isEmpty();
    assertThat(Phase.PROMOTE.from()).isEqualTo(Stage.PREPARED);
    assertThat(Phase.PROMOTE.to()).isEqualTo(Stage.PROMOTED);
    assertThat(Phase.RETIRE.to()).isEqualTo(Stage.STEADY);
    assertThat(Stage.STEADY.nextPhase()).isEqualTo(Phase.PREPARE);
    assertThat(Stage.PREPARED.nextPhase()).isEqualTo(Phase.PROMOTE);
    assertThat(Stage.PROMOTED.nextPhase()).isEqualTo(Phase.RETIRE);
    assertThat(Stage.PROMOTED.word()).isEqualTo("promoted");
  }

  @Test
  void requestsCopyTheirInputsAndRefuseANegativeGrace() {
    assertThatThrownBy(() -> PhaseRequest.of(Phase.PROMOTE, Set.of(), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
    PhaseRequest request = PhaseRequest.of(Phase.RETIRE, Set.of("cookie"), Duration.ZERO);
    assertThat(request.permissions()).isEmpty();
    assertThat(request.allows(Permission.DATA_KEY)).isFalse();
    PhaseRequest both =
        request.allowing(Permission.DATA_KEY).allowing(Permission.DROP_PREVIOUS_IN_GRACE);
    assertThat(both.permissions())
        .containsExactlyInAnyOrder(Permission.DATA_KEY, Permission.DROP_PREVIOUS_IN_GRACE);
    assertThat(both.allows(Permission.DROP_PREVIOUS_IN_GRACE)).isTrue();
    assertThat(both.groups()).containsExactly("cookie");
  }
}
