package dev.sessionkeys.sops;

import dev.sessionkeys.manifest.ParseLimits;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.comments.CommentLine;
import org.snakeyaml.engine.v2.comments.CommentType;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * The YAML store: text to {@link SopsNode} and back, typing scalars as go-yaml v3 does (sops is a
 * Go program), keeping key order and comment lines where sops keeps them.
 */
final class YamlStore {

  /**
   * Tag given to implicit plain scalars so that go-yaml's rules, not snakeyaml's, decide their
   * type.
   */
  private static final Tag PLAIN = new Tag("tag:sessionkeys.dev,2026:plain");

  private static final String YAML_TAG = "tag:yaml.org,2002:";

  /** The limits every reader shares; the tree below expands aliases, so its nodes count too. */
  private static final ParseLimits LIMITS = ParseLimits.DEFAULT;

  private YamlStore() {}

  // ------------------------------------------------------------------------------------------------ reading

  /**
   * Parses one YAML document whose root is a mapping.
   *
   * @param source the file name (or "input") for error messages
   * @throws dev.sessionkeys.manifest.ManifestException over one of the shared limits
   */
  static SopsNode.Mapping read(String text, String source) {
    Node root;
    try {
      List<Node> documents =
          LIMITS.composeAll(
              LoadSettings.builder().setParseComments(true).setSchema(new GoSchema()),
              text,
              source);
      if (documents.isEmpty()) {
        throw invalid(source, "is empty; expected a YAML mapping");
      }
      root = documents.get(0);
      if (documents.size() > 1) {
        throw invalid(source, "holds several YAML documents; put one document per file");
      }
    } catch (MarkedYamlEngineException e) {
      String where = e.getProblemMark().or(e::getContextMark).map(YamlStore::position).orElse("");
      throw invalid(
          source, "is not valid YAML" + where + ": " + e.getProblem() + " (fix the syntax)");
    } catch (YamlEngineException e) {
      // Unmarked engine errors carry no input text, only the problem.
      throw invalid(source, "is not valid YAML: " + e.getMessage() + " (fix the syntax)");
    }
    if (!(root instanceof MappingNode mapping)) {
      throw invalid(
          source, "must be a YAML mapping at the top level (sops refuses sequences and scalars)");
    }
    placeIndentedComments(mapping, new IdentityHashMap<>());
    return (SopsNode.Mapping) new Reader(source).node(mapping, "");
  }

  /**
   * go-yaml v3 gives a comment line to the node its indentation belongs to; snakeyaml gives it to
   * the next key. A comment indented deeper than the key that follows it ends the previous, deeper
   * collection (sops then uses that collection's path as the comment's AAD), so move it there, as
   * an end comment of that collection.
   */
  private static void placeIndentedComments(Node node, Map<Node, Boolean> seen) {
    if (seen.put(node, Boolean.TRUE) != null) {
      return;
    }
    if (node instanceof MappingNode m) {
      List<NodeTuple> tuples = m.getValue();
      for (int i = 1; i < tuples.size(); i++) {
        moveDeeperComments(
            tuples.get(i).getKeyNode(), false, tuples.get(i - 1).getValueNode(), column(node));
      }
      if (!tuples.isEmpty()) {
        moveDeeperComments(node, true, tuples.get(tuples.size() - 1).getValueNode(), column(node));
      }
      for (NodeTuple t : tuples) {
        placeIndentedComments(t.getKeyNode(), seen);
        placeIndentedComments(t.getValueNode(), seen);
      }
    } else if (node instanceof SequenceNode s) {
      List<Node> items = s.getValue();
      for (int i = 1; i < items.size(); i++) {
        moveDeeperComments(items.get(i), false, items.get(i - 1), column(node));
      }
      // End comments: snakeyaml gives them to the document's root (a mapping) only.
      for (Node item : items) {
        placeIndentedComments(item, seen);
      }
    }
  }

  private static void moveDeeperComments(
      Node holder, boolean endComments, Node previous, int holderColumn) {
    List<CommentLine> lines = endComments ? holder.getEndComments() : holder.getBlockComments();
    if (lines == null) {
      return;
    }
    List<CommentLine> keep = new ArrayList<>();
    for (CommentLine line : lines) {
      int col = line.getStartMark().map(Mark::getColumn).orElse(-1);
      Node target = col > holderColumn ? deepestOpenCollection(previous, col) : null;
      if (target == null) {
        keep.add(line);
      } else {
        List<CommentLine> end = new ArrayList<>();
        if (target.getEndComments() != null) {
          end.addAll(target.getEndComments());
        }
        end.add(line);
        target.setEndComments(end);
      }
    }
    if (endComments) {
      holder.setEndComments(keep);
    } else {
      holder.setBlockComments(keep);
    }
  }

