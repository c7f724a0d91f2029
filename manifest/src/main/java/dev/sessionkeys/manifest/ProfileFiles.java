package dev.sessionkeys.manifest;

import dev.sessionkeys.core.Alphabet;
import dev.sessionkeys.core.KeySpec;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.RotationClass;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a custom profile: the keys another self-hosted app expects in its Secret. The format
 * (documented in the README):
 *
 * <pre>
 * name: my-app                 # profile name: lower-case letters, digits, '-'
 * secretName: my-app-secrets   # default Secret name
 * namespace: my-app            # default namespace
 * alphabet: alphanumeric       # optional default for every key: alphanumeric | hex | {name: x, characters: "..."}
 * keys:
 *   - name: COOKIE_HASH_KEY    # the Secret key and environment variable
 *     length: 64               # exact length, 16..4096
 *     rotation: grace          # grace (old value kept for a grace period) | reencrypt (protects stored data)
 *     group: cookie            # optional (default: the key's own name, lower-cased); keys of a group rotate together
 *     purpose: signs cookies   # optional, for humans
 *     alphabet: hex            # optional, overrides the default
 * </pre>
 *
 * Unknown fields are refused rather than ignored: a misspelt {@code lenght} must not silently fall
 * back to a default.
 */
public final class ProfileFiles {

  /** Lower-case hexadecimal, for apps that decode their keys from hex. */
  public static final Alphabet HEX = new Alphabet("hex", "0123456789abcdef");

  private static final Set<String> TOP_FIELDS =
      Set.of("name", "secretName", "namespace", "alphabet", "keys");
  private static final Set<String> KEY_FIELDS =
      Set.of("name", "length", "rotation", "group", "purpose", "alphabet");
  private static final Set<String> ALPHABET_FIELDS = Set.of("name", "characters");

  private ProfileFiles() {}

  /**
   * Reads and checks a profile file, refusing keys under {@link Profile#MIN_ENTROPY_BITS} bits of
   * entropy unless {@code allowWeak} (for an app that cannot take longer ones: the user's explicit
   * choice).
   */
  public static Profile read(Path file, boolean allowWeak) {
    return parse(file.toString(), YamlFiles.readBounded(file), allowWeak);
  }

  /** As {@link #read(Path, boolean)}, for bytes that came from elsewhere. */
  public static Profile parse(String source, byte[] bytes, boolean allowWeak) {
    return parse(source, YamlFiles.documents(source, bytes), allowWeak);
  }

  /**
   * Refuses the first key under 128 bits (length x log2(alphabet size)): a short key falls to an
   * offline search, and a profile is the place such a key would be asked for by mistake.
   */
  private static void checkStrength(String source, KeySpec key, Node node) {
    if (key.length() >= Profile.strongLength(key.alphabet())) {
      return;
    }
    throw bad(
        source,
        lineOf((MappingNode) node, "length"),
        ("key %s holds only %s bits of entropy (%s characters of an alphabet of %s); keys need at"
                + " least %s: make it %s characters or more, or pass --allow-weak if the app cannot"
                + " take a longer key")
            .formatted(
                key.name(),
                (int) Math.floor(key.entropyBits()),
                key.length(),
                key.alphabet().size(),
                Profile.MIN_ENTROPY_BITS,
                Profile.strongLength(key.alphabet())));
  }

  private static Profile parse(String source, List<Node> documents, boolean allowWeak) {
    if (documents.size() != 1 || !(documents.get(0) instanceof MappingNode root)) {
      throw bad(
          source,
          YamlFiles.line(documents.get(0)),
          "a profile is one YAML mapping with name, secretName, namespace and keys");
    }
    checkFields(source, root, TOP_FIELDS, "profile");
    String name = required(source, root, "name");
    if (!name.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
      throw bad(
          source,
          lineOf(root, "name"),
          "profile name '%s' must be lower-case letters, digits and '-'"
              .formatted(YamlFiles.printable(name)));
    }
    String secretName = required(source, root, "secretName");
    String namespace = required(source, root, "namespace");
    Alphabet defaultAlphabet = alphabet(source, root).orElse(Alphabet.ALPHANUMERIC);

    Node keysNode = YamlFiles.get(root, "keys").orElse(null);
    if (!(keysNode instanceof SequenceNode keys) || keys.getValue().isEmpty()) {
      throw bad(
          source,
          keysNode == null ? YamlFiles.line(root) : YamlFiles.line(keysNode),
          "'keys' must be a non-empty list of keys (name, length, rotation)");
    }
    List<KeySpec> specs = new ArrayList<>();
    for (Node item : keys.getValue()) {
      if (!(item instanceof MappingNode key)) {
        throw bad(
            source,
            YamlFiles.line(item),
            "each entry of 'keys' must be a mapping with name, length, rotation");
      }
      KeySpec spec = keySpec(source, key, defaultAlphabet);
      if (!allowWeak) {
        checkStrength(source, spec, key);
      }
      specs.add(spec);
    }
    try {
      return new Profile(name, specs, secretName, namespace);
    } catch (IllegalArgumentException e) {
      throw bad(source, YamlFiles.line(root), e.getMessage());
    }
  }

