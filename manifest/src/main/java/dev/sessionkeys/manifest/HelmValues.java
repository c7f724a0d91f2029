package dev.sessionkeys.manifest;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * The two settings of a Helm values file that decide whether the chart uses our Secret: {@code
 * options.autogenerateKeys} and {@code options.secretName}. Everything else in the file is left
 * alone.
 *
 * @param source the file, for messages
 * @param autogenerateKeys what {@code options.autogenerateKeys} means to the chart, or {@code null}
 *     when unset
 * @param autogenerateKeysText the setting as written, or {@code null} when unset
 * @param autogenerateKeysLine its 1-based line, or 0
 * @param secretName {@code options.secretName}, or {@code null} when unset
 * @param secretNameLine its 1-based line, or 0
 */
public record HelmValues(
    String source,
    Boolean autogenerateKeys,
    String autogenerateKeysText,
    int autogenerateKeysLine,
    String secretName,
    int secretNameLine) {

  // Helm reads values with a YAML 1.1 parser, for which these plain words are booleans too.
  private static final Set<String> TRUE = Set.of("true", "yes", "on", "y");
  private static final Set<String> FALSE = Set.of("false", "no", "off", "n");

  /**
   * Reads the settings from a values file; a file with no {@code options} at all is fine (both
   * unset).
   */
  public static HelmValues read(Path file) {
    return parse(file.toString(), YamlFiles.readBounded(file));
  }

  /** As {@link #read(Path)}, for bytes that came from elsewhere. */
  public static HelmValues parse(String source, byte[] bytes) {
    return fromDocuments(source, YamlFiles.documents(source, bytes));
  }

  private static HelmValues fromDocuments(String source, java.util.List<Node> documents) {
    if (documents.size() > 1) {
      throw new ManifestException(
          ManifestException.Problem.BAD_FIELD,
          source,
          YamlFiles.line(documents.get(1)),
          "a values file holds one YAML document; this one has " + documents.size());
    }
    if (!(documents.get(0) instanceof MappingNode root)) {
      throw new ManifestException(
          ManifestException.Problem.NOT_AN_OBJECT,
          source,
          YamlFiles.line(documents.get(0)),
          "a values file must be a mapping (key: value lines)");
    }
    Optional<MappingNode> options = YamlFiles.mapping(source, root, "options");
    Boolean autogenerate = null;
    String autogenerateText = null;
    int autogenerateLine = 0;
    String secretName = null;
    int secretNameLine = 0;
    if (options.isPresent()) {
      Optional<Node> node = YamlFiles.get(options.get(), "autogenerateKeys");
      if (node.isPresent() && !YamlFiles.isNull(node.get())) {
        if (!(node.get() instanceof ScalarNode scalar)) {
          throw new ManifestException(
              ManifestException.Problem.BAD_FIELD,
              source,
              YamlFiles.line(node.get()),
              "options.autogenerateKeys must be true or false");
        }
        autogenerateText = scalar.getValue();
        autogenerateLine = YamlFiles.line(scalar);
        autogenerate = meaning(scalar);
      }
      Optional<Node> name = YamlFiles.get(options.get(), "secretName");
      if (name.isPresent() && !YamlFiles.isNull(name.get())) {
        secretName = YamlFiles.text(source, options.get(), "secretName").orElse(null);
        secretNameLine = YamlFiles.line(name.get());
      }
    }
    return new HelmValues(
        source, autogenerate, autogenerateText, autogenerateLine, secretName, secretNameLine);
  }

  /**
   * What the chart's {@code {{ if .Values.options.autogenerateKeys }}} makes of the scalar: plain
   * booleans mean what they say; any other non-empty value, including the quoted string "false", is
   * true in a template.
   */
  private static boolean meaning(ScalarNode scalar) {
    String word = scalar.getValue().toLowerCase(Locale.ROOT);
    if (scalar.getScalarStyle() == ScalarStyle.PLAIN) {
      if (FALSE.contains(word) || word.equals("0") || word.equals("~") || word.equals("null")) {
        return false;
      }
      if (TRUE.contains(word)) {
        return true;
      }
    }
    return !scalar.getValue().isEmpty();
  }

  /**
   * These settings with {@code later}'s laid over them, as Helm merges {@code -f a.yaml -f b.yaml}:
   * a setting {@code later} makes wins, one it leaves unset keeps this file's value. The source
   * names both files.
   */
  public HelmValues overlaidBy(HelmValues later) {
    boolean autogenerateSet = later.autogenerateKeys != null;
    boolean nameSet = later.secretName != null;
    return new HelmValues(
        source + ", " + later.source,
        autogenerateSet ? later.autogenerateKeys : autogenerateKeys,
        autogenerateSet ? later.autogenerateKeysText : autogenerateKeysText,
        autogenerateSet ? later.autogenerateKeysLine : autogenerateKeysLine,
        nameSet ? later.secretName : secretName,
        nameSet ? later.secretNameLine : secretNameLine);
  }

  /** Whether the chart will use our Secret named {@code name} and leave its keys alone. */
  public boolean agreesWith(String name) {
    return Boolean.FALSE.equals(autogenerateKeys) && name.equals(secretName);
  }
}
