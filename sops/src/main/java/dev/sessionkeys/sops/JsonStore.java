package dev.sessionkeys.sops;

import dev.sessionkeys.manifest.JsonText;
import dev.sessionkeys.manifest.ParseLimits;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The JSON store: sops decodes JSON with Go's {@code encoding/json}, so every number is a float64
 * (hashed and encrypted as {@code type:float}), objects keep their order, and there are no
 * comments.
 */
final class JsonStore {

  /** The limits every reader shares (size, depth, nodes; JSON has no aliases). */
  private static final ParseLimits LIMITS = ParseLimits.DEFAULT;

  private final String text;
  private final String source;
  private final ParseLimits.Budget budget;
  private int pos;

  private JsonStore(String text, String source) {
    this.text = text;
    this.source = source;
    this.budget = LIMITS.budget(source);
  }

  /**
   * Parses a JSON document whose root is an object. The parser recurses once per nesting level, so
   * the depth is bounded before each step down (see {@link ParseLimits}); over a limit is a {@link
   * dev.sessionkeys.manifest.ManifestException}.
   */
  static SopsNode.Mapping read(String text, String source) {
    LIMITS.checkSize(source, text.length());
    JsonStore parser = new JsonStore(text, source);
    parser.skipSpace();
    if (parser.pos >= text.length() || text.charAt(parser.pos) != '{') {
      throw parser.error("must be a JSON object at the top level");
    }
    SopsNode.Mapping root = (SopsNode.Mapping) parser.value("");
    parser.skipSpace();
    if (parser.pos != text.length()) {
      throw parser.error("has text after the JSON object");
    }
    return root;
  }

  private SopsException error(String what) {
    int line = 1;
    for (int i = 0; i < Math.min(pos, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return SopsException.invalidInput(
        source + " line " + line + ": " + what + " (fix the JSON syntax)");
  }

  private void skipSpace() {
    while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private void expect(char c) {
    skipSpace();
    if (!skip(c)) {
      throw error("expected '" + c + "'");
    }
  }

  private SopsNode value(String path) {
    skipSpace();
    if (pos >= text.length()) {
      throw error("unexpected end of input");
    }
    char c = text.charAt(pos);
    if (c == '{' || c == '[') {
      return collection(c == '{', path);
    }
    budget.node(0);
    if (c == '"') {
      return SopsNode.Scalar.of(string());
    }
    for (String word : List.of("true", "false", "null")) {
      if (text.startsWith(word, pos)) {
        pos += word.length();
        return new SopsNode.Scalar(word.equals("null") ? null : Boolean.valueOf(word));
      }
    }
    return new SopsNode.Scalar(number());
  }

  /** An object or array; {@code pos} is at its opening bracket. */
  private SopsNode collection(boolean object, String path) {
    char close = object ? '}' : ']';
    pos++;
    budget.enter(0);
    List<SopsNode.Item> entries = new ArrayList<>();
    List<SopsNode> items = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    skipSpace();
    if (!skip(close)) {
      do {
        if (object) {
          skipSpace();
          String key = string();
          String child = path.isEmpty() ? key : path + "." + key;
          if (!keys.add(key)) {
            throw error("duplicate key '" + child + "'");
          }
          expect(':');
          entries.add(new SopsNode.Entry(key, value(child)));
        } else {
          items.add(value(path));
        }
        skipSpace();
      } while (skip(','));
      expect(close);
    }
    budget.exit();
    return object ? new SopsNode.Mapping(entries) : new SopsNode.Sequence(items);
  }

  /** Steps over {@code c} if it comes next. */
  private boolean skip(char c) {
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private double number() {
    int start = pos;
    while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    String n = text.substring(start, pos);
    if (!n.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
      pos = start;
      throw error("expected a JSON value");
    }
    double d = Double.parseDouble(n);
    if (Double.isInfinite(d)) {
      throw error("number out of range");
    }
    return d;
  }

  private String string() {
    if (pos >= text.length() || text.charAt(pos) != '"') {
      throw error("expected a string");
    }
    pos++;
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        return out.toString();
      } else if (c < 0x20) {
        throw error("control character in a string");
      } else if (c != '\\') {
        out.append(c);
        continue;
      }
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw error("bad \\u escape");
          }
          try {
            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("bad \\u escape");
          }
          pos += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ writing

  /**
   * JSON as sops' JSON store holds it: the tree written and read back, so that ints become floats
   * (Go decodes every JSON number to float64) and comments go.
   */
  static SopsNode.Mapping asJsonTypes(SopsNode.Mapping mapping, String source) {
    return read(write(mapping), source);
  }

  /** Writes indented JSON (4 spaces), comments dropped. */
  static String write(SopsNode.Mapping root) {
    StringBuilder out = new StringBuilder();
    write(root, "", out);
    return out.append('\n').toString();
  }

  private static void write(SopsNode node, String indent, StringBuilder out) {
    if (node instanceof SopsNode.Scalar s) {
      Object v = s.value();
      if (v instanceof Double d && !Double.isFinite(d)) {
        throw SopsException.invalidInput("JSON cannot hold NaN or infinity");
      }
      out.append(
          v instanceof String text
              ? JsonText.quote(text)
              : v instanceof Double d ? GoValues.formatFloat(d) : String.valueOf(v));
      return;
    }
    boolean object = node instanceof SopsNode.Mapping;
    List<?> children =
        object ? ((SopsNode.Mapping) node).entries() : ((SopsNode.Sequence) node).values();
    out.append(object ? '{' : '[');
    String inner = indent + "    ";
    for (int i = 0; i < children.size(); i++) {
      out.append(i == 0 ? "\n" : ",\n").append(inner);
      if (children.get(i) instanceof SopsNode.Entry e) {
        out.append(JsonText.quote(e.key())).append(": ");
        write(e.value(), inner, out);
      } else {
        write((SopsNode) children.get(i), inner, out);
      }
    }
    out.append(children.isEmpty() ? "" : "\n" + indent).append(object ? '}' : ']');
  }
}
