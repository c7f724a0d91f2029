package dev.sessionkeys.core.validate;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Kubernetes Secret as read from a manifest or from a cluster, before any judgement: the fields a
 * check looks at, with the line each came from where known. Parsers (YAML files, the cluster
 * client) build it; {@link SecretValidator} judges it.
 *
 * @param source where it came from, for messages: a file name or {@code namespace/name} in a
 *     cluster
 * @param line the 1-based line the document starts on, or 0
 * @param apiVersion as written, or {@code null}
 * @param kind as written, or {@code null}
 * @param type the Secret type as written, or {@code null} (Kubernetes then uses {@code Opaque})
 * @param name {@code metadata.name}, or {@code null}
 * @param namespace {@code metadata.namespace}, or {@code null}
 * @param data {@code data}: key to base64 text as written
 * @param stringData {@code stringData}: key to plain text as written
 * @param labels {@code metadata.labels}
 * @param annotations {@code metadata.annotations}
 */
public record SecretDocument(
    String source,
    int line,
    String apiVersion,
    String kind,
    String type,
    String name,
    String namespace,
    Map<String, Entry> data,
    Map<String, Entry> stringData,
    Map<String, String> labels,
    Map<String, String> annotations) {

  /**
   * One value as written, with its line.
   *
   * @param text the scalar text (base64 under {@code data}, plain under {@code stringData})
   * @param line the 1-based line, or 0
   */
  public record Entry(String text, int line) {
    @Override
    public String toString() {
      return "Entry[line=" + line + ", text=<redacted>]";
    }
  }

  public SecretDocument {
    data = immutableCopy(data);
    stringData = immutableCopy(stringData);
    labels = immutableCopy(labels);
    annotations = immutableCopy(annotations);
  }

  private static <V> Map<String, V> immutableCopy(Map<String, V> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /**
   * The values the Secret holds once Kubernetes has stored it: each {@code data} entry decoded from
   * base64 (as Go's {@code StdEncoding} does: CR and LF skipped, padding required), then each
   * {@code stringData} entry, which wins over a {@code data} entry of the same key. Decoded bytes
   * are held as ISO-8859-1 text, one char per byte, so no byte is lost or changed.
   *
   * @throws IllegalArgumentException naming the source, line and key (never the value) when a
   *     {@code data} entry is not valid base64
   */
  public Map<String, String> effectiveValues() {
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, Entry> entry : data.entrySet()) {
      values.put(entry.getKey(), decode(entry.getKey(), entry.getValue()));
    }
    for (Map.Entry<String, Entry> entry : stringData.entrySet()) {
      values.put(entry.getKey(), entry.getValue().text());
    }
    return Collections.unmodifiableMap(values);
  }

  private String decode(String key, Entry entry) {
    // No cause: the decoder's message names the offending character, which may be a key's.
    return new String(
        decodeBase64(compact(entry.text()))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        (entry.line() > 0 ? source + ":" + entry.line() : source)
                            + ": data."
                            + key
                            + " is not valid base64; encode the value, or put it under stringData")),
        StandardCharsets.ISO_8859_1);
  }

  /**
   * A {@code data} value without the CR and LF that Go's {@code base64.StdEncoding}, which the API
   * server decodes with, skips (YAML block scalars bring them).
   */
  static String compact(String text) {
    return text == null ? "" : text.replace("\r", "").replace("\n", "");
  }

  /** {@code compact} decoded as Go's StdEncoding does, or empty when that refuses it. */
  static Optional<byte[]> decodeBase64(String compact) {
    // Java's decoder accepts missing '=' padding; Go's StdEncoding refuses it.
    if (compact.length() % 4 != 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(Base64.getDecoder().decode(compact));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "SecretDocument[source=%s, name=%s, namespace=%s, data keys=%s, stringData keys=%s]"
        .formatted(source, name, namespace, data.keySet(), stringData.keySet());
  }
}
