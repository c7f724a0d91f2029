package dev.sessionkeys.sops;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which values sops encrypts: exactly one of its four key rules ({@code sops.go
 * shouldBeEncrypted}). A value's path is every mapping key from the root down to it; a rule that
 * matches any key on the path applies to the whole subtree. Regexes are searched, not matched whole
 * (Go's {@code regexp.MatchString}), with RE2/J: RE2 syntax as sops' Go {@code regexp}, and linear
 * time, since anyone who can commit a file can write its regex ({@code ((a+)+)+$} takes a
 * backtracking engine hours on one key of forty characters).
 */
public record EncryptionRule(Kind kind, String value) {

  /** The four rules sops knows. */
  public enum Kind {
    UNENCRYPTED_SUFFIX,
    ENCRYPTED_SUFFIX,
    UNENCRYPTED_REGEX,
    ENCRYPTED_REGEX;

    /** The metadata key the rule is stored under: its name in lower case. */
    public String metadataKey() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public EncryptionRule {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw SopsException.invalidInput(kind.metadataKey() + " must not be empty");
    }
    if (kind == Kind.ENCRYPTED_REGEX || kind == Kind.UNENCRYPTED_REGEX) {
      try {
        Pattern.compile(value);
      } catch (PatternSyntaxException e) {
        throw SopsException.invalidInput(
            kind.metadataKey()
                + " '"
                + value
                + "' is not a valid regular expression: "
                + e.getDescription());
      }
    }
  }

  /** sops' default when no rule is given: keys ending in {@code _unencrypted} stay plain. */
  public static EncryptionRule defaults() {
    return new EncryptionRule(Kind.UNENCRYPTED_SUFFIX, "_unencrypted");
  }

  /**
   * The rule for Kubernetes Secrets: encrypt {@code data} and {@code stringData}, leave the rest
   * readable.
   */
  public static EncryptionRule kubernetesSecret() {
    return new EncryptionRule(Kind.ENCRYPTED_REGEX, "^(data|stringData)$");
  }

  /** Whether a value (or comment) under these mapping keys is encrypted. */
  public boolean encrypts(List<String> path) {
    return switch (kind) {
      case UNENCRYPTED_SUFFIX -> path.stream().noneMatch(k -> k.endsWith(value));
      case ENCRYPTED_SUFFIX -> path.stream().anyMatch(k -> k.endsWith(value));
      case UNENCRYPTED_REGEX -> path.stream().noneMatch(k -> pattern().matcher(k).find());
      case ENCRYPTED_REGEX -> path.stream().anyMatch(k -> pattern().matcher(k).find());
    };
  }

  /** Compiled once per regex: the walk asks for every value. */
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private Pattern pattern() {
    return PATTERNS.computeIfAbsent(value, Pattern::compile);
  }
}