  private static KeySpec keySpec(String source, MappingNode key, Alphabet defaultAlphabet) {
    checkFields(source, key, KEY_FIELDS, "key");
    String keyName = required(source, key, "name");
    String lengthText = required(source, key, "length");
    int length;
    try {
      length = Integer.parseInt(lengthText.strip());
    } catch (NumberFormatException e) {
      throw bad(
          source,
          lineOf(key, "length"),
          "length of %s must be a whole number of characters, from %s to %s"
              .formatted(YamlFiles.printable(keyName), KeySpec.MIN_LENGTH, KeySpec.MAX_LENGTH));
    }
    if (length < KeySpec.MIN_LENGTH || length > KeySpec.MAX_LENGTH) {
      throw bad(
          source,
          lineOf(key, "length"),
          "length %s of %s is out of range; use %s to %s characters"
              .formatted(
                  length, YamlFiles.printable(keyName), KeySpec.MIN_LENGTH, KeySpec.MAX_LENGTH));
    }
    String rotationText = required(source, key, "rotation");
    RotationClass rotation = RotationClass.fromProfileName(rotationText);
    if (rotation == null) {
      throw bad(
          source,
          lineOf(key, "rotation"),
          "rotation of %s must be 'grace' (cookie/session keys) or 'reencrypt' (keys that protect stored data)"
              .formatted(YamlFiles.printable(keyName)));
    }
    String group =
        YamlFiles.text(source, key, "group")
            .orElse(keyName.toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    String purpose = YamlFiles.text(source, key, "purpose").orElse("");
    Alphabet alphabet = alphabet(source, key).orElse(defaultAlphabet);
    try {
      return new KeySpec(keyName, length, alphabet, group, purpose, rotation);
    } catch (IllegalArgumentException e) {
      throw bad(source, YamlFiles.line(key), e.getMessage());
    }
  }

  private static Optional<Alphabet> alphabet(String source, MappingNode owner) {
    Optional<Node> node = YamlFiles.get(owner, "alphabet");
    if (node.isEmpty() || YamlFiles.isNull(node.get())) {
      return Optional.empty();
    }
    int line = YamlFiles.line(node.get());
    if (node.get() instanceof ScalarNode scalar) {
      return switch (scalar.getValue()) {
        case "alphanumeric" -> Optional.of(Alphabet.ALPHANUMERIC);
        case "hex" -> Optional.of(HEX);
        default ->
            throw bad(
                source,
                line,
                "alphabet '"
                    + YamlFiles.printable(scalar.getValue())
                    + "' is not built in; use alphanumeric, hex, or {name: ..., characters: \"...\"}");
      };
    }
    if (node.get() instanceof MappingNode mapping) {
      checkFields(source, mapping, ALPHABET_FIELDS, "alphabet");
      String name = required(source, mapping, "name");
      String characters = required(source, mapping, "characters");
      try {
        return Optional.of(new Alphabet(name, characters));
      } catch (IllegalArgumentException e) {
        throw bad(source, line, e.getMessage());
      }
    }
    throw bad(source, line, "alphabet must be a name or a mapping with name and characters");
  }

  private static void checkFields(
      String source, MappingNode mapping, Set<String> allowed, String what) {
    for (NodeTuple tuple : mapping.getValue()) {
      String field = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "?";
      if (!allowed.contains(field)) {
        throw bad(
            source,
            YamlFiles.line(tuple.getKeyNode()),
            "unknown %s field '%s'; allowed: %s"
                .formatted(
                    what, YamlFiles.printable(field), String.join(", ", new TreeSet<>(allowed))));
      }
    }
  }

  private static String required(String source, MappingNode mapping, String field) {
    return YamlFiles.text(source, mapping, field)
        .filter(text -> !text.isBlank())
        .orElseThrow(() -> bad(source, YamlFiles.line(mapping), "'" + field + "' is required"));
  }

  private static int lineOf(MappingNode mapping, String field) {
    return YamlFiles.get(mapping, field).map(YamlFiles::line).orElse(YamlFiles.line(mapping));
  }

  private static ManifestException bad(String source, int line, String detail) {
    return new ManifestException(ManifestException.Problem.BAD_PROFILE, source, line, detail);
  }
}
