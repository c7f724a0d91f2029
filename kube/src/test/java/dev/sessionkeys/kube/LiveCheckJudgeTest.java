package dev.sessionkeys.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.SecretValue;
import dev.sessionkeys.core.validate.Finding;
import dev.sessionkeys.core.validate.FindingCode;
import dev.sessionkeys.core.validate.Severity;
import dev.sessionkeys.core.validate.ValidationReport;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The findings only a live Secret can have, judged without a server and at a fixed instant. */
class LiveCheckJudgeTest {

  static final Profile PROFILE = Profile.FAIRWINDS_INSIGHTS;
  static final Instant UNTIL = Instant.parse("2026-11-27T12:00:00Z");

  private static Secret secret(Map<String, String> labels, Map<String, String> annotations) {
    return SecretMapping.newSecret("web", "s", AuditRowsTest.keys('a'), labels, annotations);
  }

  private static List<FindingCode> codes(ValidationReport report) {
    return report.findings().stream().map(Finding::code).toList();
  }

  @Test
  void helmOwnedWithoutKeepIsAnErrorNamingTheRelease() {
    ValidationReport report =
        LiveCheck.judge(
            PROFILE,
            secret(
                Map.of("app.kubernetes.io/managed-by", "Helm"),
                Map.of(
                    "meta.helm.sh/release-name", "insights",
                    "meta.helm.sh/release-namespace", "web")),
            UNTIL);
    assertThat(codes(report)).containsExactly(FindingCode.HELM_OWNED);
    Finding finding = report.findings().get(0);
    assertThat(finding.severity()).isEqualTo(Severity.ERROR);
    assertThat(finding.message()).contains("owned by Helm release insights (web)");
    assertThat(report.hasErrors()).isTrue();
  }

  @Test
  void helmOwnedWithKeepIsOnlyAWarning() {
    ValidationReport report =
        LiveCheck.judge(
            PROFILE,
            secret(
                Map.of("app.kubernetes.io/managed-by", "Helm"),
                Map.of("helm.sh/resource-policy", "keep")),
            UNTIL);
    assertThat(codes(report)).containsExactly(FindingCode.HELM_OWNED_KEPT);
    assertThat(report.findings().get(0).message()).contains("marks of a Helm release");
    assertThat(report.hasErrors()).isFalse();
  }

  @Test
  void keepWithoutOwnershipAndNoMarksAtAllAreClean() {
    assertThat(
            LiveCheck.judge(
                    PROFILE, secret(Map.of(), Map.of("helm.sh/resource-policy", "keep")), UNTIL)
                .findings())
        .isEmpty();
    assertThat(LiveCheck.judge(PROFILE, secret(Map.of(), Map.of()), UNTIL).findings()).isEmpty();
  }

  private static Secret withPrevious() {
    return new SecretBuilder(
            secret(Map.of(), Map.of("sessionkeys.dev/grace-until.cookie", UNTIL.toString())))
        .addToData(
            "COOKIE_HASH_KEY_PREVIOUS",
            SecretMapping.encode(AuditRowsTest.keys('k').get("COOKIE_HASH_KEY").orElseThrow()))
        .build();
  }

  @Test
  void aPreviousKeyIsExpiredFromExactlyTheEndOfItsGrace() {
    ValidationReport before = LiveCheck.judge(PROFILE, withPrevious(), UNTIL.minusMillis(1));
    assertThat(codes(before)).doesNotContain(FindingCode.PREVIOUS_EXPIRED);

    ValidationReport at = LiveCheck.judge(PROFILE, withPrevious(), UNTIL);
    List<Finding> expired =
        at.findings().stream().filter(f -> f.code() == FindingCode.PREVIOUS_EXPIRED).toList();
    // Only the previous key that is there: COOKIE_BLOCK_KEY_PREVIOUS is absent.
    assertThat(expired).hasSize(1);
    assertThat(expired.get(0).message())
        .isEqualTo(
            "COOKIE_HASH_KEY_PREVIOUS is still accepted although its grace period ended at "
                + "2026-11-27T12:00:00Z");
    assertThat(expired.get(0).severity()).isEqualTo(Severity.WARNING);
  }

  @Test
  void findingsComeMostSevereFirst() {
    Secret secret =
        new SecretBuilder(
                SecretMapping.newSecret(
                    "web",
                    "s",
                    AuditRowsTest.keys('a').with("COOKIE_HASH_KEY", SecretValue.of("short")),
                    Map.of(),
                    Map.of(
                        "sessionkeys.dev/grace-until.cookie",
                        UNTIL.toString(),
                        "meta.helm.sh/release-name",
                        "insights")))
            .addToData(
                "COOKIE_HASH_KEY_PREVIOUS", SecretMapping.encode(SecretValue.of("p".repeat(64))))
            .build();
    List<Severity> severities =
        LiveCheck.judge(PROFILE, secret, UNTIL).findings().stream().map(Finding::severity).toList();
    assertThat(severities).isSorted().contains(Severity.ERROR, Severity.WARNING);
  }
}
