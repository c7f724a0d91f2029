package dev.sessionkeys.sops;

import dev.sessionkeys.manifest.ManifestException;
import java.nio.file.Path;
import java.util.Locale;

/** The sops stores sessionkeys reads and writes; like sops, chosen by file extension. */
public enum SopsFormat {
  YAML,
  /** Go's encoding/json types every number as a float, so ints are written and hashed as floats. */
  JSON;

  /** JSON for {@code *.json}, otherwise YAML. */
  public static SopsFormat forName(String fileName) {
    return fileName.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
  }

  public static SopsFormat forPath(Path path) {
    Path name = path.getFileName();
    return name == null ? YAML : forName(name.toString());
  }

  /**
   * Parses a plaintext document into the tree sops sees (go-yaml v3 typing for YAML, floats for
   * JSON numbers).
   *
   * @param source the file name, for error messages
   * @throws SopsException INVALID_INPUT with line and key path; never echoes a value
   */
  public SopsNode.Mapping parse(String text, String source) {
    try {
      return this == JSON ? JsonStore.read(text, source) : YamlStore.read(text, source);
    } catch (ManifestException e) {
      // Over one of the shared limits (size, aliases, depth, nodes): the message names the file
      // and the limit.
      throw SopsException.invalidInput(e.getMessage());
    }
  }

  /**
   * Writes a tree in this format (YAML: sops' layout, typed scalars quoted where needed; JSON: no
   * comments).
   */
  public String format(SopsNode.Mapping tree) {
    return this == JSON ? JsonStore.write(tree) : YamlStore.write(tree);
  }
}
