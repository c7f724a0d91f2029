package dev.sessionkeys.core.validate;

import dev.sessionkeys.core.Fingerprint;
import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.KeySpec;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.SecretValue;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judges one Secret against a profile. Every finding names a key and says what to do; none holds a
 * value (values appear only as fingerprints).
 */
public final class SecretValidator {

  private final Profile profile;
  private final List<Finding> findings = new ArrayList<>();

  private SecretValidator(Profile profile) {
    this.profile = profile;
  }

  /** Validates {@code document} against {@code profile}. */
  public static ValidationReport validate(Profile profile, SecretDocument document) {
    return new SecretValidator(profile).run(document);
  }

  /** A value as the API server would hand it to the app, with where it came from. */
  private record Effective(String value, int line) {
    // A record's generated toString() would print the key value; nothing may, even by accident in a
    // debugger log.
    @Override
    public String toString() {
      return "Effective[line=" + line + ", value=<redacted>]";
    }
  }

  private ValidationReport run(SecretDocument document) {
    checkShape(document);
    Map<String, Effective> values = effectiveValues(document);

    for (KeySpec spec : profile.keys()) {
      Effective current = values.get(spec.name());
      if (current == null) {
        find(
            FindingCode.MISSING_KEY,
            spec.name(),
            spec.name() + " is missing (" + spec.length() + " characters, " + spec.purpose() + ")",
            "add it: `sessionkeys generate` prints a fresh value",
            document.line());
      } else {
        checkValue(spec, spec.name(), current);
      }
      checkSlot(
          spec,
          spec.previousName(),
          values.get(spec.previousName()),
          FindingCode.PREVIOUS_KEY,
          "the value " + spec.name() + " replaced (sha256:%s); apps still accept it",
          "remove it once the grace period is over (the retire phase of a rotation)");
      checkSlot(
          spec,
          spec.nextName(),
          values.get(spec.nextName()),
          FindingCode.NEXT_KEY,
          "a staged value (sha256:%s) that apps accept but do not issue cookies with yet",
          "promote it once every replica has loaded it (the promote phase of a rotation)");
    }
    for (Map.Entry<String, Effective> entry : values.entrySet()) {
      String name = entry.getKey();
      if (profile.keyFor(name).isEmpty()) {
        find(
            FindingCode.UNKNOWN_KEY,
            name,
            name + " is not a key of profile " + profile.name() + "; the app ignores it",
            "leave it if another app reads it, or remove it",
            entry.getValue().line());
      }
    }
    checkDuplicates(values);

    // Errors first, then warnings, then info, each group in file order. Loops rather than a
    // Comparator: `check` would pay call-site linkages for one on every run.
    List<Finding> sorted = new ArrayList<>(findings.size());
    for (Severity severity : Severity.values()) {
      for (Finding finding : findings) {
        if (finding.severity() == severity) {
          sorted.add(finding);
        }
      }
    }
    Map<String, SecretValue> read = new LinkedHashMap<>();
    for (Map.Entry<String, Effective> entry : values.entrySet()) {
      read.put(entry.getKey(), SecretValue.of(entry.getValue().value()));
    }
    return new ValidationReport(document, sorted, KeySet.of(read));
  }

  private void checkShape(SecretDocument document) {
    expect("kind", document.kind(), "Secret", FindingCode.WRONG_KIND, document.line());
    expect(
        "apiVersion", document.apiVersion(), "v1", FindingCode.WRONG_API_VERSION, document.line());
    if (document.type() != null && !"Opaque".equals(document.type())) {
      find(
          FindingCode.UNUSUAL_TYPE,
          null,
          "type is " + describe(document.type()) + "; session keys live in an Opaque Secret",
          "set `type: Opaque`, or remove `type`",
          document.line());
    }
  }

  private void expect(String field, String actual, String expected, FindingCode code, int line) {
    if (!expected.equals(actual)) {
      find(
          code,
          null,
          field + " is " + describe(actual) + ", not " + expected,
          "set `" + field + ": " + expected + "`",
          line);
    }
  }

  private static String describe(String field) {
    return field == null ? "missing" : "'" + field + "'";
  }

  /**
   * The values the app would see: {@code stringData} is plain text and wins over {@code data} for
   * the same key, as the API server merges them on write.
   */
  private Map<String, Effective> effectiveValues(SecretDocument document) {
    Map<String, Effective> values = new LinkedHashMap<>();
    for (Map.Entry<String, SecretDocument.Entry> entry : document.data().entrySet()) {
      String name = entry.getKey();
      SecretDocument.Entry raw = entry.getValue();
      if (document.stringData().containsKey(name)) {
        find(
            FindingCode.STRING_DATA_OVERRIDES,
            name,
            name + " is set in both data and stringData; Kubernetes keeps the stringData value",
            "remove one of the two",
            raw.line());
        continue;
      }
      Optional<String> decoded = decodeData(name, raw);
      if (decoded.isPresent()) {
        values.put(name, new Effective(decoded.get(), raw.line()));
      }
    }
    for (Map.Entry<String, SecretDocument.Entry> entry : document.stringData().entrySet()) {
      String text = entry.getValue().text() == null ? "" : entry.getValue().text();
      values.put(entry.getKey(), new Effective(text, entry.getValue().line()));
    }
    return values;
  }

