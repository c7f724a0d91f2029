package dev.sessionkeys.operator;

/** A Kubernetes Event to record on a SessionKeySet: a Warning, or else a Normal one. */
record Note(boolean warning, String reason, String message) {

  static Note normal(String reason, String message) {
    return new Note(false, reason, message);
  }

  static Note warning(String reason, String message) {
    return new Note(true, reason, message);
  }
}
