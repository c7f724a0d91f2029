package dev.sessionkeys.cli;

import dev.sessionkeys.runtime.CookieException;
import dev.sessionkeys.runtime.CookieException.Reason;
import dev.sessionkeys.runtime.DecodedCookie;
import dev.sessionkeys.runtime.GoInt64;
import dev.sessionkeys.runtime.GobView;
import dev.sessionkeys.runtime.SecureCookie;
import dev.sessionkeys.runtime.Serializer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a command line needs to debug cookies ("why was I logged out?"): encode a value given as
 * text, and decode a cookie into printable lines — its values with their Go types, its age, the key
 * generation that verified it — or the exact reason it was rejected with what usually causes it.
 * Output never contains key values. It reads and writes Go's JSON through {@link Serializer#JSON},
 * the runtime's only public door to its Go codecs.
 */
final class CookieInspector {

  /** How the cookie's payload is serialized. */
  public enum Format {
    /** Go's encoding/json; the value is JSON text. */
    JSON,
    /**
     * gob: session values (gorilla/sessions) are listed with their Go types, any other gob value
     * shown as JSON ({@link GobView}); to encode, a JSON object of strings, numbers, booleans,
     * lists (and objects, for {@code map[string]interface{}}).
     */
    GOB,
    /** bytes as they are; the value is UTF-8 text. */
    RAW
  }

  /**
   * The result of decoding.
   *
   * @param accepted true when the cookie verified and deserialized
   * @param reason the rejection reason, or null when accepted
   * @param lines human-readable report lines
   */
  public record Inspection(boolean accepted, Reason reason, List<String> lines) {
    public Inspection {
      lines = List.copyOf(lines);
    }
  }

  private CookieInspector() {}

  /**
   * Encodes {@code text} (read according to {@code format}; gob as the given Go map type) as a
   * cookie value.
   *
   * @throws IllegalArgumentException when the text is not valid for the format
   * @throws CookieException when the value cannot be encoded (too long, type outside the gob
   *     subset)
   */
  public static String encode(
      SecureCookie codec, String name, Format format, String text, GobView.MapType gobType) {
    Objects.requireNonNull(text, "text");
    return switch (format) {
      case RAW -> codec.encode(name, text.getBytes(StandardCharsets.UTF_8));
      case JSON -> codec.encode(name, parseJson(text), Serializer.JSON);
      case GOB -> codec.encode(name, GobView.encodeJsonObject(text, gobType));
    };
  }

  private static Object parseJson(String text) {
    try {
      return Serializer.JSON.deserialize(text.getBytes(StandardCharsets.UTF_8));
    } catch (CookieException e) {
      throw new IllegalArgumentException(
          "the value is not JSON (" + e.getMessage().replace("CANNOT_DESERIALIZE: ", "") + ")");
    }
  }

  /** Decodes and describes a cookie value; never throws for a bad cookie. */
  public static Inspection decode(
      SecureCookie codec, String name, String value, Format format, Clock clock) {
    List<String> lines = new ArrayList<>();
    long now = Math.floorDiv(clock.millis(), 1000L);
    try {
      // gob is decoded below: session values first, any other gob value as JSON.
      Serializer<?> serializer = format == Format.JSON ? Serializer.JSON : Serializer.RAW;
      DecodedCookie<?> d = codec.decode(name, value, serializer);
      List<String> valueLines = describe(d.value(), format);
      lines.add("valid cookie \"" + name + "\"");
      lines.add(
          "signed with: key generation "
              + d.key().fingerprint()
              + " (keys "
              + String.join(", ", d.key().keyFingerprints())
              + ")"
              + (d.key().previous()
                  ? ", a PREVIOUS generation: re-issue the cookie under the current keys"
                  : ", the current one"));
      long age = now - d.timestamp();
      lines.add(
          "issued: "
              + Instant.ofEpochSecond(d.timestamp())
              + " ("
              + (age >= 0 ? duration(age) + " ago" : "in the future by " + duration(-age))
              + ")"
              + (codec.maxAgeSeconds() <= 0
                  ? ""
                  : ", expires "
                      + Instant.ofEpochSecond(d.timestamp() + codec.maxAgeSeconds())
                      + " (max age "
                      + duration(codec.maxAgeSeconds())
                      + ")"));
      lines.addAll(valueLines);
      return new Inspection(true, null, lines);
    } catch (CookieException e) {
      lines.add("rejected cookie \"" + name + "\": " + e.getMessage());
      lines.add("likely cause: " + cause(e.reason(), codec));
      return new Inspection(false, e.reason(), lines);
    }
  }

