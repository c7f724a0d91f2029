package dev.sessionkeys.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one way this project changes a Kubernetes object: read it, decide, write with the
 * resourceVersion that was read, and on a conflict (409: someone changed or created it meanwhile)
 * read and decide again, a bounded number of times. Apply, adopt, rotate and the operator's
 * reconciler all go through {@link #run}; none overwrites blind, none loops forever.
 */
public final class SafeWrite {

  /** Attempts before giving up: someone else keeps writing the object. */
  public static final int DEFAULT_ATTEMPTS = 3;

  /**
   * One read → decide → write pass. It returns the outcome, or throws a conflict (a {@link
   * ClusterException} of kind CONFLICT or a fabric8 409) to be run again on fresh data.
   *
   * @param <T> the outcome
   * @param <X> a refusal the decision may throw, passed through unchanged
   */
  @FunctionalInterface
  public interface Attempt<T, X extends Exception> {
    /**
     * @param attempt 1 for the first pass, 2 after the first conflict, ...
     */
    T run(int attempt) throws X;
  }

  private SafeWrite() {}

  /**
   * Runs {@code attempt} until it returns, at most {@code maxAttempts} times.
   *
   * @param exhausted turns the last conflict into the exception thrown when every attempt
   *     conflicted
   * @throws X what the decision refuses with, at once
   */
  public static <T, X extends Exception> T run(
      int maxAttempts,
      Attempt<T, X> attempt,
      Function<RuntimeException, ? extends RuntimeException> exhausted)
      throws X {
    Objects.requireNonNull(attempt, "attempt");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    RuntimeException lastConflict = null;
    for (int i = 1; i <= maxAttempts; i++) {
      try {
        return attempt.run(i);
      } catch (RuntimeException e) {
        if (!isConflict(e)) {
          throw e;
        }
        lastConflict = e;
      }
    }
    throw exhausted.apply(lastConflict);
  }

  /**
   * What the commands say when every attempt conflicted: {@code the Secret REF kept changing while
   * we DOING (N attempts) at WHERE; OUTCOME}.
   */
  static Function<RuntimeException, ClusterException> keptChanging(
      SecretRef ref, String doing, KubeCluster cluster, String outcome) {
    return lastConflict ->
        new ClusterException(
            ClusterException.Kind.CONFLICT,
            409,
            "the Secret %s kept changing while we %s (%d attempts) at %s; %s"
                .formatted(ref, doing, DEFAULT_ATTEMPTS, cluster.describe(), outcome),
            lastConflict);
  }

  /**
   * A failed write, as the commands report it: a conflict as it is (for {@link #run} to try again),
   * anything else with what became of the object: {@code ifLost} when the answer was lost (the
   * write may have happened), {@code ifRefused} when the server refused it.
   */
  static ClusterException explained(ClusterException e, String ifLost, String ifRefused) {
    if (isConflict(e)) {
      return e;
    }
    return e.withMessage(
        e.getMessage()
            + "; "
            + (e.kind() == ClusterException.Kind.UNREACHABLE ? ifLost : ifRefused));
  }

  /** Whether {@code e} says the object changed (or appeared) since it was read. */
  public static boolean isConflict(Throwable e) {
    if (e instanceof ClusterException c) {
      return c.kind() == ClusterException.Kind.CONFLICT;
    }
    return e instanceof KubernetesClientException k && k.getCode() == 409;
  }
}
