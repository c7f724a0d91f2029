package dev.sessionkeys.manifest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.LoadSettingsBuilder;
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
 * Reads YAML input defensively: bounded size, strict UTF-8, few aliases, no duplicate keys, and
 * every failure a {@link ManifestException} naming file and line. Works on snakeyaml-engine's node
 * tree so that every value keeps its line number.
 */
final class YamlFiles {

  /** The shared limits (size, aliases, depth, nodes); see {@link ParseLimits}. */
  private static final ParseLimits LIMITS = ParseLimits.DEFAULT;

  private YamlFiles() {}

  /**
   * Every plain scalar is text except YAML 1.2's nulls ({@code ~}, {@code null}, nothing), as
   * kubectl and Helm read them. We read values as text (and interpret the few booleans we need
   * ourselves), so the standard schemas' typing would only cost start-up time: they compile a dozen
   * regular expressions on first use.
   */
  private static final class TextSchema implements Schema {
    static final TextSchema INSTANCE = new TextSchema();

    /** A named class rather than a lambda: no call-site linkage at start-up. */
    private static final ScalarResolver RESOLVER =
        new ScalarResolver() {
          @Override
          public Tag resolve(String value, Boolean implicit) {
            return implicit
                    && (value.isEmpty()
                        || value.equals("~")
                        || value.equals("null")
                        || value.equals("Null")
                        || value.equals("NULL"))
                ? Tag.NULL
                : Tag.STR;
          }
        };

    @Override
    public ScalarResolver getScalarResolver() {
      return RESOLVER;
    }

    @Override
    public Map<Tag, ConstructNode> getSchemaTagConstructors() {
      return Map.of();
    }
  }

  /** The bytes of {@code file}, refusing anything over the size limit. */
  static byte[] readBounded(Path file) {
    String source = file.toString();
    if (Files.isDirectory(file)) {
      throw new ManifestException(
          ManifestException.Problem.NOT_READABLE, source, 0, "is a directory; give a YAML file");
    }
    return readBounded(source, () -> LIMITS.read(file));
  }