  private static String cause(Reason reason, SecureCookie codec) {
    return switch (reason) {
      case TOO_LONG -> "the value is longer than browsers keep; the session holds too much data";
      case MALFORMED ->
          "not a cookie value of this format: copied incompletely, or URL-decoded/quoted on the way";
      case MAC_INVALID ->
          "signed with a key this key set does not hold (rotated without setting the _PREVIOUS"
              + " key?), meant for another cookie name, or altered; keys tried: "
              + codec.keyGenerations().size();
      case EXPIRED -> "older than the maximum age: the user has to sign in again";
      case TOO_NEW -> "younger than the minimum age";
      case CANNOT_DECRYPT ->
          "the encrypted part is too short: truncated, or encrypted with no block key";
      case CANNOT_DESERIALIZE ->
          "verified, but not in the chosen format (try --json, --gob or --raw), or encrypted"
              + " with a block key this key set does not use";
      case CANNOT_SERIALIZE -> "the value cannot be written in the chosen format";
    };
  }

  private static List<String> describe(Object value, Format format) {
    if (format == Format.JSON) {
      return List.of("value: " + json(value));
    }
    byte[] b = (byte[]) value;
    if (format == Format.RAW) {
      String text = new String(b, StandardCharsets.UTF_8);
      boolean printable = Arrays.equals(text.getBytes(StandardCharsets.UTF_8), b);
      return List.of(
          "value ("
              + b.length
              + " bytes): "
              + (printable ? json(text) : "base64 " + Base64.getEncoder().encodeToString(b)));
    }
    Map<String, Object> values;
    try {
      values = Serializer.GOB.deserialize(b);
    } catch (CookieException e) {
      // Not gorilla/sessions values: any other gob value, as JSON.
      GobView.Decoded any = GobView.decode(b);
      return List.of("value (" + any.goType() + "): " + any.json());
    }
    List<String> lines = new ArrayList<>();
    lines.add("values (" + values.size() + "):");
    // JSON string escaping keeps control characters from reaching the terminal.
    values.forEach((key, v) -> lines.add("  " + json(key) + " = " + goValue(v)));
    return lines;
  }

  private static String goValue(Object v) {
    if (v == null) {
      return "nil";
    }
    if (v instanceof String s) {
      return json(s) + " (string)";
    }
    if (v instanceof Boolean b) {
      return b + " (bool)";
    }
    if (v instanceof Long l) {
      return l + " (int)";
    }
    if (v instanceof GoInt64 l) {
      return l.value() + " (int64)";
    }
    if (v instanceof Double d) {
      // Go's JSON form of a float64 (shortest digits) is what %v prints for the values in a
      // session.
      return json(d) + " (float64)";
    }
    if (v instanceof byte[] b) {
      return "base64 " + Base64.getEncoder().encodeToString(b) + " ([]byte)";
    }
    if (v instanceof List<?> list) {
      return list.stream().map(CookieInspector::goValue).collect(Collectors.joining(", ", "[", "]"))
          + " ([]interface {})";
    }
    return String.valueOf(v);
  }

  /** Go's {@code json.Encoder} output without its trailing newline. */
  private static String json(Object value) {
    byte[] json = Serializer.JSON.serialize(value);
    return new String(json, 0, json.length - 1, StandardCharsets.UTF_8);
  }

  static String duration(long seconds) {
    if (seconds < 120) {
      return seconds + " s";
    }
    long d = seconds / 86400;
    long h = (seconds % 86400) / 3600;
    long m = (seconds % 3600) / 60;
    if (d > 0) {
      return d + " d " + h + " h";
    }
    if (h > 0) {
      return h + " h " + m + " min";
    }
    return m + " min";
  }
}
