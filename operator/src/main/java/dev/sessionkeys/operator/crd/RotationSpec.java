package dev.sessionkeys.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/**
 * When the cookie and session keys rotate on their own, and how long the keys they replace stay
 * accepted.
 */
public record RotationSpec(
    @JsonPropertyDescription(
            "How often cookie and session keys rotate, such as 720h or 30d. Unset: never on a"
                + " schedule. The data key never rotates on a schedule.")
        @Pattern(DURATION_PATTERN)
        String interval,
    @JsonPropertyDescription(
            "How long a replaced key stays accepted as <KEY>_PREVIOUS, such as 24h (the default)."
                + " Must be shorter than the interval.")
        @Pattern(DURATION_PATTERN)
        String grace,
    @JsonPropertyDescription(
            "OneStep (the default) or Phased: prepare, promote and retire, each after the workloads"
                + " in spec.restart finished rolling out, so that nobody is logged out.")
        RotationStrategy strategy) {

  static final String DURATION_PATTERN = "^([0-9]+(d|h|m|s))+$";

  /** A one-step rotation. */
  public RotationSpec(String interval, String grace) {
    this(interval, grace, null);
  }
}
