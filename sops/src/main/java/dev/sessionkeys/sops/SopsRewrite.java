package dev.sessionkeys.sops;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Changes values inside a SOPS file in place, as {@code sops set} does: the plaintext never touches
 * disk, and everything the change does not need to touch stays byte for byte.
 *
 * <p>The file keeps its data key, so its {@code sops.age} entries (and with them its recipients)
 * are unchanged. Every value is encrypted again under that key with fresh IVs, except values whose
 * plaintext did not change, which keep their ciphertext (the "stash" of the spec: same key, same
 * path, same plaintext, so the old ciphertext is still valid). The MAC is computed over the new
 * values and encrypted with the new {@code lastmodified} as AAD; only those two entries of the
 * {@code sops} block change. The result is read back with the data key before it is returned.
 *
 * <p>In YAML the new text is spliced into the old one ({@link YamlSplice}): top-level entries whose
 * content did not change keep their bytes, in the {@code sops} block only the {@code lastmodified}
 * and {@code mac} lines are replaced, and a changed entry is written by this module's writer, which
 * must reproduce the entry's old text (else the file is refused rather than reformatted). A JSON
 * file must be written exactly as this module writes it.
 */
public final class SopsRewrite {

  private SopsRewrite() {}

  /**
   * The SOPS file's new text once {@code edit} has changed its plaintext.
   *
   * @param encrypted the SOPS file's text
   * @param source the file name, for messages
   * @param identities asked once the file is known to be a SOPS file
   * @param edit the change, from the decrypted tree (without the {@code sops} block) to the new one
   * @param clock gives the new {@code lastmodified}
   * @throws SopsException when the file does not open (as {@link Sops#decrypt}), when an entry that
   *     must change is not in this writer's layout ({@link SopsException.Reason#INVALID_INPUT}), or
   *     when the edit adds a {@code sops} key
   */
  public static String rewrite(
      String encrypted,
      String source,
      SopsFormat format,
      Supplier<List<AgeIdentity>> identities,
      UnaryOperator<SopsNode.Mapping> edit,
      Clock clock) {
    SopsNode.Mapping root = format.parse(encrypted, source);
    SopsMetadata metadata = Sops.metadataOf(root, source);
    SopsNode block = root.get(SopsMetadata.KEY).orElseThrow(); // present: metadataOf read it
    if (format == SopsFormat.JSON) {
      requireOwnLayout(encrypted, format.format(root), source, 1);
    }
    try (DataKey dataKey = Sops.unwrapDataKey(metadata, identities.get(), source)) {
      SopsNode.Mapping before = Sops.openTree(root, metadata, dataKey, source);
      SopsNode.Mapping after = edit.apply(before);
      if (after.get(SopsMetadata.KEY).isPresent()) {
        throw SopsException.invalidInput(
            source + ": the change would add a top-level 'sops' key, which sops reserves");
      }
      ValueCipher cipher = dataKey.cipher();
      SopsCodec.Walked walked =
          SopsCodec.encrypt(after, metadata.rule(), metadata.macOnlyEncrypted(), cipher);
      SopsNode.Mapping values =
          (SopsNode.Mapping) stash(walked.tree(), after, root.without(SopsMetadata.KEY), before);
      String lastModified = Sops.lastModified(clock);
      String mac = walked.encryptedMac(cipher, lastModified);
      List<SopsNode.Item> items = new ArrayList<>(values.items());
      items.add(
          new SopsNode.Entry(
              SopsMetadata.KEY, withEntries((SopsNode.Mapping) block, lastModified, mac)));
      SopsNode.Mapping rewritten = new SopsNode.Mapping(items);
      String text =
          format == SopsFormat.JSON
              ? format.format(rewritten)
              : YamlSplice.splice(encrypted, root, rewritten, lastModified, mac, source);
      return Sops.selfChecked(text, format, after, dataKey);
    }
  }

  /**
   * Refuses a file this module would not write the same way, naming the first line that differs.
   */
  static void requireOwnLayout(String original, String rewritten, String source, int firstLine) {
    if (original.equals(rewritten)) {
      return;
    }
    String[] a = original.split("\n", -1);
    String[] b = rewritten.split("\n", -1);
    int line = 0;
    while (line < a.length && line < b.length && a[line].equals(b[line])) {
      line++;
    }
    throw SopsException.invalidInput(
        source
            + " line "
            + (firstLine + line)
            + ": the file's layout is not the one sops writes, so changing a value would also"
            + " reformat its unencrypted parts; nothing was written: let sops rewrite it once (for"
            + " example sops updatekeys, or decrypt and encrypt again), then retry");
  }

  /** The {@code sops} block with only {@code lastmodified} and {@code mac} replaced. */
  private static SopsNode.Mapping withEntries(
      SopsNode.Mapping block, String lastModified, String mac) {
    List<SopsNode.Item> items = new ArrayList<>();
    for (SopsNode.Item item : block.items()) {
      if (item instanceof SopsNode.Entry e && e.key().equals("lastmodified")) {
        items.add(new SopsNode.Entry(e.key(), SopsNode.Scalar.of(lastModified)));
      } else if (item instanceof SopsNode.Entry e && e.key().equals("mac")) {
        items.add(new SopsNode.Entry(e.key(), SopsNode.Scalar.of(mac)));
      } else {
        items.add(item);
      }
    }
    return new SopsNode.Mapping(items);
  }

  /**
   * The newly encrypted node, where each scalar whose plaintext is unchanged at the same path takes
   * its old ciphertext back. Sequences are taken as newly encrypted (an item's position is not part
   * of its AAD, so matching them up would be a guess).
   */
  private static SopsNode stash(
      SopsNode fresh, SopsNode plain, SopsNode oldEncrypted, SopsNode oldPlain) {
    if (fresh instanceof SopsNode.Mapping freshMap
        && plain instanceof SopsNode.Mapping plainMap
        && oldEncrypted instanceof SopsNode.Mapping oldMap
        && oldPlain instanceof SopsNode.Mapping oldPlainMap) {
      List<SopsNode.Item> items = new ArrayList<>();
      for (SopsNode.Item item : freshMap.items()) {
        if (item instanceof SopsNode.Entry e) {
          Optional<SopsNode> was = oldMap.get(e.key());
          Optional<SopsNode> wasPlain = oldPlainMap.get(e.key());
          items.add(
              was.isPresent() && wasPlain.isPresent()
                  ? new SopsNode.Entry(
                      e.key(),
                      stash(
                          e.value(),
                          plainMap.get(e.key()).orElseThrow(),
                          was.get(),
                          wasPlain.get()))
                  : item);
        } else {
          items.add(item);
        }
      }
      return new SopsNode.Mapping(items);
    }
    if (fresh instanceof SopsNode.Scalar
        && plain instanceof SopsNode.Scalar now
        && oldEncrypted instanceof SopsNode.Scalar
        && oldPlain instanceof SopsNode.Scalar then
        && Objects.equals(now.value(), then.value())) {
      return oldEncrypted;
    }
    return fresh;
  }
}
