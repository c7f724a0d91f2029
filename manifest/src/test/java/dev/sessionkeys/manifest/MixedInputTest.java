package dev.sessionkeys.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.core.validate.SecretDocument;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Multi-object input as helm and kubectl print it; bounded stream reads; Helm's values overlay. */
class MixedInputTest {

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void secretsWithDataAreKeptAndEverythingElseIsListed() {
    String text =
        "apiVersion: v1\nkind: List\nitems:\n"
            + "- kind: Secret\n  metadata:\n    name: a\n  data:\n    K: eA==\n"
            + "- kind: Secret\n  metadata:\n    name: b\n  stringData: {}\n"
            + "- kind: ConfigMap\n  metadata:\n    name: c\n"
            + "- data:\n    K: eA==\n"
            + "- metadata:\n    name: d\n";
    SecretManifests.Contents contents = SecretManifests.parseMixed("list.yaml", utf8(text));
    assertThat(contents.secrets()).extracting(SecretDocument::name).containsExactly("a", null);
    assertThat(contents.skipped())
        .containsExactly(
            "Secret b (line 9, no data)",
            "ConfigMap c (line 13)",
            "(no kind) d (line 18, no data)");
  }

  @Test
  void withNothingUsableTheFirstReasonIsGiven() {
    assertThatThrownBy(
            () ->
                SecretManifests.parseMixed("s.yaml", utf8("kind: Secret\nmetadata:\n  name: x\n")))
        .isInstanceOfSatisfying(
            ManifestException.class,
            e -> assertThat(e.problem()).isEqualTo(ManifestException.Problem.NO_DATA));
    assertThatThrownBy(() -> SecretManifests.parseMixed("s.yaml", utf8("- a\n")))
        .isInstanceOfSatisfying(
            ManifestException.class,
            e -> assertThat(e.problem()).isEqualTo(ManifestException.Problem.NOT_AN_OBJECT));
  }

  @Test
  void theContentsListsAreCopies() {
    java.util.List<String> skipped = new java.util.ArrayList<>(java.util.List.of("x"));
    SecretManifests.Contents contents = new SecretManifests.Contents(java.util.List.of(), skipped);
    skipped.add("y");
    assertThat(contents.skipped()).containsExactly("x");
  }

  @Test
  void streamsAreReadUpTo1MiB() {
    byte[] exactly = new byte[1024 * 1024];
    assertThat(SecretManifests.bytesOf("stdin", new ByteArrayInputStream(exactly)))
        .hasSize(1024 * 1024);
    assertThatThrownBy(
            () ->
                SecretManifests.bytesOf(
                    "stdin", new ByteArrayInputStream(new byte[1024 * 1024 + 1])))
        .isInstanceOfSatisfying(
            ManifestException.class,
            e -> assertThat(e.problem()).isEqualTo(ManifestException.Problem.TOO_LARGE))
        .hasMessageStartingWith("stdin");
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("gone");
          }
        };
    assertThatThrownBy(() -> SecretManifests.bytesOf("stdin", broken))
        .isInstanceOfSatisfying(
            ManifestException.class,
            e -> assertThat(e.problem()).isEqualTo(ManifestException.Problem.NOT_READABLE))
        .hasMessageContaining("cannot be read (IOException)");
  }

  @Test
  void laterValuesFilesWinSettingBySetting() {
    HelmValues chart =
        HelmValues.parse(
            "values.yaml", utf8("options:\n  autogenerateKeys: true\n  secretName: a\n"));
    HelmValues ours = HelmValues.parse("ours.yaml", utf8("options:\n  autogenerateKeys: false\n"));
    HelmValues merged = chart.overlaidBy(ours);
    assertThat(merged.source()).isEqualTo("values.yaml, ours.yaml");
    assertThat(merged.autogenerateKeys()).isFalse();
    assertThat(merged.autogenerateKeysText()).isEqualTo("false");
    assertThat(merged.autogenerateKeysLine()).isEqualTo(2);
    assertThat(merged.secretName()).isEqualTo("a");
    assertThat(merged.secretNameLine()).isEqualTo(3);
    HelmValues back = ours.overlaidBy(chart);
    assertThat(back.autogenerateKeys()).isTrue();
    assertThat(back.secretName()).isEqualTo("a");
    HelmValues empty = HelmValues.parse("e.yaml", utf8("image: x\n"));
    assertThat(chart.overlaidBy(empty).autogenerateKeys()).isTrue();
    assertThat(chart.overlaidBy(empty).secretNameLine()).isEqualTo(3);
  }
}
