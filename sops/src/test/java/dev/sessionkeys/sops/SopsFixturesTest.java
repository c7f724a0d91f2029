package dev.sessionkeys.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Files written by the real sops, and the spec-checked positive/negative files, against the verdict
 * of real sops.
 */
class SopsFixturesTest {

  /**
   * The expected plaintext (JSON, keys sorted) as plain Java values; JSON is YAML, so snakeyaml
   * reads it.
   */
  @SuppressWarnings("unchecked")
  private static Object expected(String path) {
    return normalize(new Load(LoadSettings.builder().build()).loadFromString(Fixtures.text(path)));
  }

  /** Sorted maps, longs and doubles, so both sides compare by value. */
  private static Object normalize(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new TreeMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
      return out;
    } else if (value instanceof List<?> list) {
      return list.stream().map(SopsFixturesTest::normalize).toList();
    } else if (value instanceof Integer i) {
      return i.longValue();
    } else if (value instanceof java.math.BigInteger b) {
      return b.doubleValue();
    } else if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
      return d; // kept as double: JSON has no int/float split that matters here
    }
    return value;
  }

  private static Object actual(SopsDocument document) {
    return normalizeNumbers(normalize(SopsNode.toJava(document.tree())));
  }

  /** JSON cannot say 1234568000 is a float; compare numbers as doubles. */
  private static Object normalizeNumbers(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new TreeMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), normalizeNumbers(v)));
      return out;
    } else if (value instanceof List<?> list) {
      return list.stream().map(SopsFixturesTest::normalizeNumbers).toList();
    } else if (value instanceof Number n) {
      return n.doubleValue();
    }
    return value;
  }

  private static SopsDocument decryptGenerated(String name) {
    return Sops.decrypt(
        Fixtures.text("sops-fixtures/generated/" + name), name, Fixtures::generatedKeys);
  }

  @Test
  void decryptsTheRealSopsYamlExample() {
    SopsDocument document =
        Sops.decrypt(
            Fixtures.text("sops-fixtures/example.age.enc.yaml"),
            "example.age.enc.yaml",
            Fixtures::exampleKeys);
    assertThat(actual(document))
        .isEqualTo(normalizeNumbers(expected("sops-fixtures/example.age.yaml.expected.json")));
    assertThat(document.rule()).isEqualTo(EncryptionRule.defaults());
    assertThat(document.version()).isEqualTo("3.7.1");
  }

  @Test
  void decryptsTheEncryptedCommentsOfTheRealSopsExample() {
    SopsDocument document =
        Sops.decrypt(
            Fixtures.text("sops-fixtures/example.age.enc.yaml"),
            "example.age.enc.yaml",
            Fixtures::exampleKeys);
    // Comment AAD = the enclosing mapping's path: app2:db: for the first, this:is:a:nested: for the
    // others.
    assertThat(document.toText())
        .doesNotContain("ENC[")
        .contains(
            "        password: c4r1b0u\n        # private key for secret operations in app2\n")
        .contains(
            "                value: with something secret in it\n"
                + "                # sops supports unencrypted fields\n"
                + "                # by adding the `_unencrypted` suffix\n"
                + "                # to any key\n");
  }

  @Test
  void decryptsTheRealSopsJsonExample() {
    SopsDocument document =
        Sops.decrypt(
            Fixtures.text("sops-fixtures/example.age.enc.json"),
            "example.age.enc.json",
            Fixtures::exampleKeys);
    assertThat(document.format()).isEqualTo(SopsFormat.JSON);
    assertThat(actual(document))
        .isEqualTo(normalizeNumbers(expected("sops-fixtures/example.age.json.expected.json")));
    assertThat(Trees.stringAt(document, "anEmptyValue")).contains("");
    assertThat(document.tree().get("age")).contains(new SopsNode.Scalar(25.4));
  }

  @Test
  void theJsonExampleRejectsAnEditedValue() {
    String tampered =
        Fixtures.text("sops-fixtures/example.age.enc.json")
            .replace("\"anEmptyValue\": \"\"", "\"anEmptyValue\": \"x\"");
    assertThatThrownBy(() -> Sops.decrypt(tampered, "example.age.enc.json", Fixtures::exampleKeys))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> assertThat(e.reason()).isEqualTo(SopsException.Reason.TAMPERED_VALUE));
  }

  @ParameterizedTest
  @CsvSource({
    "k8s-secret.encrypted_regex.enc.yaml, k8s-secret.encrypted_regex.expected.json",
    "k8s-secret.mac_only_encrypted.enc.yaml, k8s-secret.mac_only_encrypted.expected.json",
    "rich.default_rules.enc.yaml, rich.default_rules.expected.json",
    "plain-scalar-typing.enc.yaml, plain-scalar-typing.expected.json",
  })
  void acceptsThePositiveGeneratedFiles(String file, String expectedJson) {
    SopsDocument document = decryptGenerated(file);
    assertThat(actual(document))
        .isEqualTo(normalizeNumbers(expected("sops-fixtures/generated/" + expectedJson)));
  }

  @ParameterizedTest
  @CsvSource({
    "neg.list_index_aad.enc.yaml, TAMPERED_VALUE, the value at lst[0] does not decrypt",
    "neg.bool_lowercase_in_mac.enc.yaml, TAMPERED_MAC, MAC mismatch",
    "neg.mac_hex_lowercase.enc.yaml, TAMPERED_MAC, MAC mismatch",
    "neg.lastmod_fraction.enc.yaml, TAMPERED_MAC, sops.mac does not decrypt",
    "neg.armor76.enc.yaml, CORRUPT_AGE_FILE, armor",
    "neg.tampered_unencrypted_value.enc.yaml, TAMPERED_MAC, MAC mismatch",
    "neg.unquoted_date.enc.yaml, INVALID_INPUT, unquoted date",
    "cli-reject.no_version.enc.yaml, UNSUPPORTED_VERSION, sops.version '' is not a version",
  })
  void rejectsTheNegativeGeneratedFilesWithAClearReason(
      String file, SopsException.Reason reason, String message) {
    assertThatThrownBy(() -> decryptGenerated(file))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.getMessage()).startsWith(file).contains(message);
            });
  }
}
