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
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    if (!Profile.isValidNamespace(namespace)) {
      throw new IllegalArgumentException(
          "'"
              + namespace
              + "' is not a valid namespace name"
              + " (lower-case letters, digits and '-', at most 63 characters)");
    }
    if (!Profile.isValidSecretName(name)) {
      throw new IllegalArgumentException(
          "'"
              + name
              + "' is not a valid Secret name"
              + " (lower-case letters, digits, '-' and '.', at most 253 characters)");
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
