package dev.sessionkeys.manifest;

import dev.sessionkeys.core.validate.SecretDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads Kubernetes Secret manifests (one or more YAML documents per file, LF or CRLF, as written by
 * hand, by the shell recipe, by Helm or by {@code kubectl create secret --dry-run=client -o yaml})
 * into {@link SecretDocument}s with line numbers. A {@code kind: List} (what {@code kubectl get
 * secret -o yaml} prints for several) is read item by item.
 *
 * <p>Anything else is refused with a {@link ManifestException}: a document that is not a Secret, a
 * Secret with neither {@code data} nor {@code stringData}, and every YAML problem {@link YamlFiles}
 * checks.
 */
public final class SecretManifests {

  private SecretManifests() {}

  /**
   * What a multi-object input holds, as {@code helm template} or {@code kubectl get -o yaml} print
   * it: the Secrets with data, and one line for each object left aside (another kind, or a Secret
   * without data), such as {@code "ConfigMap web-config (line 12)"}.
   */
  public record Contents(List<SecretDocument> secrets, List<String> skipped) {
    public Contents {
      secrets = List.copyOf(secrets);
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * Every Secret with data in {@code bytes}, other objects skipped and listed. When nothing is
   * left, the input is refused as {@link #parse} refuses it (the first object that is no Secret, or
   * the Secret without data), so that a wrong file still gets its one-line reason.
   */
  public static Contents parseMixed(String source, byte[] bytes) {
    List<Node> documents = YamlFiles.documents(source, bytes);
    List<SecretDocument> secrets = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Node document : documents) {
      collect(source, document, secrets, skipped, true);
    }
    if (secrets.isEmpty()) {
      fromDocuments(source, documents); // throws the reason for the first unusable object
    }
    return new Contents(secrets, skipped);
  }

  /** The bytes of {@code file}, at most 1 MiB, or the one-line reason it cannot be read. */
  public static byte[] bytesOf(Path file) {
    return YamlFiles.readBounded(file);
  }

  /** The bytes of a stream (standard input), at most 1 MiB; {@code source} names it. */
  public static byte[] bytesOf(String source, java.io.InputStream in) {
    return YamlFiles.readBounded(source, () -> ParseLimits.DEFAULT.read(source, in));
  }

  /** Every Secret in {@code file}, in order. */
  public static List<SecretDocument> readAll(Path file) {
    return parse(file.toString(), bytesOf(file));
  }

  /** Every Secret in {@code bytes}, naming {@code source} in messages. */
  public static List<SecretDocument> parse(String source, byte[] bytes) {
    return fromDocuments(source, YamlFiles.documents(source, bytes));
  }

  /**
   * The one Secret in {@code file}; several are refused ({@code SEVERAL_SECRETS}) rather than
   * guessing which.
   */
  public static SecretDocument readOne(Path file) {
    return single(file.toString(), readAll(file));
  }

  /** As {@link #readOne(Path)}, for bytes that came from elsewhere. */
  public static SecretDocument parseOne(String source, byte[] bytes) {
    return single(source, parse(source, bytes));
  }

  private static SecretDocument single(String source, List<SecretDocument> secrets) {
    if (secrets.size() == 1) {
      return secrets.get(0);
    }
    List<String> where = new ArrayList<>();
    for (SecretDocument secret : secrets) {
      where.add(
          (secret.name() == null ? "unnamed" : secret.name()) + " (line " + secret.line() + ")");
    }
    throw ManifestException.at(
        ManifestException.Problem.SEVERAL_SECRETS,
        source,
        secrets.get(1).line(),
        "holds "
            + secrets.size()
            + " Secrets ("
            + String.join(", ", where)
            + ") where one is expected; split the file or give the one you mean");
  }

  private static List<SecretDocument> fromDocuments(String source, List<Node> documents) {
    List<SecretDocument> secrets = new ArrayList<>();
    for (Node document : documents) {
      collect(source, document, secrets, null, true);
    }
    return secrets;
  }

  /**
   * Adds the Secrets in {@code node} to {@code into}; with {@code skipped} non-null, objects that
   * are not Secrets with data are listed there instead of refused.
   */
  private static void collect(
      String source,
      Node node,
      List<SecretDocument> into,
      List<String> skipped,
      boolean listAllowed) {
    if (!(node instanceof MappingNode object)) {
      throw ManifestException.at(
          ManifestException.Problem.NOT_AN_OBJECT,
          source,
          YamlFiles.line(node),
          "this document is not a Kubernetes object (expected `kind: Secret` with `data`)");
    }
    Optional<String> kind = YamlFiles.text(source, object, "kind");
    if (listAllowed && kind.isPresent() && kind.get().equals("List")) {
      Optional<Node> items = YamlFiles.get(object, "items");
      if (items.isPresent() && items.get() instanceof SequenceNode sequence) {
        for (Node item : sequence.getValue()) {
          collect(source, item, into, skipped, false);
        }
        return;
      }
      if (items.isEmpty() || YamlFiles.isNull(items.get())) {
        return;
      }
      throw ManifestException.at(
          ManifestException.Problem.BAD_FIELD,
          source,
          YamlFiles.line(items.get()),
          "'items' of a List must be a list of objects");
    }
    // A missing kind, or the wrong case of it, is still meant as a Secret: the validator reports it
    // as a finding.
    if (skipped != null && !isSecretWithData(source, object, kind)) {
      skipped.add(describe(source, object, kind));
      return;
    }
    if (kind.isPresent() && !kind.get().equalsIgnoreCase("Secret")) {
      throw ManifestException.at(
          ManifestException.Problem.NOT_A_SECRET,
          source,
          YamlFiles.line(object),
          "this document is a "
              + YamlFiles.printable(kind.get())
              + ", not a Secret; give the Secret's manifest");
    }
    into.add(toSecret(source, object));
  }

