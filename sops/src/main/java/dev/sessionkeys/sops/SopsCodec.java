package dev.sessionkeys.sops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The sops tree walk ({@code sops.go walkBranch/walkSlice/walkValue}) in both directions: depth
 * first in document order, mapping keys appended to the path, sequences not; each non-null scalar
 * hashed into one SHA-512 (all of them, or only the encrypted ones with {@code mac_only_encrypted})
 * and, when the rule says so, encrypted with the path as AAD. Comments follow the same rule but are
 * never hashed.
 */
record SopsCodec(
    EncryptionRule rule,
    boolean macOnlyEncrypted,
    ValueCipher cipher,
    boolean encrypting,
    String source,
    MessageDigest sha512) {

  /** {@code SHA-256("sops")}, fed first into the MAC of {@code mac_only_encrypted} files. */
  private static final byte[] MAC_ONLY_ENCRYPTED_INIT =
      HexFormat.of().parseHex("8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69");

  /** A walked tree and the upper-case hex SHA-512 over its values. */
  record Walked(SopsNode.Mapping tree, String macHex) {
    /** The MAC as sops stores it: encrypted, with {@code lastModified} as additional data. */
    String encryptedMac(ValueCipher cipher, String lastModified) {
      return cipher.encrypt(macHex.getBytes(StandardCharsets.US_ASCII), "str", lastModified);
    }
  }

  /** Encrypts a plaintext tree (without its {@code sops} entry). */
  static Walked encrypt(
      SopsNode.Mapping plaintext,
      EncryptionRule rule,
      boolean macOnlyEncrypted,
      ValueCipher cipher) {
    return walk(plaintext, rule, macOnlyEncrypted, cipher, true, "input");
  }

  /**
   * Decrypts a tree (without its {@code sops} entry).
   *
   * @throws SopsException TAMPERED_VALUE naming the first value that does not decrypt
   */
  static Walked decrypt(
      SopsNode.Mapping encrypted,
      EncryptionRule rule,
      boolean macOnlyEncrypted,
      ValueCipher cipher,
      String source) {
    return walk(encrypted, rule, macOnlyEncrypted, cipher, false, source);
  }

  private static Walked walk(
      SopsNode.Mapping tree,
      EncryptionRule rule,
      boolean macOnlyEncrypted,
      ValueCipher cipher,
      boolean encrypting,
      String source) {
    MessageDigest sha512;
    try {
      sha512 = MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    if (macOnlyEncrypted) {
      sha512.update(MAC_ONLY_ENCRYPTED_INIT);
    }
    SopsCodec codec = new SopsCodec(rule, macOnlyEncrypted, cipher, encrypting, source, sha512);
    SopsNode walked = codec.node(tree, List.of(), "");
    return new Walked(
        (SopsNode.Mapping) walked, HexFormat.of().withUpperCase().formatHex(sha512.digest()));
  }

  private SopsNode node(SopsNode node, List<String> path, String shown) {
    if (node instanceof SopsNode.Mapping mapping) {
      List<SopsNode.Item> items = new ArrayList<>();
      for (SopsNode.Item item : mapping.items()) {
        if (item instanceof SopsNode.Comment c) {
          items.add(comment(c, path));
        } else {
          String key = ((SopsNode.Entry) item).key();
          List<String> childPath = new ArrayList<>(path);
          childPath.add(key);
          String childShown = shown.isEmpty() ? key : shown + "." + key;
          items.add(
              new SopsNode.Entry(
                  key, node(((SopsNode.Entry) item).value(), List.copyOf(childPath), childShown)));
        }
      }
      return new SopsNode.Mapping(items);
    } else if (node instanceof SopsNode.Sequence s) {
      List<SopsNode> items = new ArrayList<>();
      int index = 0;
      for (SopsNode item : s.items()) {
        if (item instanceof SopsNode.Comment c) {
          items.add(comment(c, path));
        } else {
          // Sequences add nothing to the AAD path; the index is only for messages.
          items.add(node(item, path, shown + "[" + index++ + "]"));
        }
      }
      return new SopsNode.Sequence(items);
    }
    // Comments are never values: the branches above take them.
    return scalar((SopsNode.Scalar) node, path, shown);
  }

  private static String aad(List<String> path) {
    return String.join(":", path) + ":";
  }

  private SopsNode scalar(SopsNode.Scalar scalar, List<String> path, String shown) {
    if (scalar.isNull()) {
      return scalar; // sops neither hashes nor encrypts nulls
    }
    boolean encrypted = rule.encrypts(path);
    SopsNode.Scalar plain = encrypted && !encrypting ? decryptScalar(scalar, path, shown) : scalar;
    byte[] plaintext = GoValues.toBytes(plain);
    if (!macOnlyEncrypted || encrypted) {
      sha512.update(plaintext);
    }
    if (!encrypted || !encrypting || "".equals(scalar.value())) {
      return plain; // sops keeps empty strings as they are
    }
    return SopsNode.Scalar.of(cipher.encrypt(plaintext, scalar.sopsType(), aad(path)));
  }

  private SopsNode.Scalar decryptScalar(SopsNode.Scalar scalar, List<String> path, String shown) {
    if ("".equals(scalar.value())) {
      return scalar;
    }
    if (!(scalar.value() instanceof String text)) {
      throw tampered(
          shown,
          "is a plain "
              + scalar.sopsType()
              + " where the file's rule ("
              + rule.kind().metadataKey()
              + ") says it must be encrypted");
    }
    Optional<ValueCipher.Encrypted> parsed = ValueCipher.parse(text);
    if (parsed.isEmpty()) {
      throw tampered(
          shown,
          "is not an ENC[AES256_GCM,...] value although the file's rule ("
              + rule.kind().metadataKey()
              + ") says it must be encrypted");
    }
    ValueCipher.Encrypted value = parsed.get();
    byte[] plaintext =
        cipher
            .decrypt(value, aad(path))
            .orElseThrow(
                () ->
                    tampered(
                        shown,
                        "does not decrypt: it was edited, or copied from another key or file"));
    String decoded = new String(plaintext, StandardCharsets.UTF_8);
    try {
      return new SopsNode.Scalar(GoValues.parseTyped(value.type(), decoded));
    } catch (IllegalArgumentException e) {
      throw tampered(shown, "decrypts, but not to a valid value of type '" + value.type() + "'");
    }
  }

  private SopsException tampered(String shown, String what) {
    return new SopsException(
        SopsException.Reason.TAMPERED_VALUE,
        source
            + ": the value at "
            + shown
            + " "
            + what
            + "; restore the file from version control, or re-encrypt it from the plaintext");
  }

  /**
   * Comments: encrypted under the enclosing mapping's path when the rule says so; never in the MAC.
   */
  private SopsNode.Comment comment(SopsNode.Comment comment, List<String> path) {
    if (!rule.encrypts(path)) {
      return comment;
    }
    if (encrypting) {
      return new SopsNode.Comment(
          cipher.encrypt(comment.text().getBytes(StandardCharsets.UTF_8), "comment", aad(path)));
    }
    // As sops does: a comment that does not decrypt (plain, or placed elsewhere by an editor) is
    // kept as it is.
    Optional<ValueCipher.Encrypted> parsed = ValueCipher.parse(comment.text());
    if (parsed.isEmpty() || !parsed.get().type().equals("comment")) {
      return comment;
    }
    return cipher
        .decrypt(parsed.get(), aad(path))
        .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
        .filter(text -> text.indexOf('\n') < 0 && text.indexOf('\r') < 0)
        .map(SopsNode.Comment::new)
        .orElse(comment);
  }
}