  /**
   * The innermost collection, along the last items of sequences from {@code start}, indented at
   * most {@code col}. The walk stops at a mapping: {@link #placeIndentedComments} passes over that
   * mapping's own end comments later and moves the comment on from there.
   */
  private static Node deepestOpenCollection(Node start, int col) {
    Node target = null;
    Node candidate = start;
    while ((candidate instanceof MappingNode || candidate instanceof SequenceNode)
        && column(candidate) <= col) {
      target = candidate;
      if (!(candidate instanceof SequenceNode s) || s.getValue().isEmpty()) {
        break;
      }
      candidate = s.getValue().get(s.getValue().size() - 1);
    }
    return target;
  }

  private static int column(Node node) {
    return node.getStartMark().map(Mark::getColumn).orElse(0);
  }

  private static String position(Mark mark) {
    return " at line " + (mark.getLine() + 1) + " column " + (mark.getColumn() + 1);
  }

  private static SopsException invalid(String source, String message) {
    return SopsException.invalidInput(source + " " + message);
  }

  /**
   * Plain scalars get {@link #PLAIN}; quoted ones are strings. Explicit tags are left to {@link
   * Reader}.
   */
  private static final class GoSchema implements Schema {
    @Override
    public ScalarResolver getScalarResolver() {
      return (value, implicit) -> Boolean.TRUE.equals(implicit) ? PLAIN : Tag.STR;
    }

    @Override
    public Map<Tag, ConstructNode> getSchemaTagConstructors() {
      return Map.of();
    }
  }

  private static final class Reader {
    private final String source;

    /**
     * Nodes on the current path, to refuse self-referencing aliases instead of recursing forever.
     */
    private final Map<Node, Boolean> open = new IdentityHashMap<>();

    /**
     * Counts the nodes built, each alias expansion again: the composed tree shares aliased nodes,
     * the {@link SopsNode} tree copies them, so a few aliases could otherwise build millions.
     */
    private final ParseLimits.Budget budget;

    Reader(String source) {
      this.source = source;
      this.budget = LIMITS.budget(source);
    }

    private SopsException invalid(Node node, String path, String what) {
      return SopsException.invalidInput(at(node, path) + what);
    }

    private String at(Node node, String path) {
      String line = node.getStartMark().map(m -> " line " + (m.getLine() + 1)).orElse("");
      String key = path.isEmpty() ? "" : " (key " + path + ")";
      return source + line + key;
    }

    private SopsNode.Mapping mapping(MappingNode node, String path) {
      List<SopsNode.Item> items = new ArrayList<>();
      Set<String> keys = new HashSet<>();
      for (NodeTuple tuple : node.getValue()) {
        Node keyNode = tuple.getKeyNode();
        Node valueNode = tuple.getValueNode();
        comments(keyNode.getBlockComments(), items);
        if (!(keyNode instanceof ScalarNode keyScalar)) {
          throw invalid(keyNode, path, ": a mapping key must be a string, not a collection");
        }
        Object key = scalarValue(keyScalar, path);
        if (!(key instanceof String keyText)) {
          throw invalid(
              keyNode,
              path,
              ": the key '"
                  + keyScalar.getValue()
                  + "' is not a string;"
                  + " quote it (sops refuses non-string keys)");
        }
        String childPath = path.isEmpty() ? keyText : path + "." + keyText;
        if (!keys.add(keyText)) {
          throw invalid(keyNode, childPath, ": duplicate key '" + keyText + "'; keep only one");
        }
        comments(keyNode.getInLineComments(), items);
        if (valueNode instanceof ScalarNode) {
          // sops puts a scalar's head and line comments before its entry.
          comments(valueNode.getBlockComments(), items);
          comments(valueNode.getInLineComments(), items);
        }
        // snakeyaml gives end comments only to the document's root; placeIndentedComments moves
        // them to collections. A key or scalar never has any.
        items.add(new SopsNode.Entry(keyText, node(valueNode, childPath)));
      }
      comments(node.getEndComments(), items);
      return new SopsNode.Mapping(items);
    }

    private SopsNode.Sequence sequence(SequenceNode node, String path) {
      List<SopsNode> items = new ArrayList<>();
      for (Node item : node.getValue()) {
        comments(item.getBlockComments(), items);
        if (item instanceof ScalarNode) {
          comments(item.getInLineComments(), items);
        }
        items.add(node(item, path));
      }
      comments(node.getEndComments(), items);
      return new SopsNode.Sequence(items);
    }

