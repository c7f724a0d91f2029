package dev.sessionkeys.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.SecretValue;
import dev.sessionkeys.core.rotation.RotationState;
import dev.sessionkeys.core.validate.SecretValidator;
import dev.sessionkeys.core.validate.ValidationReport;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretMappingTest {

  private final KeySet keys = KeyGenerator.secure().generate(Profile.FAIRWINDS_INSIGHTS);

  @Test
  void aGeneratedSecretValidatesCleanlyThroughTheDocumentMapping() {
    Secret secret = SecretMapping.newSecret("ns", "fwinsights-secrets", keys, Map.of(), Map.of());
    ValidationReport report =
        SecretValidator.validate(Profile.FAIRWINDS_INSIGHTS, SecretMapping.toDocument(secret));
    assertThat(report.hasErrors()).as(report.findings().toString()).isFalse();
    assertThat(report.values()).isEqualTo(keys);
    assertThat(report.document().source()).isEqualTo("ns/fwinsights-secrets");
  }

  @Test
  void stateRoundTripKeepsBinaryValuesOfOtherAppsByteForByte() {
    byte[] binary = {(byte) 0xff, (byte) 0xfe, 0, 1};
    String binaryText = Base64.getEncoder().encodeToString(binary);
    Secret live =
        new SecretBuilder(SecretMapping.newSecret("ns", "s", keys, Map.of(), Map.of()))
            .addToData("OTHER_APP_CERT", binaryText)
            .editMetadata()
            .withResourceVersion("42")
            .addToAnnotations("team", "a")
            .endMetadata()
            .build();
    RotationState state = SecretMapping.toRotationState(live);
    Map<String, SecretValue> values = new LinkedHashMap<>(state.values());
    values.put("COOKIE_HASH_KEY_PREVIOUS", values.get("COOKIE_HASH_KEY"));
    values.put("COOKIE_HASH_KEY", SecretValue.of("x".repeat(64)));
    Map<String, String> annotations = new LinkedHashMap<>(state.annotations());
    annotations.put("sessionkeys.dev/rotated-at.cookie", "2026-01-01T00:00:00Z");

    Secret written = SecretMapping.withState(live, new RotationState(values, annotations));

    assertThat(written.getData().get("OTHER_APP_CERT")).isEqualTo(binaryText);
    assertThat(written.getData().get("COOKIE_HASH_KEY_PREVIOUS"))
        .isEqualTo(live.getData().get("COOKIE_HASH_KEY"));
    assertThat(SecretMapping.decode(written.getData().get("COOKIE_HASH_KEY")))
        .isEqualTo("x".repeat(64));
    assertThat(written.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(written.getMetadata().getAnnotations())
        .containsEntry("team", "a")
        .containsEntry("sessionkeys.dev/rotated-at.cookie", "2026-01-01T00:00:00Z");
  }

  @Test
  void droppedRotationAnnotationsAndKeysDisappear() {
    Secret live =
        new SecretBuilder(
                SecretMapping.newSecret(
                    "ns",
                    "s",
                    keys,
                    Map.of(),
                    Map.of(
                        "sessionkeys.dev/grace-until.cookie",
                        "2026-01-01T00:00:00Z",
                        "other",
                        "kept")))
            .addToData(
                "COOKIE_HASH_KEY_PREVIOUS", SecretMapping.encode(SecretValue.of("y".repeat(64))))
            .build();
    RotationState state = SecretMapping.toRotationState(live);
    Map<String, SecretValue> values = new LinkedHashMap<>(state.values());
    values.remove("COOKIE_HASH_KEY_PREVIOUS");

    Secret written = SecretMapping.withState(live, new RotationState(values, Map.of()));

    assertThat(written.getData()).doesNotContainKey("COOKIE_HASH_KEY_PREVIOUS").hasSize(5);
    assertThat(written.getMetadata().getAnnotations()).containsOnlyKeys("other");
  }

  @Test
  void stringDataWinsOverDataAndIsFoldedIntoDataOnWrite() {
    Secret live =
        new SecretBuilder(SecretMapping.newSecret("ns", "s", keys, Map.of(), Map.of()))
            .addToStringData("COOKIE_BLOCK_KEY", "z".repeat(32))
            .build();
    RotationState state = SecretMapping.toRotationState(live);
    assertThat(state.values().get("COOKIE_BLOCK_KEY").reveal()).isEqualTo("z".repeat(32));
    Secret written = SecretMapping.withState(live, state);
    assertThat(written.getStringData()).isNullOrEmpty();
    assertThat(SecretMapping.decode(written.getData().get("COOKIE_BLOCK_KEY")))
        .isEqualTo("z".repeat(32));
  }
}
