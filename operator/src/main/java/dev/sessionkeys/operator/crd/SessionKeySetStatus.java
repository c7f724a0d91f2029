package dev.sessionkeys.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the operator observed and did. Never holds a key value: keys appear as fingerprints only.
 */
public record SessionKeySetStatus(
    @JsonPropertyDescription("The metadata.generation this status describes.")
        Long observedGeneration,
    @JsonPropertyDescription(
            "Ready (the Secret holds every key), Valid (every key passes the checks), Rotating"
                + " (replaced keys are still accepted during a grace period).")
        List<Condition> conditions,
    @JsonPropertyDescription("The Secret that holds the keys.") String secretName,
    @JsonPropertyDescription(
            "Key name to fingerprint (sha256: and the first 16 hex characters of the SHA-256 of the"
                + " value), including <KEY>_NEXT and <KEY>_PREVIOUS keys.")
        Map<String, String> keys,
    @JsonPropertyDescription("When a group last rotated (RFC 3339).") String lastRotation,
    @JsonPropertyDescription(
            "When the next scheduled rotation is due (RFC 3339), if a schedule is set.")
        String nextRotation,
    @JsonPropertyDescription(
            "When the last grace period ends and the <KEY>_PREVIOUS keys are removed (RFC 3339).")
        String graceUntil) {

  /** Absent lists and maps read as empty ones. */
  public SessionKeySetStatus {
    conditions = conditions == null ? List.of() : conditions;
    keys = keys == null ? Map.of() : keys;
  }

  /** The status before the operator wrote any. */
  public static final SessionKeySetStatus NONE =
      new SessionKeySetStatus(null, null, null, null, null, null, null);

  /** The condition of this type, if present. */
  public Optional<Condition> condition(String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
