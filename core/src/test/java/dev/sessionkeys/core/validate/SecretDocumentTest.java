package dev.sessionkeys.core.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretDocumentTest {

  private static SecretDocument doc(
      Map<String, SecretDocument.Entry> data, Map<String, SecretDocument.Entry> stringData) {
    return new SecretDocument(
        "s.yaml", 1, "v1", "Secret", null, "n", "ns", data, stringData, null, null);
  }

  @Test
  void dataIsDecodedAndStringDataWins() {
    Map<String, SecretDocument.Entry> data = new LinkedHashMap<>();
    data.put("A", new SecretDocument.Entry("YWJj", 3)); // abc
    data.put("B", new SecretDocument.Entry("ZGVm\r\nZ2hp", 4)); // defghi, CR/LF skipped
    data.put("C", new SecretDocument.Entry("/w==", 5)); // one byte 0xff, kept as is
    Map<String, SecretDocument.Entry> stringData =
        Map.of("A", new SecretDocument.Entry("plain", 7));
    Map<String, String> values = doc(data, stringData).effectiveValues();
    assertThat(values)
        .containsExactly(
            Map.entry("A", "plain"), Map.entry("B", "defghi"), Map.entry("C", "\u00ff"));
  }

  @Test
  void anEmptyOrNullDataValueIsEmpty() {
    assertThat(doc(Map.of("A", new SecretDocument.Entry(null, 0)), null).effectiveValues())
        .containsExactly(Map.entry("A", ""));
  }

  @Test
  void badBase64NamesFileLineAndKeyButNotTheValue() {
    assertThatThrownBy(
            () ->
                doc(Map.of("KEY", new SecretDocument.Entry("c2VjcmV", 9)), null).effectiveValues())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "s.yaml:9: data.KEY is not valid base64; encode the value, or put it under stringData")
        .hasMessageNotContaining("c2VjcmV");
    assertThatThrownBy(
            () -> doc(Map.of("KEY", new SecretDocument.Entry("!!!!", 0)), null).effectiveValues())
        .hasMessageStartingWith("s.yaml: data.KEY is not valid base64");
  }

  @Test
  void effectiveValuesAreReadOnly() {
    Map<String, String> values =
        doc(Map.of("A", new SecretDocument.Entry("YWJj", 1)), null).effectiveValues();
    assertThatThrownBy(() -> values.put("B", "x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
