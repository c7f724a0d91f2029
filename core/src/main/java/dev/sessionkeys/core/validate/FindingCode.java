package dev.sessionkeys.core.validate;

/**
 * Stable identifiers of findings. Scripts match on {@link #id()}; it never changes once released.
 * The severity is the default for the code.
 */
public enum FindingCode {
  // The manifest itself.
  WRONG_KIND("wrong-kind", Severity.ERROR),
  WRONG_API_VERSION("wrong-api-version", Severity.ERROR),
  UNUSUAL_TYPE("unusual-type", Severity.WARNING),

  // One key.
  MISSING_KEY("missing-key", Severity.ERROR),
  INVALID_BASE64("invalid-base64", Severity.ERROR),
  NOT_BASE64_ENCODED("not-base64-encoded", Severity.ERROR),
  TRAILING_NEWLINE("trailing-newline", Severity.ERROR),
  WRONG_LENGTH("wrong-length", Severity.ERROR),
  BAD_CHARACTERS("bad-characters", Severity.ERROR),
  COMPROMISED("compromised", Severity.ERROR),
  LOW_ENTROPY("low-entropy", Severity.WARNING),
  STRING_DATA_OVERRIDES("stringdata-overrides-data", Severity.INFO),
  UNKNOWN_KEY("unknown-key", Severity.INFO),
  PREVIOUS_KEY("previous-key", Severity.INFO),
  NEXT_KEY("next-key", Severity.INFO),

  // Across keys.
  DUPLICATE_VALUE("duplicate-value", Severity.ERROR),

  // Against the Helm values.
  AUTOGENERATE_ON("autogenerate-keys-on", Severity.ERROR),
  SECRET_NAME_MISMATCH("secret-name-mismatch", Severity.ERROR),
  AUTOGENERATE_UNSET("autogenerate-keys-unset", Severity.WARNING),

  // Against the live cluster.
  HELM_OWNED("helm-owned", Severity.ERROR),
  HELM_OWNED_KEPT("helm-owned-kept", Severity.WARNING),
  PREVIOUS_EXPIRED("previous-expired", Severity.WARNING),
  /** kubectl's last-applied-configuration annotation holds a copy of the key values. */
  KEYS_IN_LAST_APPLIED("keys-in-last-applied", Severity.ERROR),
  REUSED_ACROSS_SECRETS("reused-across-secrets", Severity.ERROR);

  private final String id;
  private final Severity defaultSeverity;

  FindingCode(String id, Severity defaultSeverity) {
    this.id = id;
    this.defaultSeverity = defaultSeverity;
  }

  /** The stable identifier, such as {@code wrong-length}. */
  public String id() {
    return id;
  }

  public Severity defaultSeverity() {
    return defaultSeverity;
  }
}
