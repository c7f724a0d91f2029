package dev.sessionkeys.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Named key values in profile order: what goes into one Secret. Immutable; {@link #toString()}
 * shows fingerprints only.
 */
public final class KeySet {

  private final Map<String, SecretValue> values;

  private KeySet(Map<String, SecretValue> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** A key set holding these values, in the map's iteration order. */
  public static KeySet of(Map<String, SecretValue> values) {
    for (Map.Entry<String, SecretValue> entry : values.entrySet()) {
      Objects.requireNonNull(entry.getKey(), "name");
      Objects.requireNonNull(entry.getValue(), "value of " + entry.getKey());
    }
    return new KeySet(values);
  }

  /** Names to values, in order. Unmodifiable. */
  public Map<String, SecretValue> values() {
    return values;
  }

  public Optional<SecretValue> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  public int size() {
    return values.size();
  }

  /** A copy with one value added or replaced. */
  public KeySet with(String name, SecretValue value) {
    Map<String, SecretValue> copy = new LinkedHashMap<>(values);
    copy.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
    return new KeySet(copy);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KeySet that && values.equals(that.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("KeySet[");
    String separator = "";
    for (Map.Entry<String, SecretValue> entry : values.entrySet()) {
      out.append(separator)
          .append(entry.getKey())
          .append("=sha256:")
          .append(entry.getValue().fingerprint());
      separator = ", ";
    }
    return out.append(']').toString();
  }
}
