package dev.sessionkeys.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.rotation.Rotation;
import dev.sessionkeys.core.validate.Finding;
import dev.sessionkeys.core.validate.FindingCode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl's last-applied-configuration copy of a Secret's values: found by check, removed by every
 * write of ours, the rest of the copy kept.
 */
@EnableKubernetesMockClient(crud = true)
class LastAppliedTest {

  static final SecretRef REF = ApplyTest.REF;
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  static final String APPLIED =
      "{\"apiVersion\":\"v1\",\"data\":{\"COOKIE_HASH_KEY\":\"c2VjcmV0\"},"
          + "\"kind\":\"Secret\",\"metadata\":{\"name\":\"fwinsights-secrets\"},\"stringData\":{\"X\":\"y\"}}";

  KubernetesClient client;

  @TempDir Path dir;

  private Secret secret(Map<String, String> annotations) {
    return SecretMapping.newSecret(
        REF.namespace(), REF.name(), AuditRowsTest.keys('a'), Map.of(), annotations);
  }

  private void create(Map<String, String> annotations) {
    client.secrets().inNamespace(REF.namespace()).resource(secret(annotations)).create();
  }

  private Map<String, String> liveAnnotations() {
    return client
        .secrets()
        .inNamespace(REF.namespace())
        .withName(REF.name())
        .get()
        .getMetadata()
        .getAnnotations();
  }

  @Test
  void theValuesGoAndTheRestOfTheCopyStays() {
    Map<String, String> annotations = Map.of(LastApplied.ANNOTATION, APPLIED, "team", "a");
    Map<String, String> scrubbed = LastApplied.scrubbed(annotations);
    assertThat(scrubbed).containsEntry("team", "a");
    assertThat(scrubbed.get(LastApplied.ANNOTATION))
        .isEqualTo(
            "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"fwinsights-secrets\"}}");
    assertThat(LastApplied.holdsValues(secret(annotations))).isTrue();
    assertThat(LastApplied.holdsValues(secret(scrubbed))).isFalse();
    assertThat(LastApplied.scrubbed(scrubbed)).isSameAs(scrubbed);
  }

  @Test
  void onlyStringDataIsAlsoAValue() {
    Map<String, String> annotations =
        Map.of(LastApplied.ANNOTATION, "{\"kind\":\"Secret\",\"stringData\":{\"K\":\"v\"}}");
    assertThat(LastApplied.scrubbed(annotations))
        .containsEntry(LastApplied.ANNOTATION, "{\"kind\":\"Secret\"}");
  }

  @Test
  void aCopyThatIsNotAJsonObjectIsDroppedWhole() {
    for (String broken : List.of("not json {", "[\"c2VjcmV0\"]", "\"c2VjcmV0\"")) {
      Map<String, String> annotations = Map.of(LastApplied.ANNOTATION, broken, "team", "a");
      assertThat(LastApplied.scrubbed(annotations)).as(broken).isEqualTo(Map.of("team", "a"));
    }
  }

  @Test
  void aHostileCopyIsNeverExpandedOnlyDropped() {
    // Nested YAML aliases (kubectl never writes YAML here): read as YAML, 15 levels of 3 expand to
    // 3^15 nodes; read as JSON-only, the text is not an object and goes whole.
    StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x]\n");
    for (int i = 1; i < 15; i++) {
      bomb.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1);
      bomb.append(", *a").append(i - 1).append(", *a").append(i - 1).append("]\n");
    }
    String deep = "{\"data\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
    for (String hostile : List.of(bomb.toString(), "{a: &x [*x]}", deep)) {
      Map<String, String> annotations = Map.of(LastApplied.ANNOTATION, hostile, "team", "a");
      long start = System.nanoTime();
      assertThat(LastApplied.scrubbed(annotations)).isEqualTo(Map.of("team", "a"));
      assertThat(System.nanoTime() - start).as("nanoseconds").isLessThan(2_000_000_000L);
    }
  }

  @Test
  void withoutValuesOrWithoutTheAnnotationNothingChanges() {
    Map<String, String> clean = Map.of(LastApplied.ANNOTATION, "{\"kind\":\"Secret\"}");
    assertThat(LastApplied.scrubbed(clean)).isSameAs(clean);
    Map<String, String> none = Map.of("team", "a");
    assertThat(LastApplied.scrubbed(none)).isSameAs(none);
    Secret plain = secret(Map.of());
    assertThat(LastApplied.holdsValues(plain)).isFalse();
    assertThat(LastApplied.scrub(plain)).isSameAs(plain);
    Secret noMetadata = new Secret();
    assertThat(LastApplied.holdsValues(noMetadata)).isFalse();
  }

  @Test
  void checkReportsTheCopyAndDoesNotEchoIt() {
    var report =
        LiveCheck.judge(
            Profile.FAIRWINDS_INSIGHTS, secret(Map.of(LastApplied.ANNOTATION, APPLIED)), NOW);
    List<Finding> found =
        report.findings().stream()
            .filter(f -> f.code() == FindingCode.KEYS_IN_LAST_APPLIED)
            .toList();
    assertThat(found).hasSize(1);
    assertThat(found.get(0).isError()).isTrue();
    assertThat(found.get(0).message()).contains(LastApplied.ANNOTATION).doesNotContain("c2VjcmV0");

    create2WithoutCopyHasNoFinding();
  }

  private void create2WithoutCopyHasNoFinding() {
    assertThat(
            LiveCheck.clusterFindings(Profile.FAIRWINDS_INSIGHTS, secret(Map.of("team", "a")), NOW)
                .stream()
                .map(Finding::code))
        .doesNotContain(FindingCode.KEYS_IN_LAST_APPLIED);
  }

  @Test
  void rotateRemovesTheCopy() throws Exception {
    create(Map.of(LastApplied.ANNOTATION, APPLIED));
    new Rotate(
            KubeCluster.of(client, "mock"),
            Profile.FAIRWINDS_INSIGHTS,
            dev.sessionkeys.core.KeyGenerator.secure())
        .rotate(
            new Rotate.Request(
                REF,
                new Rotation.Request(Set.of("cookie"), Duration.ofHours(24), false, false),
                false,
                Set.of(),
                false,
                List.of(),
                false),
            NOW);
    assertThat(liveAnnotations().get(LastApplied.ANNOTATION)).doesNotContain("\"data\"");
    assertThat(liveAnnotations().get(LastApplied.ANNOTATION)).contains("\"kind\":\"Secret\"");
  }

  @Test
  void adoptRemovesTheCopy() {
    create(Map.of(LastApplied.ANNOTATION, APPLIED));
    Adopt adopt = new Adopt(KubeCluster.of(client, "mock"), Profile.FAIRWINDS_INSIGHTS);
    Adopt.Result plan = adopt.adopt(REF, dir, true, NOW, Adopt.PLAIN);
    assertThat(plan.secretUpdated()).isFalse();
    assertThat(plan.lastAppliedScrubbed()).isTrue();
    assertThat(liveAnnotations().get(LastApplied.ANNOTATION)).contains("\"data\"");

    Adopt.Result result = adopt.adopt(REF, dir, false, NOW, Adopt.PLAIN);
    assertThat(result.secretUpdated()).isTrue();
    assertThat(result.alreadyAdopted()).isFalse();
    assertThat(liveAnnotations().get(LastApplied.ANNOTATION)).doesNotContain("\"data\"");

    Adopt.Result again = adopt.adopt(REF, dir, false, NOW, Adopt.PLAIN);
    assertThat(again.lastAppliedScrubbed()).isFalse();
    assertThat(again.secretUpdated()).isFalse();
  }
}
