package dev.sessionkeys.sops;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A decrypted SOPS file, in memory only: the plaintext tree (without the {@code sops} block) and
 * what the block said. {@code toString()} shows no values.
 */
public record SopsDocument(
    SopsNode.Mapping tree,
    SopsFormat format,
    List<String> recipients,
    EncryptionRule rule,
    boolean macOnlyEncrypted,
    String lastModified,
    String version) {

  public SopsDocument {
    Objects.requireNonNull(tree, "tree");
    recipients = List.copyOf(recipients);
  }

  /** The plaintext in the file's own format (what {@code sops -d} prints). */
  public String toText() {
    return format.format(tree);
  }

  /** The string at a path of mapping keys, e.g. {@code stringAt("data", "COOKIE_HASH_KEY")}. */
  public Optional<String> stringAt(String... path) {
    SopsNode node = tree;
    for (String key : path) {
      if (!(node instanceof SopsNode.Mapping m)) {
        return Optional.empty();
      }
      Optional<SopsNode> next = m.get(key);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      node = next.get();
    }
    return node instanceof SopsNode.Scalar s && s.value() instanceof String text
        ? Optional.of(text)
        : Optional.empty();
  }

  @Override
  public String toString() {
    return "SopsDocument["
        + tree
        + ", recipients="
        + recipients
        + ", rule="
        + rule.kind().metadataKey()
        + "]";
  }
}
