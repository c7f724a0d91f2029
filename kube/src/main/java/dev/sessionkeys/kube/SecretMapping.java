package dev.sessionkeys.kube;

import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.SecretValue;
import dev.sessionkeys.core.rotation.Rotation;
import dev.sessionkeys.core.rotation.RotationState;
import dev.sessionkeys.core.validate.SecretDocument;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Translates between fabric8's {@link Secret} and the parser-neutral models of core: {@link
 * SecretDocument} (what the validator judges) and {@link RotationState} (what the rotation planner
 * reads and writes). Shared by the CLI's cluster commands and the operator, so that both see a live
 * Secret the same way.
 *
 * <p>Values are decoded from {@code data} as UTF-8 (the API server folds {@code stringData} into
 * {@code data} on write; when an object still carries {@code stringData}, those values win, as they
 * would on the server). Writing a state back keeps the live base64 text of every value that did not
 * change, so that binary values of other apps sharing the Secret survive a round trip byte for
 * byte.
 */
public final class SecretMapping {

  private SecretMapping() {}

  /** {@code namespace/name}, as messages name a live Secret. */
  public static String describe(Secret secret) {
    ObjectMeta meta = secret.getMetadata();
    if (meta == null) {
      return "<unnamed Secret>";
    }
    return (meta.getNamespace() == null ? "" : meta.getNamespace() + "/") + meta.getName();
  }

  /** The Secret as the validator sees it. Lines are 0: a live object has none. */
  public static SecretDocument toDocument(Secret secret) {
    Objects.requireNonNull(secret, "secret");
    ObjectMeta meta = secret.getMetadata() == null ? new ObjectMeta() : secret.getMetadata();
    return new SecretDocument(
        describe(secret),
        0,
        secret.getApiVersion() == null ? "v1" : secret.getApiVersion(),
        secret.getKind() == null ? "Secret" : secret.getKind(),
        secret.getType(),
        meta.getName(),
        meta.getNamespace(),
        entries(secret.getData()),
        entries(secret.getStringData()),
        meta.getLabels(),
        meta.getAnnotations());
  }

  /** The Secret's values (decoded) and annotations, as the rotation planner reads them. */
  public static RotationState toRotationState(Secret secret) {
    Objects.requireNonNull(secret, "secret");
    Map<String, SecretValue> values = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((key, base64) -> values.put(key, SecretValue.of(decode(base64))));
    }
    if (secret.getStringData() != null) {
      secret
          .getStringData()
          .forEach((key, text) -> values.put(key, SecretValue.of(text == null ? "" : text)));
    }
    return new RotationState(values, annotations(secret));
  }

  /** The Secret's values as a key set, in the Secret's order. */
  public static KeySet toKeySet(Secret secret) {
    return KeySet.of(toRotationState(secret).values());
  }

  /**
   * A copy of {@code live} holding exactly the values of {@code state}, and whose {@value
   * Rotation#PREFIX} annotations are exactly those of {@code state} (other annotations, labels and
   * the resourceVersion stay as they are, so an update made from it fails on a concurrent change).
   */
  public static Secret withState(Secret live, RotationState state) {
    Objects.requireNonNull(live, "live");
    Objects.requireNonNull(state, "state");
    Map<String, String> liveData = live.getData() == null ? Map.of() : live.getData();
    Map<String, String> data = new LinkedHashMap<>();
    state
        .values()
        .forEach(
            (key, value) -> {
              String liveText = liveData.get(key);
              boolean unchanged =
                  liveText != null
                      && (live.getStringData() == null || !live.getStringData().containsKey(key))
                      && SecretValue.of(decode(liveText)).equals(value);
              data.put(key, unchanged ? liveText : encode(value));
            });
    Map<String, String> annotations = new LinkedHashMap<>(annotations(live));
    annotations.keySet().removeIf(key -> key.startsWith(Rotation.PREFIX));
    state
        .annotations()
        .forEach(
            (key, value) -> {
              if (key.startsWith(Rotation.PREFIX)) {
                annotations.put(key, value);
              }
            });
    return new SecretBuilder(live)
        .withData(data)
        .withStringData(null)
        .editOrNewMetadata()
        .withAnnotations(annotations)
        .endMetadata()
        .build();
  }

  /**
   * A new Opaque Secret holding {@code keys} under {@code data}.
   *
   * @param labels labels to set, or an empty map
   * @param annotations annotations to set, or an empty map
   */
  public static Secret newSecret(
      String namespace,
      String name,
      KeySet keys,
      Map<String, String> labels,
      Map<String, String> annotations) {
    Map<String, String> data = new LinkedHashMap<>();
    keys.values().forEach((key, value) -> data.put(key, encode(value)));
    return new SecretBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withLabels(labels.isEmpty() ? null : new LinkedHashMap<>(labels))
        .withAnnotations(annotations.isEmpty() ? null : new LinkedHashMap<>(annotations))
        .endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
  }

  /** The Secret's annotations, empty when it has none. */
  static Map<String, String> annotations(Secret secret) {
    ObjectMeta meta = secret.getMetadata();
    return meta == null || meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
  }

  /** The base64 text a Secret's {@code data} holds for a value. */
  public static String encode(SecretValue value) {
    return Base64.getEncoder().encodeToString(value.revealBytes());
  }

  /**
   * A {@code data} value as text. Not valid base64 (possible only in objects that never went
   * through an API server) decodes to the empty string rather than failing: the validator reports
   * such values from {@link #toDocument}.
   */
  static String decode(String base64) {
    if (base64 == null) {
      return "";
    }
    try {
      byte[] bytes = Base64.getDecoder().decode(base64.replace("\r", "").replace("\n", ""));
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private static Map<String, SecretDocument.Entry> entries(Map<String, String> map) {
    Map<String, SecretDocument.Entry> entries = new LinkedHashMap<>();
    if (map != null) {
      map.forEach((key, text) -> entries.put(key, new SecretDocument.Entry(text, 0)));
    }
    return entries;
  }
}
