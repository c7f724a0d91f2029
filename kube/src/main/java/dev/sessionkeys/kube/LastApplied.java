package dev.sessionkeys.kube;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkeys.manifest.ParseLimits;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kubectl apply} copies the whole manifest it applied into the annotation {@value
 * #ANNOTATION}, so a Secret applied from a file carries its key values a second time, in metadata:
 * visible to {@code kubectl describe}, and still holding the old values after a rotation. We never
 * put key material into annotations; on every write of ours the copy loses its {@code data} and
 * {@code stringData} (the rest stays, so {@code kubectl apply} still merges the other fields).
 */
public final class LastApplied {

  /** Where kubectl keeps the last applied manifest. */
  public static final String ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

  /**
   * JSON only, under the project's parse limits: the annotation is written by whoever can edit the
   * Secret, and fabric8's own {@code unmarshal} reads anything not starting with a brace as YAML,
   * aliases included (a few hundred bytes of nested aliases then expand past any heap).
   */
  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxNestingDepth(ParseLimits.DEFAULT.maxDepth())
                      .maxDocumentLength(ParseLimits.DEFAULT.maxBytes())
                      .build())
              .build());

  private LastApplied() {}

  /** Whether the Secret's last-applied annotation holds values ({@code data} or stringData). */
  public static boolean holdsValues(Secret secret) {
    Map<String, String> annotations = SecretMapping.annotations(secret);
    return !annotations.equals(scrubbed(annotations));
  }

  /**
   * {@code annotations} with the last-applied copy's values removed; the same map when there is
   * nothing to remove. A copy that is not a JSON object cannot be cleaned, so it is dropped whole.
   */
  public static Map<String, String> scrubbed(Map<String, String> annotations) {
    String text = annotations.get(ANNOTATION);
    if (text == null) {
      return annotations;
    }
    Map<String, String> out = new LinkedHashMap<>(annotations);
    Object parsed = null;
    // kubectl writes the copy as one JSON object; anything else is not read at all (no YAML).
    if (text.strip().startsWith("{")) {
      try {
        // A plain map: never a typed resource, whatever apiVersion and kind the copy names.
        parsed = JSON.readValue(text, Map.class);
      } catch (java.io.IOException | RuntimeException e) {
        parsed = null;
      }
    }
    if (!(parsed instanceof Map<?, ?> manifest)) {
      out.remove(ANNOTATION);
      return out;
    }
    if (!manifest.containsKey("data") && !manifest.containsKey("stringData")) {
      return annotations;
    }
    Map<Object, Object> kept = new LinkedHashMap<>(manifest);
    kept.keySet().removeAll(List.of("data", "stringData"));
    out.put(ANNOTATION, Serialization.asJson(kept));
    return out;
  }

  /** {@code secret}, or a copy whose last-applied annotation holds no values. */
  public static Secret scrub(Secret secret) {
    Map<String, String> annotations = SecretMapping.annotations(secret);
    Map<String, String> clean = scrubbed(annotations);
    if (clean.equals(annotations)) {
      return secret;
    }
    return new SecretBuilder(secret).editMetadata().withAnnotations(clean).endMetadata().build();
  }
}
