package dev.sessionkeys.runtime;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Any gob value a Go app puts in a cookie, as JSON for people, and JSON objects as the gob maps Go
 * apps read. The one public entry point of the general gob codec ({@link GobReader}, {@link
 * GobWriter}), which {@link Serializer#GOB} shares for gorilla/sessions values.
 *
 * <p>The JSON view keeps the wire order (struct fields as declared, maps as sent). Interface values
 * of Go types JSON shows by itself ({@code string}, {@code bool}, {@code int}, {@code float64},
 * {@code []interface {}}, {@code map[string]interface {}}, {@code map[interface {}]interface {}})
 * appear plain; others as {@code {"$type":"<registered name>","$value":...}}. {@code []byte} is
 * base64 (as Go's JSON), complex numbers {@code [real, imag]}, NaN and infinities the strings
 * {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"}, maps with non-string keys an array of {@code
 * {"key":...,"value":...}}, {@code time.Time} RFC 3339 text, other self-encoding values
 * (GobEncoder, BinaryMarshaler, TextMarshaler) their bytes in base64.
 */
public final class GobView {

  /**
   * A decoded gob value.
   *
   * @param goType the Go type it was sent as ({@code map[string]string}, a struct's name, ...)
   * @param json its JSON view, one line
   */
  public record Decoded(String goType, String json) {}

  /** The Go map type to write a JSON object as. */
  public enum MapType {
    /** {@code map[interface{}]interface{}}: gorilla/sessions values (no nested objects). */
    SESSION("map[interface{}]interface{}"),
    /** {@code map[string]interface{}}: values strings, booleans, numbers, objects, arrays. */
    STRING_TO_ANY("map[string]interface{}"),
    /** {@code map[string]string}: every value a string. */
    STRING_TO_STRING("map[string]string");

    /** The Go spelling without spaces. */
    private final String compact;

    MapType(String compact) {
      this.compact = compact;
    }

    /** Reads a Go spelling, spaces optional ({@code map[string]interface {}} as Go prints it). */
    public static MapType parse(String goType) {
      for (MapType t : values()) {
        if (t.compact.equals(goType.replace(" ", ""))) {
          return t;
        }
      }
      throw new IllegalArgumentException(
          "unknown gob map type; use map[interface{}]interface{} (sessions),"
              + " map[string]interface{} or map[string]string");
    }
  }

  /**
   * Interface values whose concrete type the JSON view shows without a {@code $type} wrapper: a
   * JSON reader would pick these Go types anyway.
   */
  private static final List<String> PLAIN_TYPES =
      List.of(
          "string",
          "bool",
          "int",
          "float64",
          "[]interface {}",
          "map[string]interface {}",
          "map[interface {}]interface {}");

  private static final long UNIX_TO_INTERNAL = 62_135_596_800L;

  private GobView() {}

  /**
   * Decodes one gob value into its JSON view.
   *
   * @throws CookieException ({@code CANNOT_DESERIALIZE}) when the bytes are not a gob value or
   *     exceed the reader's limits; the message never contains the data
   */
  public static Decoded decode(byte[] gob) {
    GobReader.Result r = GobReader.read(gob);
    StringBuilder sb = new StringBuilder();
    write(sb, r.value());
    return new Decoded(GobReader.printable(r.goType()), sb.toString());
  }

  /**
   * Encodes a JSON object of string keys as gob of the given Go map type, the bytes a fresh Go
   * process writes for it. JSON integers become Go {@code int}, other numbers {@code float64}.
   *
   * @throws IllegalArgumentException when the text is not a JSON object (or, for sessions, holds a
   *     nested object)
   * @throws CookieException ({@code CANNOT_SERIALIZE}) when a value does not fit the map type
   */
  public static byte[] encodeJsonObject(String json, MapType type) {
    Object value;
    try {
      value = GoJson.read(json.getBytes(StandardCharsets.UTF_8));
    } catch (CookieException e) {
      throw new IllegalArgumentException(
          "the value is not JSON (" + e.getMessage().replace("CANNOT_DESERIALIZE: ", "") + ")");
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(
          (type == MapType.SESSION ? "session values" : "gob values")
              + " must be a JSON object, such as {\"user\":\"alice\"}");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> values = (Map<String, Object>) map;
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (type == MapType.SESSION && e.getValue() instanceof Map) {
        throw new IllegalArgumentException(
            "the value of \""
                + e.getKey()
                + "\" is an object; gob session values are strings, numbers, booleans, null or"
                + " lists (flashes)");
      }
    }
    return GobWriter.encode(values, type);
  }

  // ----------------------------------------------------------------------------------------------
  // the JSON view

  private static void write(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      string(sb, s);
    } else if (v instanceof Boolean || v instanceof Long || v instanceof BigInteger) {
      sb.append(v);
    } else if (v instanceof Double d) {
      if (Double.isNaN(d)) {
        sb.append("\"NaN\"");
      } else if (Double.isInfinite(d)) {
        sb.append(d == Double.POSITIVE_INFINITY ? "\"+Inf\"" : "\"-Inf\"");
      } else {
        sb.append(GoJson.formatFloat(d, false));
      }
    } else if (v instanceof byte[] b) {
      sb.append('"').append(Base64.getEncoder().encodeToString(b)).append('"');
    } else if (v instanceof List<?> list) {
      sb.append('[');
      for (int i = 0; i < list.size(); i++) {
        sb.append(i > 0 ? "," : "");
        write(sb, list.get(i));
      }
      sb.append(']');
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        sb.append(first ? "" : ",");
        first = false;
        string(sb, (String) e.getKey());
        sb.append(':');
        write(sb, e.getValue());
      }
      sb.append('}');
    } else if (v instanceof GobReader.Entries entries) {
      sb.append('[');
      for (int i = 0; i < entries.keys().size(); i++) {
        sb.append(i > 0 ? ",{\"key\":" : "{\"key\":");
        write(sb, entries.keys().get(i));
        sb.append(",\"value\":");
        write(sb, entries.values().get(i));
        sb.append('}');
      }
      sb.append(']');
    } else if (v instanceof GobReader.Typed typed && PLAIN_TYPES.contains(typed.goType())) {
      write(sb, typed.value());
    } else if (v instanceof GobReader.Typed typed) {
      sb.append("{\"$type\":");
      string(sb, typed.goType());
      sb.append(",\"$value\":");
      write(sb, typed.value());
      sb.append('}');
    } else {
      GobReader.Opaque o = (GobReader.Opaque) v;
      String time = o.wireName().equals("Time") ? time(o.data()) : null;
      write(sb, time != null ? time : o.data());
    }
  }

  private static void string(StringBuilder sb, String s) {
    byte[] json = GoJson.write(s);
    sb.append(new String(json, 0, json.length - 1, StandardCharsets.UTF_8));
  }

  /**
   * time.Time's MarshalBinary form as RFC 3339 with nanoseconds (as Go's MarshalJSON), or null when
   * the bytes are not that form: version 1 (15 bytes) or 2 (16, offset seconds), seconds since year
   * 1, nanoseconds, zone offset in minutes (-1 for UTC).
   */
  static String time(byte[] b) {
    int version = b.length > 0 ? b[0] : 0;
    if (!(version == 1 && b.length == 15) && !(version == 2 && b.length == 16)) {
      return null;
    }
    ByteBuffer fields = ByteBuffer.wrap(b);
    long sec = fields.getLong(1);
    int nanos = fields.getInt(9);
    int offsetMinutes = fields.getShort(13);
    int offsetSeconds = offsetMinutes == -1 ? 0 : offsetMinutes * 60;
    if (version == 2) {
      offsetSeconds += b[15];
    }
    if (nanos < 0 || nanos > 999_999_999) {
      return null;
    }
    try {
      Instant instant = Instant.ofEpochSecond(Math.subtractExact(sec, UNIX_TO_INTERNAL), nanos);
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME
          .withLocale(Locale.ROOT)
          .format(instant.atOffset(ZoneOffset.ofTotalSeconds(offsetSeconds)));
    } catch (DateTimeException | ArithmeticException e) {
      return null; // outside what Java's time types hold: shown as bytes
    }
  }
}
