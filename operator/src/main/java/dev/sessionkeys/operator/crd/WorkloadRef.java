package dev.sessionkeys.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * A workload in the resource's namespace that reads the keys and is rolled once after each
 * rotation.
 */
public record WorkloadRef(
    @JsonPropertyDescription("Deployment, StatefulSet or DaemonSet.") @Required Kind kind,
    @JsonPropertyDescription("The workload's name, in the SessionKeySet's namespace.") @Required
        String name) {

  /** The kinds a rollout restart applies to. */
  public enum Kind {
    Deployment,
    StatefulSet,
    DaemonSet
  }

  @Override
  public String toString() {
    return kind + "/" + name;
  }
}
