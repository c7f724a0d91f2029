package dev.sessionkeys.manifest;

/**
 * A YAML input that cannot be used: not YAML, too large, not a Secret, and so on. Its message is
 * one line that names the file and, where known, the line, says what is wrong and what to do. It
 * never holds a key value.
 */
public final class ManifestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of problem, for callers and tests that branch on it. */
  public enum Problem {
    NOT_READABLE,
    TOO_LARGE,
    NOT_UTF8,
    EMPTY,
    NOT_YAML,
    TOO_MANY_ALIASES,
    TOO_DEEP,
    TOO_MANY_NODES,
    DUPLICATE_KEY,
    NOT_AN_OBJECT,
    NOT_A_SECRET,
    NO_DATA,
    SEVERAL_SECRETS,
    BAD_FIELD,
    BAD_PROFILE
  }

  private final Problem problem;
  private final String source;
  private final int line;
  private final String detail;

  ManifestException(Problem problem, String source, int line, String detail) {
    super(format(source, line, detail));
    this.problem = problem;
    this.source = source;
    this.line = line;
    this.detail = detail;
  }

  private static String format(String source, int line, String detail) {
    // Messages must stay on one line whatever a parser put in them.
    String oneLine = detail.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    return line > 0 ? source + ":" + line + ": " + oneLine : source + ": " + oneLine;
  }

  public Problem problem() {
    return problem;
  }

  /** The file (or other source) the problem is in. */
  public String source() {
    return source;
  }

  /** The 1-based line, or 0 when not known. */
  public int line() {
    return line;
  }

  /** The message without the file and line prefix. */
  public String detail() {
    return detail;
  }
}
