package dev.sessionkeys.core;

/**
 * The naming rules of keys, groups, Secrets and namespaces, as plain character checks. Regular
 * expressions would say the same, but compiling them is a noticeable share of a CLI run's start-up
 * (they are compiled when the built-in profile is created). {@code NameRulesTest} checks these
 * against the equivalent regular expressions.
 */
final class NameRules {

  private NameRules() {}

  /** {@code [A-Za-z_][A-Za-z0-9_]{0,200}}: usable as an environment variable name. */
  static boolean isEnvironmentName(String name) {
    if (name.isEmpty() || name.length() > 201) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
      if (!letter && !(i > 0 && isDigit(c))) {
        return false;
      }
    }
    return true;
  }

  /** {@code [a-z][a-z0-9-]{0,30}}: a rotation group. */
  static boolean isGroup(String group) {
    return !group.isEmpty()
        && group.length() <= 31
        && isLower(group.charAt(0))
        && labelCharacters(group, 1, group.length());
  }

  /** {@code [a-z0-9]([-a-z0-9]*[a-z0-9])?}: a DNS-1123 label (the caller checks the length). */
  static boolean isDnsLabel(String text) {
    return isDnsLabel(text, 0, text.length());
  }

  /** Dot-separated DNS-1123 labels (the caller checks the length). */
  static boolean isDnsSubdomain(String text) {
    int start = 0;
    while (true) {
      int dot = text.indexOf('.', start);
      int end = dot < 0 ? text.length() : dot;
      if (!isDnsLabel(text, start, end)) {
        return false;
      }
      if (dot < 0) {
        return true;
      }
      start = dot + 1;
    }
  }

  private static boolean isDnsLabel(String text, int start, int end) {
    return end > start
        && text.charAt(start) != '-'
        && text.charAt(end - 1) != '-'
        && labelCharacters(text, start, end);
  }

  /** Whether {@code text[start, end)} holds only {@code [a-z0-9-]}. */
  private static boolean labelCharacters(String text, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (!isLower(c) && !isDigit(c) && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLower(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
