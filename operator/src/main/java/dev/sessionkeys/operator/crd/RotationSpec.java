package dev.sessionkeys.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.Objects;

/**
 * When the cookie and session keys rotate on their own, and how long the keys they replace stay
 * accepted.
 */
public class RotationSpec {

  static final String DURATION_PATTERN = "^([0-9]+(d|h|m|s))+$";

  @JsonPropertyDescription(
      "How often cookie and session keys rotate, such as 720h or 30d. Unset: never on a schedule."
          + " The data key never rotates on a schedule.")
  @Pattern(DURATION_PATTERN)
  private String interval;

  @JsonPropertyDescription(
      "How long a replaced key stays accepted as <KEY>_PREVIOUS, such as 24h (the default)."
          + " Must be shorter than the interval.")
  @Pattern(DURATION_PATTERN)
  private String grace;

  @JsonPropertyDescription(
      "OneStep (the default) or Phased: prepare, promote and retire, each after the workloads in"
          + " spec.restart finished rolling out, so that nobody is logged out.")
  private RotationStrategy strategy;

  public RotationSpec() {}

  public RotationSpec(String interval, String grace) {
    this.interval = interval;
    this.grace = grace;
  }

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public RotationStrategy getStrategy() {
    return strategy;
  }

  public void setStrategy(RotationStrategy strategy) {
    this.strategy = strategy;
  }

  public String getGrace() {
    return grace;
  }

  public void setGrace(String grace) {
    this.grace = grace;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RotationSpec that
        && Objects.equals(interval, that.interval)
        && Objects.equals(grace, that.grace)
        && strategy == that.strategy;
  }

  @Override
  public int hashCode() {
    return Objects.hash(interval, grace, strategy);
  }
}
