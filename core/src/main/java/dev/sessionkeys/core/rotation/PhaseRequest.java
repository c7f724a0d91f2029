package dev.sessionkeys.core.rotation;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One phase to plan.
 *
 * @param phase the phase
 * @param groups the key groups it applies to; empty means every group that is not a data group and
 *     stands where this phase starts ({@link Phase#from()})
 * @param grace with {@link Phase#PROMOTE}: how long the replaced keys stay accepted as {@code
 *     _PREVIOUS}
 * @param permissions what the caller explicitly allows beyond the safe default
 */
public record PhaseRequest(
    Phase phase, Set<String> groups, Duration grace, Set<Permission> permissions) {

  /** Things a phase refuses unless explicitly allowed. */
  public enum Permission {
    /**
     * The data group (keys that encrypt data at rest, such as {@code AES_BASE64_CYPHER_KEY}) may
     * take part: the user named it. Without it, a request naming the data group is refused.
     */
    DATA_KEY,
    /**
     * {@code _PREVIOUS} keys still inside their grace period (or with no grace recorded) may be
     * dropped: users still holding cookies that old are logged out.
     */
    DROP_PREVIOUS_IN_GRACE
  }

  public PhaseRequest {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(grace, "grace");
    groups = Set.copyOf(groups);
    permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
    if (grace.isNegative()) {
      throw new IllegalArgumentException("the grace period cannot be negative");
    }
  }

  /** A request without permissions. */
  public static PhaseRequest of(Phase phase, Set<String> groups, Duration grace) {
    return new PhaseRequest(phase, groups, grace, Set.of());
  }

  /** This request, also allowing {@code more}. */
  public PhaseRequest allowing(Permission... more) {
    EnumSet<Permission> all = EnumSet.noneOf(Permission.class);
    all.addAll(permissions);
    all.addAll(Set.of(more));
    return new PhaseRequest(phase, groups, grace, all);
  }

  /** Whether {@code permission} was given. */
  public boolean allows(Permission permission) {
    return permissions.contains(permission);
  }
}