  /** The bytes a bounded read gives, or the one-line reason they cannot be read. */
  static byte[] readBounded(String source, BoundedRead read) {
    try {
      return read.bytes();
    } catch (NoSuchFileException e) {
      throw new ManifestException(
          ManifestException.Problem.NOT_READABLE, source, 0, "no such file");
    } catch (IOException e) {
      throw new ManifestException(
          ManifestException.Problem.NOT_READABLE,
          source,
          0,
          "cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** One of {@link ParseLimits}' reads. */
  interface BoundedRead {
    byte[] bytes() throws IOException;
  }

  /**
   * Decodes strict UTF-8 (a leading byte-order mark is dropped), naming the line of the first bad
   * byte.
   */
  static String decodeUtf8(String source, byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int offset = in.position();
      int line = 1;
      for (int i = 0; i < offset; i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }
      throw new ManifestException(
          ManifestException.Problem.NOT_UTF8,
          source,
          line,
          "holds bytes that are not UTF-8 (offset " + offset + "); save the file as UTF-8");
    }
    out.flip();
    String text = out.toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /**
   * Every non-empty document of {@code bytes}, as node trees. Refuses input with no document at
   * all.
   */
  static List<Node> documents(String source, byte[] bytes) {
    LIMITS.checkSize(source, bytes.length);
    String text = decodeUtf8(source, bytes);
    LoadSettingsBuilder settings =
        LoadSettings.builder()
            .setAllowDuplicateKeys(false)
            .setAllowRecursiveKeys(false)
            .setSchema(TextSchema.INSTANCE);
    List<Node> documents = new ArrayList<>();
    try {
      for (Node node : LIMITS.composeAll(settings, text, source)) {
        if (!isNull(node)) {
          checkDuplicates(source, node, new IdentityHashMap<>());
          documents.add(node);
        }
      }
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
      throw new ManifestException(
          ManifestException.Problem.NOT_YAML, source, line, "is not valid YAML: " + describe(e));
    } catch (YamlEngineException e) {
      throw new ManifestException(
          ManifestException.Problem.NOT_YAML, source, 0, "is not valid YAML: " + e.getMessage());
    }
    if (documents.isEmpty()) {
      throw new ManifestException(
          ManifestException.Problem.EMPTY,
          source,
          0,
          "is empty (no YAML document); give the file that holds the manifest");
    }
    return documents;
  }

  private static String describe(MarkedYamlEngineException e) {
    // The parser's message carries a multi-line snippet of the input: keep the problem only, never
    // file content.
    String problem = e.getProblem();
    String context = e.getContext();
    if (problem == null || problem.isBlank()) {
      return context == null ? "syntax error" : context;
    }
    return problem;
  }

  /**
   * Refuses duplicate keys anywhere (YAML forbids them; Kubernetes tools disagree on which one
   * wins). Each node is visited once, so shared (aliased) subtrees cost nothing extra; the composer
   * has already bounded the depth (see {@link ParseLimits}), so the recursion is bounded too.
   */
  private static void checkDuplicates(String source, Node node, Map<Node, Boolean> seen) {
    if (seen.put(node, Boolean.TRUE) != null) {
      return;
    }
    if (node instanceof MappingNode mapping) {
      Map<String, Integer> keys = new HashMap<>();
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode key) {
          Integer first = keys.putIfAbsent(key.getValue(), line(key));
          if (first != null) {
            throw new ManifestException(
                ManifestException.Problem.DUPLICATE_KEY,
                source,
                line(key),
                "duplicate key '%s' (first on line %s); keep one of them"
                    .formatted(printable(key.getValue()), first));
          }
        }
        checkDuplicates(source, tuple.getKeyNode(), seen);
        checkDuplicates(source, tuple.getValueNode(), seen);
      }
    } else if (node instanceof SequenceNode sequence) {
      for (Node item : sequence.getValue()) {
        checkDuplicates(source, item, seen);
      }
    }
  }

  /**
   * A key name fit for a message: short, printable. Keys are names, not values, so they may be
   * shown.
   */
  static String printable(String text) {
    String cleaned = text.replaceAll("[^\\x20-\\x7e]", "?");
    return cleaned.length() > 60 ? cleaned.substring(0, 57) + "..." : cleaned;
  }

  static boolean isNull(Node node) {
    return node == null || (node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag()));
  }

  /** The 1-based line a node starts on, or 0. */
  static int line(Node node) {
    if (node == null) {
      return 0;
    }
    Optional<Mark> mark = node.getStartMark();
    return mark.isPresent() ? mark.get().getLine() + 1 : 0;
  }

  /** The value under {@code key} in a mapping, if present. */
  static Optional<Node> get(MappingNode mapping, String key) {
    for (NodeTuple tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
        return Optional.of(tuple.getValueNode());
      }
    }
    return Optional.empty();
  }

  /**
   * The scalar text under {@code key}, or empty when absent or null; a collection there is a {@code
   * BAD_FIELD}.
   */
  static Optional<String> text(String source, MappingNode mapping, String key) {
    Node node =
        child(source, mapping, key, ScalarNode.class, "a single value, not a list or mapping");
    return node == null ? Optional.empty() : Optional.of(((ScalarNode) node).getValue());
  }

  /**
   * The mapping under {@code key}, or empty when absent or null; anything else there is a {@code
   * BAD_FIELD}.
   */
  static Optional<MappingNode> mapping(String source, MappingNode mapping, String key) {
    return Optional.ofNullable(
        (MappingNode)
            child(source, mapping, key, MappingNode.class, "a mapping (key: value lines)"));
  }

  /** The node of {@code type} under {@code key}, or null when absent or null. */
  private static Node child(
      String source, MappingNode mapping, String key, Class<? extends Node> type, String mustBe) {
    Optional<Node> node = get(mapping, key);
    if (node.isEmpty() || isNull(node.get())) {
      return null;
    }
    if (type.isInstance(node.get())) {
      return node.get();
    }
    throw new ManifestException(
        ManifestException.Problem.BAD_FIELD,
        source,
        line(node.get()),
        "'" + key + "' must be " + mustBe);
  }
}
