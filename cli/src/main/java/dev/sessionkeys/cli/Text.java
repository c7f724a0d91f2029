package dev.sessionkeys.cli;

/**
 * Column padding for reports. Not {@code printf}: {@link java.util.Formatter} loads locale data on
 * first use, a noticeable part of a command's start-up.
 */
final class Text {

  private Text() {}

  /** {@code text} followed by spaces up to {@code width} characters (and at least one space). */
  static String pad(String text, int width) {
    StringBuilder out = new StringBuilder(Math.max(width, text.length()) + 1).append(text);
    do {
      out.append(' ');
    } while (out.length() < width);
    return out.toString();
  }

  /**
   * One key of a report, never its value: {@code KEY sha256:1a2b3c4d 64 characters}, the name
   * padded to the column the reports share.
   */
  static String keyLine(String name, dev.sessionkeys.core.SecretValue value) {
    return pad(name, 29) + "sha256:" + value.fingerprint() + "  " + value.length() + " characters";
  }

  /** {@code count} and the noun, plural unless it is one: "1 error", "2 errors". */
  static String count(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
