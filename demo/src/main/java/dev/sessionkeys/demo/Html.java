package dev.sessionkeys.demo;

/**
 * Escapes text for HTML element content and quoted attribute values. Every variable on a page goes
 * through here.
 */
final class Html {

  private Html() {}

  static String escape(String text) {
    // Ampersands first, so the entities added after are not escaped again.
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
