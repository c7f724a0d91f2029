package dev.sessionkeys.demo;

import dev.sessionkeys.runtime.KeyGeneration;
import dev.sessionkeys.runtime.KeyUsage;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's {@code /metrics} page: the runtime's key-usage counters and the key generations this
 * process holds, in Prometheus's text exposition format (version 0.0.4), so a scraper or {@code
 * sessionkeys rotate --phase retire} can tell whether a {@code _PREVIOUS} key is still needed.
 *
 * <pre>
 * sessionkeys_key_decodes_total{codec="session",slot="previous"} 12
 * sessionkeys_key_loaded{codec="session",slot="previous",fingerprint="sha256:0123456789abcdef"} 1
 * </pre>
 *
 * Fingerprints only, never a key.
 */
final class Metrics {

  /** The media type of the text format. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  static final String DECODES = KeyUsage.DECODES_METRIC;
  static final String LOADED = "sessionkeys_key_loaded";

  private Metrics() {}

  /**
   * Renders the counters and the loaded generations of each codec.
   *
   * @param usage the key set's counters
   * @param loaded each codec's generations in decoding order
   */
  static String render(KeyUsage usage, Map<KeyUsage.Codec, List<KeyGeneration>> loaded) {
    StringBuilder sb = new StringBuilder(1024);
    header(
        sb,
        DECODES,
        "Successful decodes per codec and key slot since the process started.",
        "counter");
    for (KeyUsage.Count count : usage.snapshot()) {
      sample(sb, DECODES, count.codec(), count.slot(), "", count.decodes());
    }
    header(
        sb,
        LOADED,
        "Key generations this process holds, per codec and slot, by fingerprint.",
        "gauge");
    for (Map.Entry<KeyUsage.Codec, List<KeyGeneration>> e : loaded.entrySet()) {
      for (KeyGeneration generation : e.getValue()) {
        String fingerprint = ",fingerprint=\"" + generation.fingerprint() + "\"";
        sample(sb, LOADED, e.getKey(), generation.slot(), fingerprint, 1);
      }
    }
    return sb.toString();
  }

  private static void header(StringBuilder sb, String name, String help, String type) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(
      StringBuilder sb, String name, Enum<?> codec, Enum<?> slot, String more, long value) {
    sb.append(name)
        .append("{codec=\"")
        .append(label(codec))
        .append("\",slot=\"")
        .append(label(slot))
        .append('"')
        .append(more)
        .append("} ")
        .append(value)
        .append('\n');
  }

  private static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
