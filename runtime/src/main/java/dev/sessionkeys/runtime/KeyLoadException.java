package dev.sessionkeys.runtime;

import java.util.List;

/**
 * The key set could not be loaded: a key is missing or has the wrong length. The message names each
 * key, the length found and expected, and the Secret it should come from; it never contains a key
 * value.
 */
public final class KeyLoadException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  KeyLoadException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** One line per problem, in key order. */
  public List<String> problems() {
    return problems;
  }
}
