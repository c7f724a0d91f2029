package dev.sessionkeys.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Whether a service still decodes with its {@code _PREVIOUS} keys, read from its Prometheus text
 * endpoint before {@code rotate --phase retire} drops them.
 *
 * <p>The runtime counts decodes per key slot and a service exports them as the counter {@value
 * #METRIC} with the label {@value #SLOT_LABEL} ({@code primary}, {@code next}, {@code previous}).
 * The name comes from the runtime's {@code KeyUsage}, which the demo's exporter uses too.
 */
final class KeyUsage {

  /** The counter of decodes per key slot. */
  static final String METRIC = dev.sessionkeys.runtime.KeyUsage.DECODES_METRIC;

  /** The label naming the slot. */
  static final String SLOT_LABEL = "slot";

  /** The slot of the {@code _PREVIOUS} keys. */
  static final String PREVIOUS_SLOT =
      dev.sessionkeys.runtime.KeySlot.PREVIOUS.name().toLowerCase(java.util.Locale.ROOT);

  /** The series that counts decodes with the {@code _PREVIOUS} keys. */
  private static final String PREVIOUS_SERIES =
      METRIC + "{" + SLOT_LABEL + "=\"" + PREVIOUS_SLOT + "\"}";

  /** A metrics page is small; more is not one. */
  private static final int MAX_BYTES = 4 * 1024 * 1024;

  private KeyUsage() {}

  /**
   * The sum of every {@value #METRIC} sample with {@code slot="previous"} in an exposition, or -1
   * when there is none (the endpoint does not export the counter).
   */
  static double previousDecodes(String exposition) {
    double sum = 0;
    boolean found = false;
    for (String raw : exposition.split("\n")) {
      String line = raw.strip();
      String rest = line.startsWith(METRIC + "{") ? line.substring(METRIC.length()) : "";
      int close = labelsEnd(rest);
      if (close < 0 || !previousSlot(rest.substring(1, close))) {
        continue;
      }
      try {
        sum += Double.parseDouble(rest.substring(close + 1).strip().split("\\s+")[0]);
        found = true;
      } catch (NumberFormatException e) {
        // A malformed sample says nothing; the others still count.
      }
    }
    return found ? sum : -1;
  }

  /** Where the label set closes, honouring quoted values with escapes; -1 if it does not. */
  private static int labelsEnd(String text) {
    boolean quoted = false;
    for (int i = 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '}') {
        return i;
      }
    }
    return -1;
  }

  private static boolean previousSlot(String labels) {
    return Arrays.stream(labels.split(","))
        .map(pair -> pair.split("=", 2))
        .anyMatch(
            pair ->
                pair.length == 2
                    && pair[0].strip().equals(SLOT_LABEL)
                    && pair[1].strip().equals("\"" + PREVIOUS_SLOT + "\""));
  }

  /**
   * The URL as messages show it: without user information or query, which may carry a credential
   * the user did not ask to see in a log.
   */
  static String shown(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme() + "://";
    if (url.getHost() == null) {
      return scheme.isEmpty() ? "(the URL)" : scheme + "…";
    }
    return scheme
        + url.getHost()
        + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + (url.getRawPath() == null ? "" : url.getRawPath());
  }

  /** Reads the endpoint once. */
  static String scrape(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw CliException.input("--usage-url " + shown(url) + ": use an http:// or https:// URL");
    }
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(10))
            .header("Accept", "text/plain")
            .GET()
            .build();
    try {
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        byte[] bytes = body.readNBytes(MAX_BYTES + 1);
        if (response.statusCode() != 200) {
          throw CliException.io(
              "key usage endpoint " + shown(url) + " answered HTTP " + response.statusCode(), null);
        }
        if (bytes.length > MAX_BYTES) {
          throw CliException.io(
              "key usage endpoint "
                  + shown(url)
                  + " sent more than 4 MiB; that is not a metrics page",
              null);
        }
        return new String(bytes, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw CliException.io("cannot read key usage from " + shown(url) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.io("interrupted while reading key usage from " + shown(url), e);
    }
  }

  /**
   * Observes the endpoint for {@code window} and says why retiring is unsafe, or null when the
   * previous keys were not used meanwhile.
   */
  static String stillUsed(URI url, Duration window) {
    double before = previousDecodes(scrape(url));
    if (before >= 0) {
      sleep(window, "observing key usage");
    }
    double after = before < 0 ? before : previousDecodes(scrape(url));
    if (after < 0) {
      return shown(url)
          + " exports no "
          + PREVIOUS_SERIES
          + " counter, so nobody can tell whether the previous keys are still used";
    }
    if (after > before || (after < before && after > 0)) {
      // A drop means another pod answered or one restarted: any count there is use.
      return "the previous keys were still used: "
          + PREVIOUS_SERIES
          + " went from "
          + format(before)
          + " to "
          + format(after)
          + " within "
          + window.toSeconds()
          + " s at "
          + shown(url);
    }
    return null;
  }

  private static String format(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  /** Sleeps (not at all for a negative duration); an interrupt is an I/O failure. */
  static void sleep(Duration duration, String whileDoing) {
    try {
      Thread.sleep(Math.max(0, duration.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.io("interrupted while " + whileDoing, e);
    }
  }
}
