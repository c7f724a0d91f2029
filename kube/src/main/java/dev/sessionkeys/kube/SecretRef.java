package dev.sessionkeys.kube;

import dev.sessionkeys.core.Profile;
import java.util.Objects;

/**
 * Where a Secret lives.
 *
 * @param namespace its namespace
 * @param name its name
 */
public record SecretRef(String namespace, String name) {

  public SecretRef {
    require(
        Profile.isValidNamespace(Objects.requireNonNull(namespace, "namespace")),
        namespace,
        "namespace name (lower-case letters, digits and '-', at most 63 characters)");
    require(
        Profile.isValidSecretName(Objects.requireNonNull(name, "name")),
        name,
        "Secret name (lower-case letters, digits, '-' and '.', at most 253 characters)");
  }

  private static void require(boolean valid, String value, String what) {
    if (!valid) {
      throw new IllegalArgumentException("'" + value + "' is not a valid " + what);
    }
  }

  /** {@code namespace}/{@code name} with the profile's defaults for what is not given. */
  public static SecretRef of(Profile profile, String namespace, String name) {
    return new SecretRef(
        namespace == null ? profile.defaultNamespace() : namespace,
        name == null ? profile.defaultSecretName() : name);
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
