package dev.sessionkeys.cli;

import dev.sessionkeys.manifest.JsonText;
import java.util.List;

/**
 * One JSON object of a command's {@code -o json} output, written field by field in the order given
 * and without spaces: {@code {"secret":"ns/name","dryRun":false,"notes":[]}}. The one way the
 * commands build their JSON, so that every document is quoted and shaped alike.
 */
final class JsonObject {

  private final StringBuilder json = new StringBuilder(128).append('{');

  JsonObject put(String name, String value) {
    return raw(name, string(value));
  }

  JsonObject put(String name, boolean value) {
    return raw(name, String.valueOf(value));
  }

  JsonObject put(String name, long value) {
    return raw(name, String.valueOf(value));
  }

  /** An array of strings. */
  JsonObject strings(String name, List<String> values) {
    return raw(name, array(values.stream().map(JsonObject::string).toList()));
  }

  /** An array of objects. */
  JsonObject objects(String name, List<JsonObject> values) {
    return raw(name, array(values.stream().map(JsonObject::toString).toList()));
  }

  /** A value that is JSON text already. */
  JsonObject raw(String name, String json) {
    if (this.json.length() > 1) {
      this.json.append(',');
    }
    this.json.append(string(name)).append(':').append(json);
    return this;
  }

  /** {@code text} as a JSON string literal ({@link JsonText}), or {@code null}. */
  private static String string(String text) {
    return text == null ? "null" : JsonText.quote(text);
  }

  private static String array(List<String> items) {
    return "[" + String.join(",", items) + "]";
  }

  /** The object as JSON text. */
  @Override
  public String toString() {
    return json + "}";
  }
}