  private static boolean isSecretWithData(
      String source, MappingNode object, Optional<String> kind) {
    if (kind.isPresent() && !kind.get().equalsIgnoreCase("Secret")) {
      return false;
    }
    Optional<MappingNode> data = YamlFiles.mapping(source, object, "data");
    Optional<MappingNode> stringData = YamlFiles.mapping(source, object, "stringData");
    return (data.isPresent() && !data.get().getValue().isEmpty())
        || (stringData.isPresent() && !stringData.get().getValue().isEmpty());
  }

  /** "ConfigMap web (line 12)", or "Secret x (line 3, no data)". */
  private static String describe(String source, MappingNode object, Optional<String> kind) {
    MappingNode metadata = YamlFiles.mapping(source, object, "metadata").orElse(null);
    String name = metadata == null ? null : YamlFiles.text(source, metadata, "name").orElse(null);
    boolean secret = kind.isEmpty() || kind.get().equalsIgnoreCase("Secret");
    return (kind.isPresent() ? YamlFiles.printable(kind.get()) : "(no kind)")
        + " "
        + (name == null ? "(unnamed)" : YamlFiles.printable(name))
        + " (line "
        + YamlFiles.line(object)
        + (secret ? ", no data)" : ")");
  }

  private static SecretDocument toSecret(String source, MappingNode object) {
    int line = YamlFiles.line(object);
    // Plain conditionals rather than Optional.map chains: each lambda costs a call-site linkage (a
    // few tenths of a
    // millisecond, interpreted) on every `check`, and this runs once per Secret.
    MappingNode metadata = YamlFiles.mapping(source, object, "metadata").orElse(null);
    String name = metadata == null ? null : YamlFiles.text(source, metadata, "name").orElse(null);
    String namespace =
        metadata == null ? null : YamlFiles.text(source, metadata, "namespace").orElse(null);
    Map<String, String> labels = stringsUnder(source, metadata, "labels");
    Map<String, String> annotations = stringsUnder(source, metadata, "annotations");
    Optional<MappingNode> data = YamlFiles.mapping(source, object, "data");
    Optional<MappingNode> stringData = YamlFiles.mapping(source, object, "stringData");
    if ((data.isEmpty() || data.get().getValue().isEmpty())
        && (stringData.isEmpty() || stringData.get().getValue().isEmpty())) {
      throw ManifestException.at(
          ManifestException.Problem.NO_DATA,
          source,
          line,
          "Secret "
              + (name == null ? "(unnamed)" : YamlFiles.printable(name))
              + " has no data; add the keys under `data` (`sessionkeys init` writes a complete Secret)");
    }
    return new SecretDocument(
        source,
        line,
        YamlFiles.text(source, object, "apiVersion").orElse(null),
        YamlFiles.text(source, object, "kind").orElse(null),
        YamlFiles.text(source, object, "type").orElse(null),
        name,
        namespace,
        data.isPresent() ? entries(source, data.get()) : Map.of(),
        stringData.isPresent() ? entries(source, stringData.get()) : Map.of(),
        labels,
        annotations);
  }

  /**
   * The text values of the mapping under {@code key} of {@code metadata}, or none when either is
   * absent.
   */
  private static Map<String, String> stringsUnder(String source, MappingNode metadata, String key) {
    if (metadata == null) {
      return Map.of();
    }
    Optional<MappingNode> mapping = YamlFiles.mapping(source, metadata, key);
    return mapping.isPresent() ? strings(source, mapping.get()) : Map.of();
  }

  private static Map<String, SecretDocument.Entry> entries(String source, MappingNode mapping) {
    Map<String, SecretDocument.Entry> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      String key = keyOf(source, tuple);
      Node value = tuple.getValueNode();
      if (YamlFiles.isNull(value)) {
        entries.put(key, new SecretDocument.Entry("", YamlFiles.line(tuple.getKeyNode())));
      } else if (value instanceof ScalarNode scalar) {
        entries.put(
            key, new SecretDocument.Entry(scalar.getValue(), YamlFiles.line(tuple.getKeyNode())));
      } else {
        throw ManifestException.at(
            ManifestException.Problem.BAD_FIELD,
            source,
            YamlFiles.line(value),
            "the value of "
                + YamlFiles.printable(key)
                + " must be a string, not a list or mapping");
      }
    }
    return entries;
  }

  private static Map<String, String> strings(String source, MappingNode mapping) {
    Map<String, String> result = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node value = tuple.getValueNode();
      result.put(keyOf(source, tuple), value instanceof ScalarNode scalar ? scalar.getValue() : "");
    }
    return result;
  }

  private static String keyOf(String source, NodeTuple tuple) {
    if (tuple.getKeyNode() instanceof ScalarNode scalar) {
      return scalar.getValue();
    }
    throw ManifestException.at(
        ManifestException.Problem.BAD_FIELD,
        source,
        YamlFiles.line(tuple.getKeyNode()),
        "a key must be a plain name, not a list or mapping");
  }
}
