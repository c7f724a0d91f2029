package dev.sessionkeys.manifest;

/**
 * JSON string literals, for every writer of JSON (reports, SOPS files): escapes quote, backslash
 * and control characters, and U+2028/U+2029 so the text is also safe inside JavaScript. Kept this
 * small so that file commands load no JSON library.
 */
public final class JsonText {

  private JsonText() {}

  /** {@code text} as a JSON string literal. */
  public static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
