package dev.sessionkeys.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkeys.core.validate.SecretDocument;
import dev.sessionkeys.core.validate.SecretValidator;
import dev.sessionkeys.core.validate.ValidationReport;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

/** No object that holds a key value shows it in toString(). */
class RedactionTest {

  @Property(tries = 200)
  void secretValueShowsOnlyItsFingerprint(
      @ForAll @AlphaChars @NumericChars @StringLength(min = 4, max = 100) String value) {
    SecretValue secret = SecretValue.of(value);
    assertThat(secret.toString())
        .doesNotContain(value)
        .isEqualTo("SecretValue[sha256:" + secret.fingerprint() + "]");
    assertThat(secret.reveal()).isEqualTo(value);
  }

  @Property(tries = 50)
  void everyObjectAlongTheCheckPathIsRedacted(@ForAll long seed) {
    KeySet keys =
        KeyGenerator.using(new java.util.SplittableRandom(seed)::nextBytes)
            .generate(Profile.FAIRWINDS_INSIGHTS);
    Map<String, SecretDocument.Entry> data = new LinkedHashMap<>();
    Map<String, SecretDocument.Entry> stringData = new LinkedHashMap<>();
    int line = 1;
    for (Map.Entry<String, SecretValue> entry : keys.values().entrySet()) {
      String encoded = Base64.getEncoder().encodeToString(entry.getValue().revealBytes());
      if (line % 2 == 0) {
        stringData.put(entry.getKey(), new SecretDocument.Entry(entry.getValue().reveal(), line++));
      } else {
        data.put(entry.getKey(), new SecretDocument.Entry(encoded, line++));
      }
    }
    SecretDocument document =
        new SecretDocument(
            "f.yaml", 1, "v1", "Secret", "Opaque", "n", "ns", data, stringData, Map.of(), Map.of());
    ValidationReport report = SecretValidator.validate(Profile.FAIRWINDS_INSIGHTS, document);
    String shown =
        keys.toString()
            + document
            + report
            + report.values()
            + data
            + stringData
            + report.findings();
    for (SecretValue value : keys.values().values()) {
      assertThat(shown)
          .doesNotContain(value.reveal())
          .doesNotContain(
              Base64.getEncoder().encodeToString(value.reveal().getBytes(StandardCharsets.UTF_8)))
          .contains(value.fingerprint());
    }
  }

  @Property(tries = 100)
  void fingerprintsAreSixteenHexCharactersOfSha256(@ForAll String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    assertThat(Fingerprint.of(value))
        .matches("[0-9a-f]{16}")
        .isEqualTo(Fingerprint.sha256Hex(bytes).substring(0, 16));
    assertThat(Fingerprint.shown(bytes)).isEqualTo("sha256:" + Fingerprint.of(value));
  }
}
