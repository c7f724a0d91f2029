package dev.sessionkeys.operator;

/** A Kubernetes Event to record on a SessionKeySet. */
record Note(Type type, String reason, String message) {

  /** The Event's type. */
  enum Type {
    NORMAL,
    WARNING
  }

  static Note normal(String reason, String message) {
    return new Note(Type.NORMAL, reason, message);
  }

  static Note warning(String reason, String message) {
    return new Note(Type.WARNING, reason, message);
  }

  boolean warning() {
    return type == Type.WARNING;
  }
}
