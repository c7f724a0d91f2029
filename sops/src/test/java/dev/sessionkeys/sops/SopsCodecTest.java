package dev.sessionkeys.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The tree walk on fixed trees: which values the MAC covers and in which order, which values are
 * encrypted under which AAD path, and how a bad value is named.
 */
class SopsCodecTest {

  private static final byte[] DATA_KEY = new byte[32];

  static {
    Arrays.fill(DATA_KEY, (byte) 7);
  }

  private final ValueCipher cipher = new ValueCipher(DATA_KEY, new SecureRandom());

  private static SopsNode.Entry entry(String key, SopsNode value) {
    return new SopsNode.Entry(key, value);
  }

  private static SopsNode.Scalar scalar(Object value) {
    return new SopsNode.Scalar(value);
  }

  private static SopsNode.Mapping mapping(SopsNode.Item... items) {
    return new SopsNode.Mapping(List.of(items));
  }

  private static SopsNode.Sequence sequence(SopsNode... items) {
    return new SopsNode.Sequence(List.of(items));
  }

  /** SHA-512 over the given texts in order, upper-case hex, optionally seeded as sops seeds it. */
  private static String mac(boolean macOnlyEncrypted, String... values) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-512");
    if (macOnlyEncrypted) {
      sha.update(
          MessageDigest.getInstance("SHA-256").digest("sops".getBytes(StandardCharsets.UTF_8)));
    }
    for (String v : values) {
      sha.update(v.getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().withUpperCase().formatHex(sha.digest());
  }

  /** A tree with every scalar type, a null, an empty string, a sequence and nesting. */
  private static SopsNode.Mapping tree() {
    return mapping(
        new SopsNode.Comment(" top"),
        entry("s", SopsNode.Scalar.of("text")),
        entry("i", scalar(-42L)),
        entry("f", scalar(0.5)),
        entry("b", scalar(Boolean.TRUE)),
        entry("n", SopsNode.Scalar.ofNull()),
        entry("e", SopsNode.Scalar.of("")),
        entry(
            "plain_unencrypted",
            mapping(entry("x", SopsNode.Scalar.of("visible")), entry("y", scalar(false)))),
        entry(
            "l",
            sequence(
                SopsNode.Scalar.of("first"),
                new SopsNode.Comment(" in l"),
                mapping(entry("k", scalar(1.0e21))),
                sequence(scalar(3L)))));
  }

  @Test
  void theMacHashesEveryNonNullValueInDocumentOrderAsSopsWritesIt() throws Exception {
    SopsCodec.Walked walked = SopsCodec.encrypt(tree(), EncryptionRule.defaults(), false, cipher);

    assertThat(walked.macHex())
        .isEqualTo(
            mac(
                false,
                "text",
                "-42",
                "0.5",
                "True",
                "",
                "visible",
                "False",
                "first",
                "1000000000000000000000",
                "3"));
    SopsCodec.Walked back =
        SopsCodec.decrypt(walked.tree(), EncryptionRule.defaults(), false, cipher, "f");
    assertThat(back.macHex()).isEqualTo(walked.macHex());
    assertThat(SopsNode.toJava(back.tree())).isEqualTo(SopsNode.toJava(tree()));
    assertThat(YamlStoreTest.dump(back.tree())).isEqualTo(YamlStoreTest.dump(tree()));
  }

  @Test
  void macOnlyEncryptedSeedsTheHashAndLeavesPlainValuesOut() throws Exception {
    SopsCodec.Walked walked = SopsCodec.encrypt(tree(), EncryptionRule.defaults(), true, cipher);

    assertThat(walked.macHex())
        .isEqualTo(
            mac(true, "text", "-42", "0.5", "True", "", "first", "1000000000000000000000", "3"));
    assertThat(
            SopsCodec.decrypt(walked.tree(), EncryptionRule.defaults(), true, cipher, "f").macHex())
        .isEqualTo(walked.macHex());
  }

  @Test
  void macOnlyEncryptedWithNothingEncryptedIsTheSeedAlone() throws Exception {
    SopsNode.Mapping plain = mapping(entry("a_unencrypted", SopsNode.Scalar.of("v")));
    assertThat(SopsCodec.encrypt(plain, EncryptionRule.defaults(), true, cipher).macHex())
        .isEqualTo(mac(true));
    assertThat(SopsCodec.encrypt(plain, EncryptionRule.defaults(), false, cipher).macHex())
        .isEqualTo(mac(false, "v"));
  }

  @Test
  void theMacDependsOnValueOrder() throws Exception {
    SopsNode.Mapping ab = mapping(entry("a", scalar(1L)), entry("b", scalar(2L)));
    SopsNode.Mapping ba = mapping(entry("b", scalar(2L)), entry("a", scalar(1L)));
    assertThat(SopsCodec.encrypt(ab, EncryptionRule.defaults(), false, cipher).macHex())
        .isEqualTo(mac(false, "1", "2"))
        .isNotEqualTo(SopsCodec.encrypt(ba, EncryptionRule.defaults(), false, cipher).macHex());
  }

  @Test
  void valuesAreEncryptedWithTheirTypeAndMappingKeysAsAad() {
    SopsCodec.Walked walked = SopsCodec.encrypt(tree(), EncryptionRule.defaults(), false, cipher);
    SopsNode.Mapping t = walked.tree();

    assertThat(open(t.get("s").orElseThrow(), "s:", "str")).isEqualTo("text");
    assertThat(open(t.get("i").orElseThrow(), "i:", "int")).isEqualTo("-42");
    assertThat(open(t.get("f").orElseThrow(), "f:", "float")).isEqualTo("0.5");
    assertThat(open(t.get("b").orElseThrow(), "b:", "bool")).isEqualTo("True");
    // Nulls and empty strings stay as they are.
    assertThat(t.get("n").orElseThrow()).isEqualTo(SopsNode.Scalar.ofNull());
    assertThat(t.get("e").orElseThrow()).isEqualTo(SopsNode.Scalar.of(""));
    // The unencrypted subtree is untouched.
    assertThat(t.get("plain_unencrypted").orElseThrow())
        .isEqualTo(tree().get("plain_unencrypted").orElseThrow());
    // Sequences add nothing to the path; nested mapping keys do.
    List<SopsNode> l = ((SopsNode.Sequence) t.get("l").orElseThrow()).items();
    assertThat(open(l.get(0), "l:", "str")).isEqualTo("first");
    assertThat(open(((SopsNode.Mapping) l.get(2)).get("k").orElseThrow(), "l:k:", "float"))
        .isEqualTo("1000000000000000000000");
    assertThat(open(((SopsNode.Sequence) l.get(3)).items().get(0), "l:", "int")).isEqualTo("3");
    // Comments are encrypted under their enclosing mapping's path, typed "comment".
    assertThat(commentText(t.items().get(0), ":")).isEqualTo(" top");
    assertThat(commentText(l.get(1), "l:")).isEqualTo(" in l");
  }

  private String open(SopsNode node, String aad, String type) {
    ValueCipher.Encrypted e =
        ValueCipher.parse((String) ((SopsNode.Scalar) node).value()).orElseThrow();
    assertThat(e.type()).isEqualTo(type);
    assertThat(e.iv()).hasSize(32);
    return new String(cipher.decrypt(e, aad).orElseThrow(), StandardCharsets.UTF_8);
  }

  private String commentText(Object node, String aad) {
    ValueCipher.Encrypted e = ValueCipher.parse(((SopsNode.Comment) node).text()).orElseThrow();
    assertThat(e.type()).isEqualTo("comment");
    return new String(cipher.decrypt(e, aad).orElseThrow(), StandardCharsets.UTF_8);
  }

  @Test
  void eachRuleKindSelectsTheSubtreesSopsSelects() {
    SopsNode.Mapping plain =
        mapping(
            entry("data", mapping(entry("k", SopsNode.Scalar.of("v")))),
            entry("kind", SopsNode.Scalar.of("Secret")),
            entry("pw_enc", mapping(entry("x", SopsNode.Scalar.of("y")))),
            entry("other", SopsNode.Scalar.of("z")));
    assertThat(encryptedPaths(plain, EncryptionRule.kubernetesSecret())).containsExactly("data.k");
    assertThat(
            encryptedPaths(plain, new EncryptionRule(EncryptionRule.Kind.ENCRYPTED_SUFFIX, "_enc")))
        .containsExactly("pw_enc.x");
    assertThat(
            encryptedPaths(
                plain, new EncryptionRule(EncryptionRule.Kind.UNENCRYPTED_SUFFIX, "_enc")))
        .containsExactly("data.k", "kind", "other");
    assertThat(
            encryptedPaths(
                plain, new EncryptionRule(EncryptionRule.Kind.UNENCRYPTED_REGEX, "^(kind|da)")))
        .containsExactly("pw_enc.x", "other");
  }

  private List<String> encryptedPaths(SopsNode.Mapping plain, EncryptionRule rule) {
    SopsNode.Mapping out = SopsCodec.encrypt(plain, rule, false, cipher).tree();
    List<String> paths = new ArrayList<>();
    collect(out, "", paths);
    return paths;
  }

  private static void collect(SopsNode node, String path, List<String> out) {
    if (node instanceof SopsNode.Mapping m) {
      for (SopsNode.Entry e : m.entries()) {
        collect(e.value(), path.isEmpty() ? e.key() : path + "." + e.key(), out);
      }
    } else if (node instanceof SopsNode.Scalar s
        && s.value() instanceof String text
        && ValueCipher.fields(text) != null) {
      out.add(path);
    }
  }

  // ------------------------------------------------------------------------------------------------ refusals

  private void refused(SopsNode.Mapping encrypted, String message) {
    assertThatThrownBy(
            () ->
                SopsCodec.decrypt(
                    encrypted, EncryptionRule.kubernetesSecret(), false, cipher, "f.yaml"))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SopsException.Reason.TAMPERED_VALUE);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "f.yaml: the value at "
                          + message
                          + "; restore the file from version control, or re-encrypt it from the"
                          + " plaintext");
            });
  }

  private String enc(String plaintext, String type, String aad) {
    return cipher.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), type, aad);
  }

  @Test
  void aPlainValueWhereTheRuleEncryptsIsNamedWithItsTypeAndPath() {
    refused(
        mapping(entry("data", mapping(entry("n", scalar(5L))))),
        "data.n is a plain int where the file's rule (encrypted_regex) says it must be encrypted");
    refused(
        mapping(entry("data", sequence(scalar(true)))),
        "data[0] is a plain bool where the file's rule (encrypted_regex) says it must be"
            + " encrypted");
    refused(
        mapping(
            entry(
                "data",
                sequence(
                    SopsNode.Scalar.of(enc("a", "str", "data:")),
                    sequence(SopsNode.Scalar.of("plain"))))),
        "data[1][0] is not an ENC[AES256_GCM,...] value although the file's rule (encrypted_regex)"
            + " says it must be encrypted");
  }

  @Test
  void aValueUnderAnotherPathOrEditedIsNamed() {
    refused(
        mapping(entry("data", mapping(entry("a", SopsNode.Scalar.of(enc("v", "str", "data:b:")))))),
        "data.a does not decrypt: it was edited, or copied from another key or file");
  }

  @Test
  void aValueOfTheWrongTypeIsNamed() {
    refused(
        mapping(entry("data", mapping(entry("a", SopsNode.Scalar.of(enc("x", "int", "data:a:")))))),
        "data.a decrypts, but not to a valid value of type 'int'");
    // sops' binary type: not a YAML/JSON store value, refused rather than guessed.
    refused(
        mapping(
            entry("data", mapping(entry("a", SopsNode.Scalar.of(enc("x", "bytes", "data:a:")))))),
        "data.a decrypts, but not to a valid value of type 'bytes'");
  }

  @Test
  void typedValuesDecryptToTheirGoTypes() {
    SopsNode.Mapping encrypted =
        mapping(
            entry(
                "data",
                mapping(
                    entry("i", SopsNode.Scalar.of(enc("-7", "int", "data:i:"))),
                    entry("f", SopsNode.Scalar.of(enc("2.5", "float", "data:f:"))),
                    entry("b", SopsNode.Scalar.of(enc("False", "bool", "data:b:"))),
                    entry("s", SopsNode.Scalar.of(enc("1", "str", "data:s:"))),
                    entry("e", SopsNode.Scalar.of("")),
                    entry("n", SopsNode.Scalar.ofNull()))),
            entry("kind", scalar(3L)));

    SopsCodec.Walked walked =
        SopsCodec.decrypt(encrypted, EncryptionRule.kubernetesSecret(), false, cipher, "f");

    assertThat(YamlStoreTest.dump(walked.tree()))
        .isEqualTo(
            "{data={i=Long:-7 f=Double:2.5 b=Boolean:false s=String:1 e=String: n=null } kind=Long:3 }");
  }

  @Test
  void commentsThatDoNotDecryptAreKeptAsTheyAre() {
    String movedComment = enc(" moved", "comment", "other:");
    String strNotComment = enc(" typed str", "str", "data:");
    String twoLines = enc("a\nb", "comment", "data:");
    String carriageReturn = enc("a\rb", "comment", "data:");
    String leadingNewline = enc("\nb", "comment", "data:");
    String leadingReturn = enc("\rb", "comment", "data:");
    String good = enc(" good", "comment", "data:");
    SopsNode.Mapping encrypted =
        mapping(
            entry(
                "data",
                mapping(
                    new SopsNode.Comment(" plain"),
                    new SopsNode.Comment(movedComment),
                    new SopsNode.Comment(strNotComment),
                    new SopsNode.Comment(twoLines),
                    new SopsNode.Comment(carriageReturn),
                    new SopsNode.Comment(leadingNewline),
                    new SopsNode.Comment(leadingReturn),
                    new SopsNode.Comment(good))),
            new SopsNode.Comment(" outside the rule"));

    SopsNode.Mapping tree =
        SopsCodec.decrypt(encrypted, EncryptionRule.kubernetesSecret(), false, cipher, "f").tree();

    assertThat(((SopsNode.Mapping) tree.get("data").orElseThrow()).items())
        .containsExactly(
            new SopsNode.Comment(" plain"),
            new SopsNode.Comment(movedComment),
            new SopsNode.Comment(strNotComment),
            new SopsNode.Comment(twoLines),
            new SopsNode.Comment(carriageReturn),
            new SopsNode.Comment(leadingNewline),
            new SopsNode.Comment(leadingReturn),
            new SopsNode.Comment(" good"));
    assertThat(tree.items().get(1)).isEqualTo(new SopsNode.Comment(" outside the rule"));
  }

  @Test
  void encryptingLeavesCommentsOutsideTheRulePlain() {
    SopsNode.Mapping plain =
        mapping(
            new SopsNode.Comment(" readable"),
            entry("data", mapping(new SopsNode.Comment(" hidden"), entry("k", scalar(1L)))));
    SopsNode.Mapping out =
        SopsCodec.encrypt(plain, EncryptionRule.kubernetesSecret(), false, cipher).tree();
    assertThat(out.items().get(0)).isEqualTo(new SopsNode.Comment(" readable"));
    SopsNode.Item hidden = ((SopsNode.Mapping) out.get("data").orElseThrow()).items().get(0);
    assertThat(commentText(hidden, "data:")).isEqualTo(" hidden");
    assertThat(Optional.of(out).map(o -> o.entries().size())).contains(1);
  }
}
