package dev.sessionkeys.operator.crd;

/** What happens to the Secret when its SessionKeySet is deleted. */
public enum DeletionPolicy {
  /** The Secret stays: data encrypted under its data key would be lost with it. The default. */
  Retain,
  /**
   * The Secret is deleted with the resource (by Kubernetes' garbage collector, through an owner
   * reference).
   */
  Delete
}