    private static int line(Node node) {
      return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    SopsNode node(Node node, String path) {
      if (node instanceof ScalarNode scalar) {
        budget.node(line(node));
        return new SopsNode.Scalar(scalarValue(scalar, path));
      }
      if (open.put(node, Boolean.TRUE) != null) {
        throw invalid(node, path, ": an alias refers to itself; expand it");
      }
      budget.enter(line(node));
      SopsNode collection =
          node instanceof MappingNode m ? mapping(m, path) : sequence((SequenceNode) node, path);
      open.remove(node);
      budget.exit();
      return collection;
    }

    Object scalarValue(ScalarNode node, String path) {
      String tag = node.getTag().getValue();
      String text = node.getValue();
      if (node.getTag().equals(PLAIN)) {
        return goValue(node, path, text);
      }
      if (!tag.startsWith(YAML_TAG)) {
        throw invalid(node, path, ": the YAML tag " + tag + " is not supported; remove it");
      }
      String kind = tag.substring(YAML_TAG.length());
      if (kind.equals("str")) {
        return text;
      }
      Object value = goValue(node, path, text);
      boolean fits =
          switch (kind) {
            case "null" -> value == null;
            case "bool" -> value instanceof Boolean;
            case "int" -> value instanceof Long;
            case "float" -> value instanceof Double || value instanceof Long;
            default -> false;
          };
      if (!fits) {
        throw invalid(
            node,
            path,
            ": the value does not match its tag !!"
                + kind
                + ", or the tag is not"
                + " supported; remove the tag or fix the value");
      }
      return kind.equals("float") && value instanceof Long l ? (Object) l.doubleValue() : value;
    }

    private Object goValue(ScalarNode node, String path, String text) {
      Object value;
      try {
        value = GoValues.resolvePlain(text);
      } catch (IllegalArgumentException e) {
        throw invalid(
            node, path, ": this number is beyond the 64-bit range sops handles; quote it");
      }
      if (value instanceof GoValues.Timestamp
          && (path.equals("sops") || path.startsWith("sops."))) {
        // sops decodes its metadata into string fields, which take a timestamp's text as is.
        return text;
      } else if (value instanceof GoValues.Timestamp) {
        throw invalid(
            node,
            path,
            ": an unquoted date or timestamp is a time value in Go YAML, which sops"
                + " 3.9 and older cannot read; quote it to keep it a string");
      }
      return value;
    }

    private static void comments(List<CommentLine> lines, List<? super SopsNode.Comment> sink) {
      for (CommentLine line : lines == null ? List.<CommentLine>of() : lines) {
        if (line.getCommentType() != CommentType.BLANK_LINE) {
          // snakeyaml gives the text after '#', as sops does (the leading space is kept).
          sink.add(new SopsNode.Comment(line.getValue()));
        }
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ writing

  private static final String INDENT = "    ";

  /**
   * Writes a mapping as block YAML, sops' layout: 4-space indent, sequences indented under their
   * key.
   */
  static String write(SopsNode.Mapping root) {
    StringBuilder out = new StringBuilder();
    for (String line : mappingLines(root, "")) {
      out.append(line).append('\n');
    }
    return out.toString();
  }

  private static List<String> mappingLines(SopsNode.Mapping mapping, String indent) {
    List<String> lines = new ArrayList<>();
    for (SopsNode.Item item : mapping.items()) {
      if (item instanceof SopsNode.Comment c) {
        lines.add(indent + "#" + c.text());
        continue;
      }
      SopsNode.Entry entry = (SopsNode.Entry) item;
      String key = indent + formatScalar(entry.key()) + ":";
      SopsNode value = entry.value();
      if (value instanceof SopsNode.Scalar s) {
        scalarLines(s, key, indent, lines);
      } else {
        List<String> nested =
            value instanceof SopsNode.Mapping m
                ? mappingLines(m, indent + INDENT)
                : sequenceLines((SopsNode.Sequence) value, indent + INDENT);
        lines.add(
            nested.isEmpty() ? key + (value instanceof SopsNode.Mapping ? " {}" : " []") : key);
        lines.addAll(nested);
      }
    }
    return lines;
  }

  private static List<String> sequenceLines(SopsNode.Sequence sequence, String indent) {
    List<String> lines = new ArrayList<>();
    String inner = indent + "  ";
    for (SopsNode item : sequence.items()) {
      List<String> nested;
      if (item instanceof SopsNode.Comment c) {
        lines.add(indent + "#" + c.text());
        continue;
      } else if (item instanceof SopsNode.Scalar s) {
        scalarLines(s, indent + "-", inner, lines);
        continue;
      } else if (item instanceof SopsNode.Mapping m && !m.entries().isEmpty()) {
        // Leading comments go before the dash, so the dash line starts with the first entry.
        List<SopsNode.Item> items = new ArrayList<>(m.items());
        while (items.get(0) instanceof SopsNode.Comment c) {
          lines.add(indent + "#" + c.text());
          items.remove(0);
        }
        nested = mappingLines(new SopsNode.Mapping(items), inner);
      } else if (item instanceof SopsNode.Sequence s && !s.values().isEmpty()) {
        nested = sequenceLines(new SopsNode.Sequence(s.values()), inner);
      } else {
        // Empty, or only comments (dropped with it being empty).
        lines.add(indent + (item instanceof SopsNode.Mapping ? "- {}" : "- []"));
        continue;
      }
      lines.add(indent + "- " + nested.get(0).substring(inner.length()));
      lines.addAll(nested.subList(1, nested.size()));
    }
    return lines;
  }

  /** Appends {@code prefix + " " + scalar}, or a literal block under it for multi-line text. */
  private static void scalarLines(
      SopsNode.Scalar scalar, String prefix, String indent, List<String> lines) {
    Object value = scalar.value();
    if (value instanceof String s && literalBlockFits(s)) {
      boolean clip = s.endsWith("\n");
      lines.add(prefix + (clip ? " |" : " |-"));
      String body = clip ? s.substring(0, s.length() - 1) : s;
      for (String line : body.split("\n", -1)) {
        lines.add(line.isEmpty() ? "" : indent + INDENT + line);
      }
      return;
    }
    lines.add(prefix + " " + formatScalar(value));
  }

  /** The scalar as go-yaml v3 reads it back to the same Go value. */
  static String formatScalar(Object value) {
    if (value instanceof String s) {
      return plainIsSafe(s) ? s : doubleQuoted(s);
    } else if (value instanceof Double d && d.isNaN()) {
      return ".nan";
    } else if (value instanceof Double d && d.isInfinite()) {
      return d > 0 ? ".inf" : "-.inf";
    } else if (value instanceof Double d) {
      String text = GoValues.formatFloat(d);
      // Without a dot it would read back as an int.
      return text.contains(".") ? text : text + ".0";
    }
    // null, Boolean and Long are written as Java writes them: null, true/false, digits.
    return String.valueOf(value);
  }

  /**
   * A literal block ({@code |}) keeps a multi-line value readable; used only when it reads back
   * exactly: printable text, one trailing newline at most, no line starting with a space, no
   * trailing spaces.
   */
  private static boolean literalBlockFits(String s) {
    if (!s.contains("\n") || s.endsWith("\n\n") || s.startsWith("\n")) {
      return false;
    }
    for (String line : s.split("\n", -1)) {
      // Tabs are refused with the other control characters below.
      if (line.startsWith(" ") || line.endsWith(" ")) {
        return false;
      }
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\n' && (c < 0x20 || c > 0x7e)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Plain only when it is certainly a string to every YAML reader: printable ASCII, no indicator at
   * the start, no {@code ": "} or {@code " #"}, and not something go-yaml v3 or a YAML 1.1 reader
   * would type (numbers, booleans, yes/no, null, dates).
   */
  static boolean plainIsSafe(String s) {
    if (s.isEmpty() || s.length() > 512) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    char first = s.charAt(0);
    if ("-?:,[]{}#&*!|>'\"%@` ".indexOf(first) >= 0
        || s.endsWith(" ")
        || s.endsWith(":")
        || s.contains(": ")
        || s.contains(" #")) {
      return false;
    }
    if (YAML11_SPECIAL.contains(s.toLowerCase(java.util.Locale.ROOT))) {
      return false;
    }
    if ((Character.isDigit(first) || first == '+' || first == '.') && s.matches("[0-9+.:_eE-]+")) {
      return false;
    }
    try {
      return s.equals(GoValues.resolvePlain(s));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static final Set<String> YAML11_SPECIAL =
      Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "=", "<<");

  /** A double-quoted YAML scalar with escapes for everything that is not printable. */
  static String doubleQuoted(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    s.codePoints()
        .forEach(
            cp -> {
              switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case 0 -> out.append("\\0");
                default -> {
                  boolean printable =
                      cp >= 0x20
                          && cp != 0x7f
                          && !(cp >= 0x80 && cp <= 0x9f)
                          && cp != 0x2028
                          && cp != 0x2029
                          && cp != 0xfeff
                          && !(cp >= 0xd800 && cp <= 0xdfff)
                          && cp != 0xfffe
                          && cp != 0xffff;
                  // Every code point above U+FFFF is printable to YAML, so \\u is enough.
                  if (printable) {
                    out.appendCodePoint(cp);
                  } else {
                    out.append(String.format("\\u%04X", cp));
                  }
                }
              }
            });
    return out.append('"').toString();
  }
}
