package dev.sessionkeys.operator;

import dev.sessionkeys.core.SecretValue;
import dev.sessionkeys.core.rotation.RotationState;
import dev.sessionkeys.core.validate.SecretDocument;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Moves between a live Secret and the core module's views of it ({@link SecretDocument} for validation,
 * {@link RotationState} for planning). Kept small and local until the kube module's mapping is available.
 *
 * <p>Writing back never re-encodes a value that did not change: an entry's base64 text is copied as it was, so bytes
 * that are not UTF-8 (or keys of other apps) survive exactly.
 */
final class SecretCodec {

  private SecretCodec() {}

  /** The Secret as the validator reads it. */
  static SecretDocument toDocument(Secret secret) {
    Map<String, SecretDocument.Entry> data = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> data.put(k, new SecretDocument.Entry(v, 0)));
    }
    Map<String, SecretDocument.Entry> stringData = new LinkedHashMap<>();
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((k, v) -> stringData.put(k, new SecretDocument.Entry(v, 0)));
    }
    return new SecretDocument(
        secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName(), 0,
        secret.getApiVersion() == null ? "v1" : secret.getApiVersion(),
        secret.getKind() == null ? "Secret" : secret.getKind(),
        secret.getType(), secret.getMetadata().getName(), secret.getMetadata().getNamespace(),
        data, stringData, secret.getMetadata().getLabels(), secret.getMetadata().getAnnotations());
  }

  /**
   * Values and annotations for the rotation planner. A value that is not base64 or not UTF-8 is kept as its raw text,
   * so that it is still present (and can be kept as {@code _PREVIOUS} by a repair) rather than silently missing.
   */
  static RotationState toState(Secret secret) {
    Map<String, SecretValue> values = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> values.put(k, SecretValue.of(decode(v))));
    }
    Map<String, String> annotations = secret.getMetadata().getAnnotations() == null
        ? Map.of()
        : secret.getMetadata().getAnnotations();
    return new RotationState(values, annotations);
  }

  /**
   * The {@code data} map for {@code state}: entries whose value is unchanged keep their original base64 text, new or
   * changed ones are encoded, and entries absent from {@code state} are dropped.
   */
  static Map<String, String> encodeData(Map<String, String> originalData, RotationState state) {
    Map<String, String> original = originalData == null ? Map.of() : originalData;
    Map<String, String> data = new LinkedHashMap<>();
    state.values().forEach((name, value) -> {
      String before = original.get(name);
      if (before != null && SecretValue.of(decode(before)).equals(value)) {
        data.put(name, before);
      } else {
        data.put(name, Base64.getEncoder().encodeToString(value.revealBytes()));
      }
    });
    return data;
  }

  private static String decode(String base64) {
    if (base64 == null) {
      return "";
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.replace("\r", "").replace("\n", ""));
    } catch (IllegalArgumentException e) {
      return base64;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return base64;
    }
  }
}