  private Optional<String> decodeData(String name, SecretDocument.Entry raw) {
    String compact = SecretDocument.compact(raw.text());
    Optional<KeySpec> spec = profile.keyFor(name);
    Optional<byte[]> decoded = SecretDocument.decodeBase64(compact);
    if (decoded.isEmpty()) {
      if (spec.isPresent() && looksLikePlainValue(spec.get(), compact)) {
        notEncoded(name, raw);
      } else {
        find(
            FindingCode.INVALID_BASE64,
            name,
            name + " under data is not valid base64",
            "base64-encode the value (`printf %s VALUE | base64`), or put the plain value under stringData",
            raw.line());
      }
      return Optional.empty();
    }
    Optional<String> asText = utf8(decoded.get());
    // A plain key pasted under data is often valid base64 too (62 letters and digits are base64
    // characters); it then decodes to bytes that are not a key. Say what happened rather than
    // report garbage.
    if (spec.isPresent()
        && looksLikePlainValue(spec.get(), compact)
        && (asText.isEmpty() || !spec.get().alphabet().containsAll(asText.get()))) {
      notEncoded(name, raw);
      return Optional.empty();
    }
    if (asText.isEmpty()) {
      find(
          FindingCode.BAD_CHARACTERS,
          name,
          name + " decodes to bytes that are not text",
          "replace it with a generated value: `sessionkeys generate`",
          raw.line());
      return Optional.empty();
    }
    return asText;
  }

  private void notEncoded(String name, SecretDocument.Entry raw) {
    find(
        FindingCode.NOT_BASE64_ENCODED,
        name,
        name + " under data looks like a plain key, not its base64 encoding",
        "move it under stringData, or base64-encode it (`printf %s VALUE | base64`)",
        raw.line());
  }

  /**
   * A {@code _PREVIOUS} or {@code _NEXT} value, if present: reported by fingerprint, and checked
   * like the key itself.
   */
  private void checkSlot(
      KeySpec spec, String name, Effective slot, FindingCode code, String what, String fix) {
    if (slot != null) {
      find(
          code,
          name,
          name + " holds " + what.replace("%s", Fingerprint.of(slot.value())),
          fix,
          slot.line());
      checkValue(spec, name, slot);
    }
  }

  private void find(FindingCode code, String key, String message, String fix, int line) {
    findings.add(Finding.of(code, key, message, fix, line));
  }

  private static boolean looksLikePlainValue(KeySpec spec, String text) {
    return text.length() == spec.length() && spec.alphabet().containsAll(text);
  }

  private static Optional<String> utf8(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private void checkValue(KeySpec spec, String name, Effective effective) {
    String value = effective.value();
    int line = effective.line();
    if (PublishedKeys.isPublished(value)) {
      find(
          FindingCode.COMPROMISED,
          name,
          name
              + " is one of the example keys published in the Fairwinds Insights documentation: anyone can forge"
              + " cookies or read data with it",
          "replace it now with a generated value (`sessionkeys generate`, or `sessionkeys rotate` on a cluster)",
          line);
      return;
    }
    if (value.endsWith("\n") && value.strip().length() == spec.length()) {
      find(
          FindingCode.TRAILING_NEWLINE,
          name,
          name + " ends with a line break (encoded with `echo` instead of `printf %s`?)",
          "re-encode it without the newline: `printf %s VALUE | base64`",
          line);
      return;
    }
    boolean lengthOk = value.length() == spec.length();
    if (!lengthOk) {
      find(
          FindingCode.WRONG_LENGTH,
          name,
          name + " is " + value.length() + " characters long; " + spec.length() + " expected",
          "replace it with a " + spec.length() + "-character value: `sessionkeys generate`",
          line);
    }
    int outside = 0;
    for (int i = 0; i < value.length(); i++) {
      if (!spec.alphabet().contains(value.charAt(i))) {
        outside++;
      }
    }
    if (outside > 0) {
      find(
          FindingCode.BAD_CHARACTERS,
          name,
          name
              + " holds "
              + outside
              + " character"
              + (outside == 1 ? "" : "s")
              + " outside the "
              + spec.alphabet().name()
              + " alphabet",
          "replace it with a generated value: `sessionkeys generate`",
          line);
    }
    if (lengthOk && outside == 0) {
      Optional<String> weakness = Entropy.weakness(spec, value);
      if (weakness.isPresent()) {
        find(
            FindingCode.LOW_ENTROPY,
            name,
            name + " does not look random: " + weakness.get(),
            "replace it with a generated value: `sessionkeys generate`",
            line);
      }
    }
  }

  private void checkDuplicates(Map<String, Effective> values) {
    List<String> names = new ArrayList<>();
    List<String> owners = new ArrayList<>();
    for (String name : values.keySet()) {
      Optional<KeySpec> owner = profile.keyFor(name);
      if (owner.isPresent()) {
        names.add(name);
        owners.add(owner.get().name());
      }
    }
    for (int i = 0; i < names.size(); i++) {
      for (int j = i + 1; j < names.size(); j++) {
        Effective a = values.get(names.get(i));
        Effective b = values.get(names.get(j));
        // A key and its own _PREVIOUS or _NEXT are compared by rotation, not here. Names, not the
        // KeySpec records, are compared: a record's equals is linked through invokedynamic on its
        // first call, which cost `check` about 10 ms of its start-up (measured).
        if (!owners.get(i).equals(owners.get(j))
            && !a.value().isEmpty()
            && SecretValue.of(a.value()).equals(SecretValue.of(b.value()))) {
          find(
              FindingCode.DUPLICATE_VALUE,
              names.get(j),
              names.get(j)
                  + " holds the same value as "
                  + names.get(i)
                  + ": a leak of one is a leak of both",
              "give each key its own generated value: `sessionkeys generate`",
              b.line());
        }
      }
    }
  }
}
