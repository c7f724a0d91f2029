package dev.sessionkeys.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/**
 * A workload in the resource's namespace that reads the keys and is rolled once after each
 * rotation.
 */
public class WorkloadRef {

  /** The kinds a rollout restart applies to. */
  public enum Kind {
    Deployment,
    StatefulSet,
    DaemonSet
  }

  @JsonPropertyDescription("Deployment, StatefulSet or DaemonSet.")
  @Required
  private Kind kind;

  @JsonPropertyDescription("The workload's name, in the SessionKeySet's namespace.")
  @Required
  private String name;

  public WorkloadRef() {}

  public WorkloadRef(Kind kind, String name) {
    this.kind = kind;
    this.name = name;
  }

  public Kind getKind() {
    return kind;
  }

  public void setKind(Kind kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WorkloadRef that && kind == that.kind && Objects.equals(name, that.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, name);
  }

  @Override
  public String toString() {
    return kind + "/" + name;
  }
}
