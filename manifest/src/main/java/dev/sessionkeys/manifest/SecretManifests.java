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

  /** Every Secret in {@code bytes}, naming {@code source} in messages. */
  public static List<SecretDocument> parse(String source, byte[] bytes) {
    return fromDocuments(source, YamlFiles.documents(source, bytes));
  }

  /**
   * The one Secret in {@code bytes}; several are refused ({@code SEVERAL_SECRETS}) rather than
   * guessing which.
   */
  public static SecretDocument parseOne(String source, byte[] bytes) {
    List<Node> documents = YamlFiles.documents(source, bytes);
    List<SecretDocument> secrets = fromDocuments(source, documents);
    if (secrets.isEmpty()) {
      // Every object that is no Secret was refused above, so only Lists without items are left.
      throw new ManifestException(
          ManifestException.Problem.NO_DATA,
          source,
          YamlFiles.line(documents.get(0)),
          "holds no Secret (a List without items); give a file with one Secret");
    }
    return single(source, secrets);
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
    throw new ManifestException(
        ManifestException.Problem.SEVERAL_SECRETS,
        source,
        secrets.get(1).line(),
        "holds %s Secrets (%s) where one is expected; split the file or give the one you mean"
            .formatted(secrets.size(), String.join(", ", where)));
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
      throw new ManifestException(
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
      throw new ManifestException(
          ManifestException.Problem.BAD_FIELD,
          source,
          YamlFiles.line(items.get()),
          "'items' of a List must be a list of objects");
    }
    // A missing kind, or the wrong case of it, is still meant as a Secret: the validator reports it
    // as a finding.
    boolean secret = kind.isEmpty() || kind.get().equalsIgnoreCase("Secret");
    if (skipped != null && !(secret && hasData(source, object))) {
      String name = metadata(source, object, "name");
      skipped.add(
          (kind.isPresent() ? YamlFiles.printable(kind.get()) : "(no kind)")
              + " "
              + (name == null ? "(unnamed)" : YamlFiles.printable(name))
              + " (line "
              + YamlFiles.line(object)
              + (secret ? ", no data)" : ")"));
      return;
    }
    if (!secret) {
      throw new ManifestException(
          ManifestException.Problem.NOT_A_SECRET,
          source,
          YamlFiles.line(object),
          "this document is a %s, not a Secret; give the Secret's manifest"
              .formatted(YamlFiles.printable(kind.get())));
    }
    into.add(toSecret(source, object));
  }

  /** Whether {@code data} or {@code stringData} holds at least one entry. */
  private static boolean hasData(String source, MappingNode object) {
    Optional<MappingNode> data = YamlFiles.mapping(source, object, "data");
    Optional<MappingNode> stringData = YamlFiles.mapping(source, object, "stringData");
    return (data.isPresent() && !data.get().getValue().isEmpty())
        || (stringData.isPresent() && !stringData.get().getValue().isEmpty());
  }

  /** {@code metadata.<field>}, or {@code null} when either is absent. */
  private static String metadata(String source, MappingNode object, String field) {
    MappingNode metadata = YamlFiles.mapping(source, object, "metadata").orElse(null);
    return metadata == null ? null : YamlFiles.text(source, metadata, field).orElse(null);
  }

  private static SecretDocument toSecret(String source, MappingNode object) {
    int line = YamlFiles.line(object);
    // Plain conditionals rather than Optional.map chains: each lambda costs a call-site linkage (a
    // few tenths of a millisecond, interpreted) on every `check`, and this runs once per Secret.
    String name = metadata(source, object, "name");
    String namespace = metadata(source, object, "namespace");
    MappingNode metadata = YamlFiles.mapping(source, object, "metadata").orElse(null);
    Map<String, String> labels = strings(source, metadata, "labels");
    Map<String, String> annotations = strings(source, metadata, "annotations");
    if (!hasData(source, object)) {
      throw new ManifestException(
          ManifestException.Problem.NO_DATA,
          source,
          line,
          "Secret %s has no data; add the keys under `data` (`sessionkeys init` writes a complete Secret)"
              .formatted(name == null ? "(unnamed)" : YamlFiles.printable(name)));
    }
    return new SecretDocument(
        source,
        line,
        YamlFiles.text(source, object, "apiVersion").orElse(null),
        YamlFiles.text(source, object, "kind").orElse(null),
        YamlFiles.text(source, object, "type").orElse(null),
        name,
        namespace,
        entries(source, object, "data"),
        entries(source, object, "stringData"),
        labels,
        annotations);
  }

  /** The scalar values under {@code field} ({@code data} or {@code stringData}), with lines. */
  private static Map<String, SecretDocument.Entry> entries(
      String source, MappingNode object, String field) {
    Optional<MappingNode> mapping = YamlFiles.mapping(source, object, field);
    Map<String, SecretDocument.Entry> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.isPresent() ? mapping.get().getValue() : List.<NodeTuple>of()) {
      String key = keyOf(source, tuple);
      Node value = tuple.getValueNode();
      if (!YamlFiles.isNull(value) && !(value instanceof ScalarNode)) {
        throw new ManifestException(
            ManifestException.Problem.BAD_FIELD,
            source,
            YamlFiles.line(value),
            "the value of "
                + YamlFiles.printable(key)
                + " must be a string, not a list or mapping");
      }
      String text = YamlFiles.isNull(value) ? "" : ((ScalarNode) value).getValue();
      entries.put(key, new SecretDocument.Entry(text, YamlFiles.line(tuple.getKeyNode())));
    }
    return entries;
  }

  /**
   * The text values of the mapping under {@code key} of {@code metadata}, or none when either is
   * absent.
   */
  private static Map<String, String> strings(String source, MappingNode metadata, String key) {
    Optional<MappingNode> mapping =
        metadata == null ? Optional.empty() : YamlFiles.mapping(source, metadata, key);
    Map<String, String> result = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.isPresent() ? mapping.get().getValue() : List.<NodeTuple>of()) {
      Node value = tuple.getValueNode();
      result.put(keyOf(source, tuple), value instanceof ScalarNode scalar ? scalar.getValue() : "");
    }
    return result;
  }

  private static String keyOf(String source, NodeTuple tuple) {
    if (tuple.getKeyNode() instanceof ScalarNode scalar) {
      return scalar.getValue();
    }
    throw new ManifestException(
        ManifestException.Problem.BAD_FIELD,
        source,
        YamlFiles.line(tuple.getKeyNode()),
        "a key must be a plain name, not a list or mapping");
  }
}
