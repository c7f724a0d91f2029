package dev.sessionkeys.sops;

import java.util.List;
import java.util.Objects;

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
