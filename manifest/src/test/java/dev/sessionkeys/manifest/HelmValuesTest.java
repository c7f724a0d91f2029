package dev.sessionkeys.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.validate.Finding;
import dev.sessionkeys.core.validate.FindingCode;
import dev.sessionkeys.core.validate.SecretDocument;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HelmValuesTest {

  private static HelmValues parse(String yaml) {
    return HelmValues.parse("values.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  private static SecretDocument secretNamed(String name) {
    return new SecretDocument(
        "secrets.yaml",
        1,
        "v1",
        "Secret",
        "Opaque",
        name,
        null,
        Map.of("K", new SecretDocument.Entry("dg==", 5)),
        Map.of(),
        Map.of(),
        Map.of());
  }

  private static List<FindingCode> check(String yaml, String secretName) {
    return HelmValuesCheck.check(
            parse(yaml), List.of(secretNamed(secretName)), Profile.FAIRWINDS_INSIGHTS)
        .stream()
        .map(Finding::code)
        .toList();
  }

  @Test
  void readsTheTwoSettingsWithLinesAndIgnoresTheRest() {
    HelmValues values =
        parse(
            """
        image:
          tag: 1.2.3
        options:
          host: insights.example.com
          autogenerateKeys: false
          secretName: my-keys
        postgresql: {enabled: true}
        """);
    assertThat(values.autogenerateKeys()).isFalse();
    assertThat(values.autogenerateKeysLine()).isEqualTo(5);
    assertThat(values.secretName()).isEqualTo("my-keys");
    assertThat(values.secretNameLine()).isEqualTo(6);
    assertThat(values.agreesWith("my-keys")).isTrue();
    assertThat(values.agreesWith("fwinsights-secrets")).isFalse();
  }

  @Test
  void unsetSettingsAreNull() {
    HelmValues values = parse("image: {tag: x}\n");
    assertThat(values.autogenerateKeys()).isNull();
    assertThat(values.secretName()).isNull();
    assertThat(values.agreesWith("fwinsights-secrets")).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "false|false",
        "False|false",
        "no|false",
        "off|false",
        "true|true",
        "yes|true",
        "On|true",
        "'\"false\"'|true",
        "\"'false'\"|true",
        "'\"\"'|false"
      })
  void booleansMeanWhatHelmTemplatesMakeOfThem(String written, boolean meaning) {
    assertThat(parse("options:\n  autogenerateKeys: " + written + "\n").autogenerateKeys())
        .isEqualTo(meaning);
  }

  @Test
  void agreeingValuesHaveNoFindings() {
    assertThat(check("options: {autogenerateKeys: false, secretName: s}", "s")).isEmpty();
    // Without secretName the chart reads the default name.
    assertThat(check("options: {autogenerateKeys: false}", "fwinsights-secrets")).isEmpty();
  }

  @Test
  void autogenerateWhileAManagedSecretExistsIsAnError() {
    assertThat(check("options: {autogenerateKeys: true, secretName: s}", "s"))
        .containsExactly(FindingCode.AUTOGENERATE_ON);
    List<Finding> quoted =
        HelmValuesCheck.check(
            parse("options: {autogenerateKeys: \"false\", secretName: s}"),
            List.of(secretNamed("s")),
            Profile.FAIRWINDS_INSIGHTS);
    assertThat(quoted)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.AUTOGENERATE_ON);
              assertThat(f.message()).contains("quoted string");
              assertThat(f.line()).isEqualTo(1);
            });
  }

  @Test
  void unsetAutogenerateIsAWarning() {
    assertThat(check("options: {secretName: s}", "s"))
        .containsExactly(FindingCode.AUTOGENERATE_UNSET);
  }

  @Test
  void aSecretNameThatMatchesNoSecretIsAnError() {
    assertThat(check("options: {autogenerateKeys: false, secretName: other}", "s"))
        .containsExactly(FindingCode.SECRET_NAME_MISMATCH);
    assertThat(check("options: {autogenerateKeys: false}", "s"))
        .containsExactly(FindingCode.SECRET_NAME_MISMATCH);
  }

  @Test
  void aValuesFileThatIsNotAMappingIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("- a\n- b\n"))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("values.yaml:1:");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("options: [1, 2]\n"))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("values.yaml:1: 'options' must be a mapping");
  }
}
