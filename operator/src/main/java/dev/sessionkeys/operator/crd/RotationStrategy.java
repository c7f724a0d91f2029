package dev.sessionkeys.operator.crd;

/** How a scheduled rotation replaces the cookie and session keys. */
public enum RotationStrategy {
  /**
   * New primary at once, the old one kept as {@code <KEY>_PREVIOUS} for the grace period: pods that
   * still run with the old Secret during the rollout reject cookies of the new key. The default.
   */
  OneStep,
  /**
   * Three phases, each one write followed by a rollout: prepare ({@code <KEY>_NEXT} accepted
   * everywhere), promote (it becomes the primary), retire (drop {@code _PREVIOUS} after the grace
   * period). The operator never starts the next phase while a workload in {@code spec.restart} is
   * still rolling out, so nobody is logged out.
   */
  Phased
}
