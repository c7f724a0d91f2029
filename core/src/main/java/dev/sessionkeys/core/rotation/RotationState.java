package dev.sessionkeys.core.rotation;

import dev.sessionkeys.core.SecretValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The part of a Secret that rotation reads and writes: its key values (decoded) and its
 * annotations.
 *
 * @param values key name to value, including {@code _PREVIOUS} keys and keys of no profile (kept as
 *     they are)
 * @param annotations the Secret's annotations; rotation reads and writes only those under {@link
 *     Rotation#PREFIX}
 */
public record RotationState(Map<String, SecretValue> values, Map<String, String> annotations) {

  public RotationState {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
  }
}
