package dev.sessionkeys.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.SecretValue;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretValidatorTest {

  /**
   * The codes this class has seen the validator emit; checked against every file-level code at the
   * end.
   */
  private static final Set<FindingCode> SEEN = EnumSet.noneOf(FindingCode.class);

  /** The five example values printed on the documentation page (public, hence compromised). */
  static final Map<String, String> PUBLISHED = published();

  private static final Profile PROFILE = Profile.FAIRWINDS_INSIGHTS;

  private final SplittableRandom random = new SplittableRandom(20261126L);

  private KeySet fresh() {
    return KeyGenerator.using(random::nextBytes).generate(PROFILE);
  }

  private static Map<String, String> published() {
    Map<String, String> base64 = new LinkedHashMap<>();
    base64.put(
        "COOKIE_HASH_KEY",
        "TjZCbzAzMVJ0U1lXS2RPaE9sU0ZERDJJdXpTNFhLeG91VWFYdU9DcU9kTkpmenlFNWFsT29sajZ3VGpNbjNSSA==");
    base64.put("COOKIE_BLOCK_KEY", "RDFNVVhWVzM4QllJd0Z5NXNIT1kxV1RrVWNweWRnbmM=");
    base64.put(
        "SESSION_AUTH_KEY",
        "NTczV0o0NGFBeGtXVzduZjZHV25FdFZMb0s5TE5SSWU3bG00YkNtaE93bHZUVW1VSXZUYW9ya2UzdHE2eFZXSA==");
    base64.put("SESSION_ENCRYPTION_KEY", "ME1LeFRPdTYwOVU0YlVvUGVEUUdQYjZnbTlyZUh4b2I=");
    base64.put("AES_BASE64_CYPHER_KEY", "ejdGNDVRYWdYRUh5TVc2UEZEbktFTEZ3NUxSQ2JQNFo=");
    Map<String, String> plain = new LinkedHashMap<>();
    base64.forEach(
        (k, v) -> plain.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    return plain;
  }

  /** A Secret document with {@code data} holding the base64 of each value, lines 8, 9, ... */
  static SecretDocument secret(Map<String, String> plainValues) {
    return secretWithData(encode(plainValues), Map.of());
  }

  static Map<String, String> encode(Map<String, String> plainValues) {
    Map<String, String> encoded = new LinkedHashMap<>();
    plainValues.forEach(
        (k, v) ->
            encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return encoded;
  }

  static SecretDocument secretWithData(Map<String, String> data, Map<String, String> stringData) {
    return document("v1", "Secret", "Opaque", data, stringData);
  }

  static SecretDocument document(
      String apiVersion,
      String kind,
      String type,
      Map<String, String> data,
      Map<String, String> stringData) {
    int[] line = {8};
    Map<String, SecretDocument.Entry> dataEntries = new LinkedHashMap<>();
    data.forEach((k, v) -> dataEntries.put(k, new SecretDocument.Entry(v, line[0]++)));
    Map<String, SecretDocument.Entry> stringEntries = new LinkedHashMap<>();
    stringData.forEach((k, v) -> stringEntries.put(k, new SecretDocument.Entry(v, line[0]++)));
    return new SecretDocument(
        "secrets.yaml",
        1,
        apiVersion,
        kind,
        type,
        "fwinsights-secrets",
        "fairwinds-insights",
        dataEntries,
        stringEntries,
        Map.of(),
        Map.of());
  }

  private static Map<String, String> plain(KeySet keys) {
    Map<String, String> values = new LinkedHashMap<>();
    keys.values().forEach((k, v) -> values.put(k, v.reveal()));
    return values;
  }

  private static ValidationReport validate(SecretDocument document) {
    ValidationReport report = SecretValidator.validate(PROFILE, document);
    report.findings().forEach(f -> SEEN.add(f.code()));
    return report;
  }

  private static Set<FindingCode> codes(ValidationReport report) {
    return report.findings().stream().map(Finding::code).collect(Collectors.toSet());
  }

  private static Finding only(ValidationReport report, FindingCode code) {
    List<Finding> found = report.findings().stream().filter(f -> f.code() == code).toList();
    assertThat(found).as("findings %s", report.findings()).hasSize(1);
    return found.get(0);
  }

  @Test
  void freshlyGeneratedSecretHasNoFindings() {
    KeySet keys = fresh();
    ValidationReport report = validate(secret(plain(keys)));
    assertThat(report.findings()).isEmpty();
    assertThat(report.hasErrors()).isFalse();
    assertThat(report.values()).isEqualTo(keys);
  }

  @Test
  void missingKeyIsAnErrorNamingTheKeyAndItsLength() {
    Map<String, String> values = plain(fresh());
    values.remove("SESSION_AUTH_KEY");
    Finding finding = only(validate(secret(values)), FindingCode.MISSING_KEY);
    assertThat(finding.severity()).isEqualTo(Severity.ERROR);
    assertThat(finding.key()).isEqualTo("SESSION_AUTH_KEY");
    assertThat(finding.message()).contains("64 characters");
  }

  @Test
  void wrongLengthIsMeasuredAfterBase64Decoding() {
    Map<String, String> values = plain(fresh());
    values.put("COOKIE_BLOCK_KEY", values.get("COOKIE_BLOCK_KEY").substring(0, 31));
    Finding finding = only(validate(secret(values)), FindingCode.WRONG_LENGTH);
    assertThat(finding.key()).isEqualTo("COOKIE_BLOCK_KEY");
    assertThat(finding.message()).contains("31").contains("32");
    assertThat(finding.line()).isEqualTo(9);
  }

  @Test
  void charactersOutsideTheAlphabetAreReported() {
    Map<String, String> values = plain(fresh());
    String value = values.get("AES_BASE64_CYPHER_KEY");
    values.put("AES_BASE64_CYPHER_KEY", value.substring(0, 30) + "+/");
    Finding finding = only(validate(secret(values)), FindingCode.BAD_CHARACTERS);
    assertThat(finding.message()).contains("2 characters outside the alphanumeric alphabet");
  }

  @Test
  void invalidBase64UnderDataIsReported() {
    Map<String, String> data = encode(plain(fresh()));
    data.put("COOKIE_HASH_KEY", "not base64 at all!!");
    Finding finding = only(validate(secretWithData(data, Map.of())), FindingCode.INVALID_BASE64);
    assertThat(finding.key()).isEqualTo("COOKIE_HASH_KEY");
    assertThat(finding.severity()).isEqualTo(Severity.ERROR);
  }

  @Test
  void base64WithoutPaddingIsInvalidAsTheApiServerSeesIt() {
    Map<String, String> data = encode(plain(fresh()));
    String padded = data.get("COOKIE_BLOCK_KEY"); // 32 characters encode to 44 with one '='
    assertThat(padded).endsWith("=");
    data.put("COOKIE_BLOCK_KEY", padded.replace("=", ""));
    Finding finding = only(validate(secretWithData(data, Map.of())), FindingCode.INVALID_BASE64);
    assertThat(finding.key()).isEqualTo("COOKIE_BLOCK_KEY");
  }

  @Test
  void plainKeyPastedUnderDataIsRecognised() {
    Map<String, String> plainValues = plain(fresh());
    Map<String, String> data = encode(plainValues);
    data.put("COOKIE_BLOCK_KEY", plainValues.get("COOKIE_BLOCK_KEY"));
    Finding finding =
        only(validate(secretWithData(data, Map.of())), FindingCode.NOT_BASE64_ENCODED);
    assertThat(finding.fix()).contains("stringData");
  }

  @Test
  void valueEncodedWithEchoEndsWithANewline() {
    Map<String, String> values = plain(fresh());
    values.put("SESSION_ENCRYPTION_KEY", values.get("SESSION_ENCRYPTION_KEY") + "\n");
    Finding finding = only(validate(secret(values)), FindingCode.TRAILING_NEWLINE);
    assertThat(finding.fix()).contains("printf %s");
  }

  @Test
  void everyPublishedExampleValueIsCompromisedWhateverKeyHoldsIt() {
    ValidationReport report = validate(secret(PUBLISHED));
    assertThat(report.findings())
        .filteredOn(f -> f.code() == FindingCode.COMPROMISED)
        .extracting(Finding::key)
        .containsExactlyInAnyOrderElementsOf(PUBLISHED.keySet());
    // Under another key name too: the value is what is public.
    Map<String, String> values = plain(fresh());
    values.put("SESSION_ENCRYPTION_KEY", PUBLISHED.get("COOKIE_BLOCK_KEY"));
    assertThat(only(validate(secret(values)), FindingCode.COMPROMISED).key())
        .isEqualTo("SESSION_ENCRYPTION_KEY");
  }

  @Test
  void theSameValueUnderTwoKeysIsAnError() {
    Map<String, String> values = plain(fresh());
    values.put("SESSION_ENCRYPTION_KEY", values.get("COOKIE_BLOCK_KEY"));
    Finding finding = only(validate(secret(values)), FindingCode.DUPLICATE_VALUE);
    assertThat(finding.message()).contains("COOKIE_BLOCK_KEY").contains("SESSION_ENCRYPTION_KEY");
  }

  @Test
  void handMadeValuesAreLowEntropyWarnings() {
    for (String weak :
        List.of(
            "a".repeat(32), // one distinct character
            "12345678901234567890123456789012", // all digits (and a sequence)
            "abcdefghabcdefghabcdefghabcdefgh", // a sequence, repeated
            "passwordpasswordpasswordpassword", // all lower case, repeated block
            "PASSWORDXYZQWERTYUIOPASDFGHJKLZX", // all upper case
            "Xy7Q2zzzzzz9Lm4Np8Rt6Vw3Bk5Hj1Gf")) { // a run of six
      Map<String, String> values = plain(fresh());
      values.put("COOKIE_BLOCK_KEY", weak);
      Finding finding = only(validate(secret(values)), FindingCode.LOW_ENTROPY);
      assertThat(finding.severity()).as(weak).isEqualTo(Severity.WARNING);
      assertThat(finding.message()).doesNotContain(weak);
    }
  }

  @Test
  void unknownExtraKeysAreInfo() {
    Map<String, String> values = plain(fresh());
    values.put("POSTGRES_PASSWORD", "hunter2");
    Finding finding = only(validate(secret(values)), FindingCode.UNKNOWN_KEY);
    assertThat(finding.severity()).isEqualTo(Severity.INFO);
    assertThat(validate(secret(values)).hasErrors()).isFalse();
  }

  @Test
  void previousValuesDuringAGracePeriodAreInfoAndChecked() {
    Map<String, String> values = plain(fresh());
    values.put("COOKIE_HASH_KEY_PREVIOUS", plain(fresh()).get("COOKIE_HASH_KEY"));
    ValidationReport report = validate(secret(values));
    assertThat(only(report, FindingCode.PREVIOUS_KEY).severity()).isEqualTo(Severity.INFO);
    assertThat(report.hasErrors()).isFalse();
    values.put("COOKIE_HASH_KEY_PREVIOUS", "short");
    assertThat(codes(validate(secret(values)))).contains(FindingCode.WRONG_LENGTH);
  }

  @Test
  void stagedNextValuesAreInfoCheckedAndNotUnknown() {
    Map<String, String> values = plain(fresh());
    String staged = plain(fresh()).get("COOKIE_HASH_KEY");
    values.put("COOKIE_HASH_KEY_NEXT", staged);
    ValidationReport report = validate(secret(values));
    Finding next = only(report, FindingCode.NEXT_KEY);
    assertThat(next.severity()).isEqualTo(Severity.INFO);
    assertThat(next.key()).isEqualTo("COOKIE_HASH_KEY_NEXT");
    assertThat(next.message()).doesNotContain(staged).contains("sha256:");
    assertThat(codes(report)).doesNotContain(FindingCode.UNKNOWN_KEY);
    assertThat(report.hasErrors()).isFalse();
    // Checked like the primary: a staged value of the wrong length is an error.
    values.put("COOKIE_HASH_KEY_NEXT", "short");
    assertThat(codes(validate(secret(values)))).contains(FindingCode.WRONG_LENGTH);
    // A staged value that is also another key's value is a duplicate; its own primary's is not.
    values.put("COOKIE_HASH_KEY_NEXT", values.get("SESSION_AUTH_KEY"));
    assertThat(codes(validate(secret(values)))).contains(FindingCode.DUPLICATE_VALUE);
    values.put("COOKIE_HASH_KEY_NEXT", values.get("COOKIE_HASH_KEY"));
    assertThat(codes(validate(secret(values)))).doesNotContain(FindingCode.DUPLICATE_VALUE);
  }

  @Test
  void wrongKindApiVersionAndTypeAreReported() {
    Map<String, String> data = encode(plain(fresh()));
    ValidationReport report =
        validate(document("apps/v1", "ConfigMap", "kubernetes.io/tls", data, Map.of()));
    assertThat(codes(report))
        .containsExactlyInAnyOrder(
            FindingCode.WRONG_KIND, FindingCode.WRONG_API_VERSION, FindingCode.UNUSUAL_TYPE);
    assertThat(only(report, FindingCode.UNUSUAL_TYPE).severity()).isEqualTo(Severity.WARNING);
    ValidationReport missing = validate(document(null, null, null, data, Map.of()));
    assertThat(codes(missing))
        .containsExactlyInAnyOrder(FindingCode.WRONG_KIND, FindingCode.WRONG_API_VERSION);
  }

  @Test
  void stringDataIsPlainTextAndWinsOverDataAsKubernetesDoes() {
    Map<String, String> plainValues = plain(fresh());
    Map<String, String> data = encode(plainValues);
    data.put("COOKIE_HASH_KEY", "!!! broken, but overridden !!!");
    String winner = plain(fresh()).get("COOKIE_HASH_KEY");
    ValidationReport report = validate(secretWithData(data, Map.of("COOKIE_HASH_KEY", winner)));
    assertThat(codes(report)).containsExactly(FindingCode.STRING_DATA_OVERRIDES);
    assertThat(report.values().get("COOKIE_HASH_KEY").orElseThrow().reveal()).isEqualTo(winner);
    // A whole Secret under stringData is fine too.
    assertThat(validate(secretWithData(Map.of(), plainValues)).findings()).isEmpty();
  }

  @Test
  void findingsAreSortedErrorsFirst() {
    Map<String, String> values = plain(fresh());
    values.put("EXTRA", "x");
    values.remove("COOKIE_HASH_KEY");
    List<Finding> findings = validate(secret(values)).findings();
    assertThat(findings).extracting(Finding::severity).isSorted();
  }

  @Test
  void noFindingMessageFixOrToStringHoldsAValue() {
    Map<String, String> values = new LinkedHashMap<>(PUBLISHED);
    values.put("COOKIE_BLOCK_KEY", values.get("COOKIE_BLOCK_KEY").substring(0, 20));
    values.put("SESSION_AUTH_KEY", values.get("COOKIE_HASH_KEY"));
    values.put("EXTRA", "some-other-secret-value");
    ValidationReport report = validate(secret(values));
    String everything =
        report.toString()
            + report.findings().stream()
                .map(f -> f.message() + f.fix() + f)
                .collect(Collectors.joining());
    for (String value : values.values()) {
      assertThat(everything)
          .doesNotContain(value)
          .doesNotContain(
              Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(everything).contains(SecretValue.of(values.get("COOKIE_HASH_KEY")).fingerprint());
  }

  private static int testsRun;

  @AfterEach
  void countTest() {
    testsRun++;
  }

  @AfterAll
  static void everyCodeAboutASecretFileIsEmittedByTheseTests() {
    long tests =
        java.util.Arrays.stream(SecretValidatorTest.class.getDeclaredMethods())
            .filter(m -> m.isAnnotationPresent(Test.class))
            .count();
    if (testsRun < tests) {
      return; // a filtered run (one test from an IDE): the coverage claim needs them all
    }
    // Codes about Helm values and the live cluster come from other checks, not from the Secret
    // validator.
    Set<FindingCode> notFromThisValidator =
        EnumSet.of(
            FindingCode.AUTOGENERATE_ON,
            FindingCode.AUTOGENERATE_UNSET,
            FindingCode.SECRET_NAME_MISMATCH,
            FindingCode.HELM_OWNED,
            FindingCode.HELM_OWNED_KEPT,
            FindingCode.PREVIOUS_EXPIRED,
            FindingCode.KEYS_IN_LAST_APPLIED,
            FindingCode.REUSED_ACROSS_SECRETS);
    Set<FindingCode> expected = EnumSet.complementOf(EnumSet.copyOf(notFromThisValidator));
    assertThat(SEEN).containsAll(expected);
  }
}
