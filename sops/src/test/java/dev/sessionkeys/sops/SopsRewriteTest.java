package dev.sessionkeys.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changing values inside a SOPS file in place: same data key, untouched parts byte for byte. */
class SopsRewriteTest {

  static final Clock LATER = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);
  static final Clock EARLIER = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  static final String PLAIN =
      """
      apiVersion: v1
      kind: Secret
      metadata:
          name: app
          # who owns it
          labels:
              team: web
      type: Opaque
      data:
          A: YWFh
          B: YmJi
      nested:
          deeper:
              C: plain
      """;

  @TempDir Path dir;

  /** Replaces data.A, drops data.B, adds data.A_NEXT. */
  static final UnaryOperator<SopsNode.Mapping> EDIT =
      tree ->
          replace(
              tree,
              "data",
              new SopsNode.Mapping(
                  List.of(
                      new SopsNode.Entry("A", SopsNode.Scalar.of("bmV3")),
                      new SopsNode.Entry("A_NEXT", SopsNode.Scalar.of("bmV4dA==")))));

  static SopsNode.Mapping replace(SopsNode.Mapping tree, String key, SopsNode value) {
    List<SopsNode.Item> items = new ArrayList<>();
    for (SopsNode.Item item : tree.items()) {
      items.add(
          item instanceof SopsNode.Entry e && e.key().equals(key)
              ? new SopsNode.Entry(key, value)
              : item);
    }
    return new SopsNode.Mapping(items);
  }

  /** {@link #PLAIN} encrypted for one identity as a Kubernetes Secret. */
  static String encrypted(AgeIdentity id) {
    return Sops.encrypt(
        PLAIN,
        "in.yaml",
        SopsFormat.YAML,
        new EncryptOptions(
            List.of(id.recipient()), EncryptionRule.kubernetesSecret(), false, EARLIER));
  }

  @Test
  void aTopLevelKeyWrittenAnotherWayIsRefused() {
    AgeIdentity id = AgeKeys.generate();
    String before = encrypted(id).replace("\nkind: Secret", "\n\"kind\": Secret");
    assertThatThrownBy(
            () ->
                SopsRewrite.rewrite(
                    before, "in.yaml", SopsFormat.YAML, () -> List.of(id), EDIT, LATER))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> assertThat(e.reason()).isEqualTo(SopsException.Reason.INVALID_INPUT))
        .hasMessageContaining(
            "in.yaml: its top-level entries are not laid out one per first-column key (key"
                + " 'kind')");
  }

  @Test
  void entriesAfterTheSopsBlockAreWrittenOnceBeforeIt() {
    AgeIdentity id = AgeKeys.generate();
    String text = encrypted(id);
    int at = text.indexOf("\nsops:") + 1;
    String sopsFirst = text.substring(at) + text.substring(0, at);
    String after =
        SopsRewrite.rewrite(sopsFirst, "in.yaml", SopsFormat.YAML, () -> List.of(id), EDIT, LATER);
    assertThat(after).startsWith("apiVersion: v1\n");
    assertThat(after.indexOf("\nsops:")).isGreaterThan(after.indexOf("\ndata:"));
    assertThat(Trees.stringAt(Sops.decrypt(after, "in.yaml", () -> List.of(id)), "data", "A"))
        .contains("bmV3");
  }

  static List<String> unencryptedLines(String text) {
    return text.lines()
        .filter(l -> !l.contains("ENC[AES256_GCM"))
        .filter(l -> !l.strip().startsWith("lastmodified:"))
        .toList();
  }

  @Test
  void changedValuesAreReEncryptedUnderTheSameDataKeyAndNothingElseMoves() throws Exception {
    AgeIdentity one = AgeKeys.generate();
    AgeIdentity two = AgeKeys.generate();
    EncryptOptions options =
        new EncryptOptions(
            List.of(one.recipient(), two.recipient()),
            EncryptionRule.kubernetesSecret(),
            false,
            EARLIER);
    String before = Sops.encrypt(PLAIN, "in.yaml", SopsFormat.YAML, options);

    String after =
        SopsRewrite.rewrite(before, "in.yaml", SopsFormat.YAML, () -> List.of(two), EDIT, LATER);

    SopsDocument opened = Sops.decrypt(after, "in.yaml", () -> List.of(one));
    assertThat(Trees.stringAt(opened, "data", "A")).contains("bmV3");
    assertThat(Trees.stringAt(opened, "data", "A_NEXT")).contains("bmV4dA==");
    assertThat(Trees.stringAt(opened, "data", "B")).isEmpty();
    assertThat(Trees.stringAt(opened, "nested", "deeper", "C")).contains("plain");
    assertThat(opened.lastModified()).isEqualTo("2026-03-04T05:06:07Z");
    assertThat(opened.recipients())
        .containsExactly(one.recipient().value(), two.recipient().value());

    assertThat(unencryptedLines(after)).isEqualTo(unencryptedLines(before));
    assertThat(after).contains("lastmodified: \"2026-03-04T05:06:07Z\"").doesNotContain("YWFh");
    assertThat(block(after, "age")).isEqualTo(block(before, "age"));
    assertThat(line(after, "mac:")).isNotEqualTo(line(before, "mac:"));
    assertThat(line(after, "A:")).isNotEqualTo(line(before, "A:"));
    assertThat(after).doesNotContain(line(before, "B:"));
    assertThat(dataKey(after, one)).isEqualTo(dataKey(before, one)).hasSize(32);
  }

  @Test
  void unchangedValuesKeepTheirCiphertext() {
    AgeIdentity id = AgeKeys.generate();
    String before = encrypted(id);
    UnaryOperator<SopsNode.Mapping> onlyB =
        tree ->
            replace(
                tree,
                "data",
                new SopsNode.Mapping(
                    List.of(
                        new SopsNode.Entry("A", SopsNode.Scalar.of("YWFh")),
                        new SopsNode.Entry("B", SopsNode.Scalar.of("Y2Nj")))));
    String after =
        SopsRewrite.rewrite(before, "in.yaml", SopsFormat.YAML, () -> List.of(id), onlyB, LATER);
    assertThat(line(after, "A:")).isEqualTo(line(before, "A:"));
    assertThat(line(after, "B:")).isNotEqualTo(line(before, "B:"));
    assertThat(Trees.stringAt(Sops.decrypt(after, "in.yaml", () -> List.of(id)), "data", "B"))
        .contains("Y2Nj");

    // No change at all: the same text but for lastmodified and the MAC.
    String same =
        SopsRewrite.rewrite(before, "in.yaml", SopsFormat.YAML, () -> List.of(id), t -> t, LATER);
    assertThat(unencryptedLines(same)).isEqualTo(unencryptedLines(before));
    assertThat(line(same, "A:")).isEqualTo(line(before, "A:"));
    assertThat(line(same, "B:")).isEqualTo(line(before, "B:"));
  }

  @Test
  void aScalarOfAnotherTypeOrAMappingForAScalarIsEncryptedAfresh() {
    AgeIdentity id = AgeKeys.generate();
    String text =
        Sops.encrypt(
            "a: 1\nb: x\nc: y\n",
            "t.yaml",
            SopsFormat.YAML,
            new EncryptOptions(List.of(id.recipient()), EncryptionRule.defaults(), false, EARLIER));
    UnaryOperator<SopsNode.Mapping> edit =
        tree ->
            replace(
                replace(replace(tree, "a", SopsNode.Scalar.of("1")), "b", new SopsNode.Scalar(2L)),
                "c",
                new SopsNode.Mapping(List.of(new SopsNode.Entry("d", SopsNode.Scalar.of("y")))));
    String after =
        SopsRewrite.rewrite(text, "t.yaml", SopsFormat.YAML, () -> List.of(id), edit, LATER);
    SopsDocument opened = Sops.decrypt(after, "t.yaml", () -> List.of(id));
    assertThat(Trees.stringAt(opened, "a")).contains("1");
    assertThat(Trees.stringAt(opened, "c", "d")).contains("y");
    assertThat(line(after, "a:")).isNotEqualTo(line(text, "a:"));
    assertThat(line(after, "b:")).isNotEqualTo(line(text, "b:"));
  }

  @Test
  void aFileWrittenByTheReferenceProducerKeepsItsUnencryptedBytes() {
    String fixture = Fixtures.text("sops-fixtures/generated/k8s-secret.encrypted_regex.enc.yaml");
    UnaryOperator<SopsNode.Mapping> addNext =
        tree -> {
          SopsNode.Mapping data = (SopsNode.Mapping) tree.get("data").orElseThrow();
          List<SopsNode.Item> items = new ArrayList<>(data.items());
          items.add(new SopsNode.Entry("COOKIE_HASH_KEY_NEXT", SopsNode.Scalar.of("bmV4dA==")));
          return replace(tree, "data", new SopsNode.Mapping(items));
        };
    String after =
        SopsRewrite.rewrite(
            fixture, "k8s.yaml", SopsFormat.YAML, Fixtures::generatedKeys, addNext, LATER);
    assertThat(unencryptedLines(after)).isEqualTo(unencryptedLines(fixture));
    assertThat(line(after, "COOKIE_BLOCK_KEY:")).isEqualTo(line(fixture, "COOKIE_BLOCK_KEY:"));
    assertThat(
            Trees.stringAt(
                Sops.decrypt(after, "k8s.yaml", Fixtures::generatedKeys),
                "data",
                "COOKIE_HASH_KEY_NEXT"))
        .contains("bmV4dA==");
  }

  @Test
  void onlyAnEntryThatChangesMustBeInThisWritersLayout() {
    AgeIdentity id = AgeKeys.generate();
    String text = encrypted(id);
    // Hand-edited layout outside what changes, and a trailing blank line: kept byte for byte.
    String odd = text.replace("\n    name: app", "\n    name:   app") + "\n";
    String after =
        SopsRewrite.rewrite(odd, "in.yaml", SopsFormat.YAML, () -> List.of(id), EDIT, LATER);
    assertThat(after).contains("\n    name:   app\n").endsWith("\n\n");
    assertThat(unencryptedLines(after)).isEqualTo(unencryptedLines(odd));

    // The same in the entry that must change: refused, naming the file's line.
    String oddData = text.replace("\ndata:\n    A: ", "\ndata:\n    A:  ");
    assertThatThrownBy(
            () ->
                SopsRewrite.rewrite(
                    oddData, "in.yaml", SopsFormat.YAML, () -> List.of(id), EDIT, LATER))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SopsException.Reason.INVALID_INPUT);
              assertThat(e.getMessage())
                  .startsWith("in.yaml line 10: the file's layout is not the one sops writes")
                  .contains("nothing was written");
            });
  }

  @Test
  void aJsonFileMustBeInThisWritersLayoutWhole() {
    AgeIdentity id = AgeKeys.generate();
    String json =
        Sops.encrypt(
            "{\"data\": {\"A\": \"YWFh\"}, \"kind\": \"Secret\"}",
            "in.json",
            SopsFormat.JSON,
            new EncryptOptions(
                List.of(id.recipient()), EncryptionRule.kubernetesSecret(), false, EARLIER));
    String after =
        SopsRewrite.rewrite(json, "in.json", SopsFormat.JSON, () -> List.of(id), t -> t, LATER);
    assertThat(Trees.stringAt(Sops.decrypt(after, "in.json", () -> List.of(id)), "data", "A"))
        .contains("YWFh");
    assertThatThrownBy(
            () ->
                SopsRewrite.rewrite(
                    json + "\n", "in.json", SopsFormat.JSON, () -> List.of(id), t -> t, LATER))
        .hasMessageContaining("in.json line " + (json.split("\n", -1).length + 1));
  }

  @Test
  void refusalsOfTheInputAndTheEdit() {
    AgeIdentity id = AgeKeys.generate();
    String text = encrypted(id);
    assertThatThrownBy(
            () ->
                SopsRewrite.rewrite(
                    PLAIN, "p.yaml", SopsFormat.YAML, () -> List.of(id), EDIT, LATER))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> assertThat(e.reason()).isEqualTo(SopsException.Reason.NOT_A_SOPS_FILE));
    assertThatThrownBy(
            () -> SopsRewrite.rewrite(text, "in.yaml", SopsFormat.YAML, List::of, EDIT, LATER))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SopsException.Reason.MISSING_IDENTITY);
              assertThat(e.getMessage()).startsWith("in.yaml: no age identity");
            });
    assertThatThrownBy(
            () ->
                SopsRewrite.rewrite(
                    text,
                    "in.yaml",
                    SopsFormat.YAML,
                    () -> List.of(AgeKeys.generate()),
                    EDIT,
                    LATER))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> assertThat(e.reason()).isEqualTo(SopsException.Reason.WRONG_IDENTITY));
    UnaryOperator<SopsNode.Mapping> addSops =
        tree ->
            replace(
                new SopsNode.Mapping(List.of(new SopsNode.Entry("sops", SopsNode.Scalar.of("x")))),
                "x",
                tree);
    assertThatThrownBy(
            () ->
                SopsRewrite.rewrite(
                    text, "in.yaml", SopsFormat.YAML, () -> List.of(id), addSops, LATER))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SopsException.Reason.INVALID_INPUT);
              assertThat(e.getMessage()).contains("reserves");
            });
    String tampered = text.replace("team: web", "team: ops");
    assertThatThrownBy(
            () ->
                SopsRewrite.rewrite(
                    tampered, "in.yaml", SopsFormat.YAML, () -> List.of(id), EDIT, LATER))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> assertThat(e.reason()).isEqualTo(SopsException.Reason.TAMPERED_MAC));
  }

  @Test
  void theDataKeyStillOpensWithTheRealAgeTool() throws Exception {
    AgeCli.require();
    Path keyFile = dir.resolve("keys.txt");
    AgeIdentity id = AgeKeys.generateToFile(keyFile, EARLIER);
    String before = encrypted(id);
    String after =
        SopsRewrite.rewrite(before, "in.yaml", SopsFormat.YAML, () -> List.of(id), EDIT, LATER);
    String enc =
        SopsMetadata.parse(SopsFormat.YAML.parse(after, "t").get("sops").orElseThrow(), "t")
            .age()
            .get(0)
            .enc();
    Path armored = dir.resolve("key.age");
    Files.writeString(armored, enc);
    byte[] key = AgeCli.run(new byte[0], "-d", "-i", keyFile.toString(), armored.toString());
    assertThat(key).isEqualTo(dataKey(before, id));
  }

  private static byte[] dataKey(String text, AgeIdentity id) {
    SopsNode.Mapping root = SopsFormat.YAML.parse(text, "t");
    SopsMetadata metadata = SopsMetadata.parse(root.get("sops").orElseThrow(), "t");
    return Sops.unwrapDataKey(metadata, List.of(id), "t").bytes();
  }

  private static String line(String text, String start) {
    return text.lines().filter(l -> l.strip().startsWith(start)).findFirst().orElseThrow();
  }

  private static String block(String text, String key) {
    int from = text.indexOf("\n    " + key + ":");
    int to = text.indexOf("\n    lastmodified:");
    return text.substring(from, to);
  }

  @Test
  void aMetadataLineBuiltToBacktrackIsSplicedOrRefusedInLinearTime() {
    AgeIdentity id = AgeKeys.generate();
    String before = encrypted(id);
    String pad = " ".repeat(20_000);
    // Still valid YAML with the same values (a comment after padding), so the MAC holds and the
    // rewrite reaches the splice; a backtracking regex over that line takes minutes.
    String hostile =
        before
                .lines()
                .map(
                    l ->
                        l.strip().startsWith("mac: ENC[")
                            ? l.replace("mac: ", "mac:" + pad) + pad + "#'y"
                            : l)
                .collect(java.util.stream.Collectors.joining("\n"))
            + "\n";
    assertThat(hostile).isNotEqualTo(before);
    // Preemptive: a backtracking regex does not return by itself, the test must still end.
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        java.time.Duration.ofSeconds(5),
        () -> {
          try {
            String after =
                SopsRewrite.rewrite(
                    hostile, "in.yaml", SopsFormat.YAML, () -> List.of(id), EDIT, LATER);
            assertThat(
                    Trees.stringAt(Sops.decrypt(after, "in.yaml", () -> List.of(id)), "data", "A"))
                .contains("bmV3");
          } catch (SopsException refused) {
            assertThat(refused.getMessage()).doesNotContain("YWFh");
          }
        });
  }
}
