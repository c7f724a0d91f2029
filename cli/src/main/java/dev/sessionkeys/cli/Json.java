package dev.sessionkeys.cli;

import dev.sessionkeys.manifest.JsonText;

/**
 * The little JSON the reports need: string escaping ({@link JsonText}), with {@code null} for
 * absent values.
 */
final class Json {

  private Json() {}

  /** {@code text} as a JSON string literal, or {@code null}. */
  static String string(String text) {
    return text == null ? "null" : JsonText.quote(text);
  }
}
