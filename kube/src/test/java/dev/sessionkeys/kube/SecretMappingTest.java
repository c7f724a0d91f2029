package dev.sessionkeys.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.SecretValue;
import dev.sessionkeys.core.rotation.RotationState;
import dev.sessionkeys.core.validate.SecretDocument;
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

  @Test
  void describeNamesNamespaceAndNameOrSaysItIsUnnamed() {
    assertThat(SecretMapping.describe(new Secret())).isEqualTo("<unnamed Secret>");
    assertThat(
            SecretMapping.describe(
                new SecretBuilder().withNewMetadata().withName("s").endMetadata().build()))
        .isEqualTo("s");
    assertThat(
            SecretMapping.describe(
                new SecretBuilder()
                    .withNewMetadata()
                    .withNamespace("ns")
                    .withName("s")
                    .endMetadata()
                    .build()))
        .isEqualTo("ns/s");
  }

  @Test
  void documentDefaultsApiVersionAndKindAndKeepsWhatTheObjectSays() {
    Secret nothing = new Secret();
    nothing.setApiVersion(null);
    nothing.setKind(null);
    nothing.setData(null);
    nothing.setStringData(null);
    SecretDocument bare = SecretMapping.toDocument(nothing);
    assertThat(bare.source()).isEqualTo("<unnamed Secret>");
    assertThat(bare.line()).isZero();
    assertThat(bare.apiVersion()).isEqualTo("v1");
    assertThat(bare.kind()).isEqualTo("Secret");
    assertThat(bare.type()).isNull();
    assertThat(bare.name()).isNull();
    assertThat(bare.namespace()).isNull();
    assertThat(bare.data()).isEmpty();
    assertThat(bare.stringData()).isEmpty();
    assertThat(bare.labels()).isNullOrEmpty();
    assertThat(bare.annotations()).isNullOrEmpty();

    Secret odd =
        new SecretBuilder()
            .withApiVersion("v2")
            .withKind("ConfigMap")
            .withType("kubernetes.io/tls")
            .withNewMetadata()
            .withNamespace("ns")
            .withName("s")
            .addToLabels("l", "1")
            .addToAnnotations("a", "2")
            .endMetadata()
            .addToData("K", "dmFsdWU=")
            .addToStringData("T", "text")
            .build();
    SecretDocument document = SecretMapping.toDocument(odd);
    assertThat(document.source()).isEqualTo("ns/s");
    assertThat(document.apiVersion()).isEqualTo("v2");
    assertThat(document.kind()).isEqualTo("ConfigMap");
    assertThat(document.type()).isEqualTo("kubernetes.io/tls");
    assertThat(document.name()).isEqualTo("s");
    assertThat(document.namespace()).isEqualTo("ns");
    assertThat(document.data())
        .containsExactly(Map.entry("K", new SecretDocument.Entry("dmFsdWU=", 0)));
    assertThat(document.stringData())
        .containsExactly(Map.entry("T", new SecretDocument.Entry("text", 0)));
    assertThat(document.labels()).containsExactly(Map.entry("l", "1"));
    assertThat(document.annotations()).containsExactly(Map.entry("a", "2"));
  }

  @Test
  void nullArgumentsAreRefusedByName() {
    assertThatThrownBy(() -> SecretMapping.toDocument(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("secret");
    assertThatThrownBy(() -> SecretMapping.toRotationState(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("secret");
    RotationState empty = new RotationState(Map.of(), Map.of());
    assertThatThrownBy(() -> SecretMapping.withState(null, empty))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("live");
    assertThatThrownBy(() -> SecretMapping.withState(new Secret(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("state");
  }

  @Test
  void aSecretWithNothingHasAnEmptyStateAndAnEmptyKeySet() {
    Secret nothing = new Secret();
    nothing.setData(null);
    nothing.setStringData(null);
    RotationState state = SecretMapping.toRotationState(nothing);
    assertThat(state.values()).isEmpty();
    assertThat(state.annotations()).isEmpty();
    Secret noAnnotations =
        new SecretBuilder().withNewMetadata().withName("s").endMetadata().build();
    noAnnotations.getMetadata().setAnnotations(null);
    assertThat(SecretMapping.toRotationState(noAnnotations).annotations()).isEmpty();
    assertThat(SecretMapping.toKeySet(new Secret()).values()).isEmpty();
  }

  @Test
  void stateReadsDataThenStringDataInOrderWithAnEmptyStringForANullStringDataValue() {
    Map<String, String> stringData = new LinkedHashMap<>();
    stringData.put("B", "plain");
    stringData.put("N", null);
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName("s")
            .addToAnnotations("sessionkeys.dev/rotated-at.cookie", "2026-01-01T00:00:00Z")
            .endMetadata()
            .addToData("A", "YWJj")
            .addToData("B", "eHl6")
            .withStringData(stringData)
            .build();
    RotationState state = SecretMapping.toRotationState(secret);
    assertThat(state.values().keySet()).containsExactly("A", "B", "N");
    assertThat(state.values().get("A").reveal()).isEqualTo("abc");
    assertThat(state.values().get("B").reveal()).isEqualTo("plain");
    assertThat(state.values().get("N").reveal()).isEmpty();
    assertThat(state.annotations())
        .containsExactly(Map.entry("sessionkeys.dev/rotated-at.cookie", "2026-01-01T00:00:00Z"));
    assertThat(SecretMapping.toKeySet(secret).values().keySet()).containsExactly("A", "B", "N");
  }

  @Test
  void decodeIsLenientAboutLineBreaksAndYieldsEmptyForNullOrBrokenBase64() {
    assertThat(SecretMapping.decode(null)).isEmpty();
    assertThat(SecretMapping.decode("")).isEmpty();
    assertThat(SecretMapping.decode("YWJj\r\nZGVm")).isEqualTo("abcdef");
    assertThat(SecretMapping.decode("YWJjZGVm\n")).isEqualTo("abcdef");
    assertThat(SecretMapping.decode("not base64!")).isEmpty();
    assertThat(SecretMapping.decode("w6k=")).isEqualTo("\u00e9");
    assertThat(SecretMapping.encode(SecretValue.of("\u00e9"))).isEqualTo("w6k=");
    assertThat(SecretMapping.encode(SecretValue.of(""))).isEmpty();
  }

  @Test
  void anUnchangedValueKeepsItsLiveBase64TextEvenWithLineBreaks() {
    // Same value, written by a tool that wraps base64: the text stays as it is, byte for byte.
    Secret live =
        new SecretBuilder()
            .withNewMetadata()
            .withName("s")
            .endMetadata()
            .addToData("K", "YWJj\nZGVm")
            .build();
    live.setStringData(null);
    Secret written =
        SecretMapping.withState(
            live, new RotationState(Map.of("K", SecretValue.of("abcdef")), Map.of()));
    assertThat(written.getData()).containsExactly(Map.entry("K", "YWJj\nZGVm"));
  }

  @Test
  void aValueAlsoInStringDataIsWrittenFromTheStateNotFromTheStaleData() {
    // data holds "abc", stringData overrides it with "abc" too: the write must not keep data's
    // text on the strength of an equal value, because stringData is what the state was read from.
    Secret live =
        new SecretBuilder()
            .withNewMetadata()
            .withName("s")
            .endMetadata()
            .addToData("K", "YW\nJj")
            .addToStringData("K", "abc")
            .build();
    Secret written =
        SecretMapping.withState(
            live, new RotationState(Map.of("K", SecretValue.of("abc")), Map.of()));
    assertThat(written.getData()).containsExactly(Map.entry("K", "YWJj"));
    assertThat(written.getStringData()).isNullOrEmpty();
  }

  @Test
  void aNewKeyOnASecretWithoutDataOrMetadataIsEncodedAndOnlyRotationAnnotationsAreTaken() {
    Secret bare = new Secret();
    bare.setData(null);
    bare.setStringData(null);
    Secret written =
        SecretMapping.withState(
            bare,
            new RotationState(
                Map.of("K", SecretValue.of("abc")),
                Map.of(
                    "sessionkeys.dev/grace-until.cookie",
                    "2026-01-02T00:00:00Z",
                    "team",
                    "not from the state")));
    assertThat(written.getData()).containsExactly(Map.entry("K", "YWJj"));
    assertThat(written.getMetadata().getAnnotations())
        .containsExactly(Map.entry("sessionkeys.dev/grace-until.cookie", "2026-01-02T00:00:00Z"));
  }

  @Test
  void liveRotationAnnotationsAreReplacedByTheStatesAndOthersKept() {
    Secret live =
        new SecretBuilder()
            .withNewMetadata()
            .withName("s")
            .withResourceVersion("7")
            .addToLabels("app", "insights")
            .addToAnnotations("sessionkeys.dev/rotated-at.cookie", "2026-01-01T00:00:00Z")
            .addToAnnotations("sessionkeys.dev/grace-until.cookie", "2026-01-02T00:00:00Z")
            .addToAnnotations("meta.helm.sh/release-name", "insights")
            .endMetadata()
            .addToData("K", "YWJj")
            .build();
    Secret written =
        SecretMapping.withState(
            live,
            new RotationState(
                Map.of("K", SecretValue.of("abc")),
                Map.of("sessionkeys.dev/rotated-at.cookie", "2026-02-01T00:00:00Z")));
    assertThat(written.getMetadata().getAnnotations())
        .containsOnly(
            Map.entry("meta.helm.sh/release-name", "insights"),
            Map.entry("sessionkeys.dev/rotated-at.cookie", "2026-02-01T00:00:00Z"));
    assertThat(written.getMetadata().getLabels()).containsExactly(Map.entry("app", "insights"));
    assertThat(written.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(written.getMetadata().getName()).isEqualTo("s");
    // The live object is not changed by building the copy.
    assertThat(live.getMetadata().getAnnotations()).hasSize(3);
  }

  @Test
  void aNewSecretIsOpaqueWithLabelsAndAnnotationsOnlyWhenGiven() {
    KeySet two = KeySet.of(Map.of("A", SecretValue.of("abc")));
    Secret bare = SecretMapping.newSecret("ns", "s", two, Map.of(), Map.of());
    assertThat(bare.getType()).isEqualTo("Opaque");
    assertThat(bare.getMetadata().getNamespace()).isEqualTo("ns");
    assertThat(bare.getMetadata().getName()).isEqualTo("s");
    assertThat(bare.getMetadata().getLabels()).isNullOrEmpty();
    assertThat(bare.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(bare.getData()).containsExactly(Map.entry("A", "YWJj"));
    assertThat(bare.getStringData()).isNullOrEmpty();

    Map<String, String> labels = new LinkedHashMap<>(Map.of("l", "1"));
    Map<String, String> annotations = new LinkedHashMap<>(Map.of("a", "2"));
    Secret marked = SecretMapping.newSecret("ns", "s", two, labels, annotations);
    labels.put("later", "x");
    annotations.put("later", "x");
    assertThat(marked.getMetadata().getLabels()).containsExactly(Map.entry("l", "1"));
    assertThat(marked.getMetadata().getAnnotations()).containsExactly(Map.entry("a", "2"));
  }
}
