package dev.sessionkeys.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the operator observed and did. Never holds a key value: keys appear as fingerprints only.
 */
public class SessionKeySetStatus {

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Ready (the Secret holds every key), Valid (every key passes the checks), Rotating (replaced"
          + " keys are still accepted during a grace period).")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The Secret that holds the keys.")
  private String secretName;

  @JsonPropertyDescription(
      "Key name to fingerprint (sha256: and the first 16 hex characters of the SHA-256 of the value), including"
          + " <KEY>_NEXT and <KEY>_PREVIOUS keys.")
  private Map<String, String> keys = new LinkedHashMap<>();

  @JsonPropertyDescription("When a group last rotated (RFC 3339).")
  private String lastRotation;

  @JsonPropertyDescription(
      "When the next scheduled rotation is due (RFC 3339), if a schedule is set.")
  private String nextRotation;

  @JsonPropertyDescription(
      "When the last grace period ends and the <KEY>_PREVIOUS keys are removed (RFC 3339).")
  private String graceUntil;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public Map<String, String> getKeys() {
    return keys;
  }

  public void setKeys(Map<String, String> keys) {
    this.keys = keys;
  }

  public String getLastRotation() {
    return lastRotation;
  }

  public void setLastRotation(String lastRotation) {
    this.lastRotation = lastRotation;
  }

  public String getNextRotation() {
    return nextRotation;
  }

  public void setNextRotation(String nextRotation) {
    this.nextRotation = nextRotation;
  }

  public String getGraceUntil() {
    return graceUntil;
  }

  public void setGraceUntil(String graceUntil) {
    this.graceUntil = graceUntil;
  }

  /** The condition of this type, if present. */
  public java.util.Optional<Condition> condition(String type) {
    return conditions == null
        ? java.util.Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionKeySetStatus that
        && Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(conditions, that.conditions)
        && Objects.equals(secretName, that.secretName)
        && Objects.equals(keys, that.keys)
        && Objects.equals(lastRotation, that.lastRotation)
        && Objects.equals(nextRotation, that.nextRotation)
        && Objects.equals(graceUntil, that.graceUntil);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        observedGeneration, conditions, secretName, keys, lastRotation, nextRotation, graceUntil);
  }
}
