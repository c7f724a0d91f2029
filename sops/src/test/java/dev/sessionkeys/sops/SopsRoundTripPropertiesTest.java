package dev.sessionkeys.sops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random Secrets (keys, nesting, unicode, multi-line values, typed scalars) survive encrypt then
 * decrypt.
 */
class SopsRoundTripPropertiesTest {

  private static final AgeIdentity IDENTITY = AgeKeys.generate();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  /**
   * Nasty pieces: YAML indicators, quotes, escapes, line breaks, non-ASCII, astral, control
   * characters.
   */
  private static final List<String> PIECES =
      List.of(
          "a",
          "Z",
          "0",
          "7",
          " ",
          "\n",
          "\t",
          "\r",
          "é",
          "✓",
          "日本",
          "😀",
          ":",
          ": ",
          " #",
          "#",
          "-",
          "- ",
          "\"",
          "'",
          "\\",
          "{",
          "}",
          "[",
          "]",
          ",",
          "&",
          "*",
          "!",
          "|",
          ">",
          "%",
          "@",
          "`",
          "?",
          "~",
          "\u0085",
          "\u2028",
          "\u0000",
          "\u007f",
          "\ufeff",
          "yes",
          "null",
          "1e3",
          "0x1F",
          "2024-01-01",
          ".inf",
          "true",
          "ENC[AES256_GCM,data:,iv:,tag:,type:str]");

  private static Arbitrary<String> text(int maxPieces) {
    return Arbitraries.of(PIECES).list().ofMaxSize(maxPieces).map(parts -> String.join("", parts));
  }

  private static Arbitrary<String> keys() {
    return text(4).filter(k -> !k.isEmpty());
  }

  private static Arbitrary<Object> scalars() {
    return Arbitraries.oneOf(
        text(12).map(s -> (Object) s),
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.doubles().map(d -> (Object) d),
        Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1e21, 1.5e-7)
            .map(d -> (Object) d),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.just(null));
  }

  private static Arbitrary<Object> values(int depth) {
    if (depth == 0) {
      return scalars();
    }
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, scalars()),
        net.jqwik.api.Tuple.of(1, maps(depth - 1).map(m -> (Object) m)),
        net.jqwik.api.Tuple.of(1, values(depth - 1).list().ofMaxSize(4).map(l -> (Object) l)));
  }

  private static Arbitrary<Map<String, Object>> maps(int depth) {
    return Arbitraries.maps(keys(), values(depth)).ofMaxSize(5).map(LinkedHashMap::new);
  }

  @Provide
  Arbitrary<Map<String, Object>> secrets() {
    Arbitrary<Map<String, Object>> data =
        Arbitraries.maps(keys(), text(30)).ofMinSize(1).ofMaxSize(6).map(LinkedHashMap::new);
    return Combinators.combine(data, maps(2))
        .as(
            (d, extra) -> {
              Map<String, Object> secret = new LinkedHashMap<>();
              secret.put("apiVersion", "v1");
              secret.put("kind", "Secret");
              secret.put(
                  "metadata",
                  Map.of("name", "fwinsights-secrets", "namespace", "fairwinds-insights"));
              secret.put("data", d);
              extra.remove("sops");
              extra.keySet().removeAll(List.of("apiVersion", "kind", "metadata", "data"));
              secret.put("extra", extra);
              return secret;
            });
  }

  @Provide
  Arbitrary<EncryptionRule> rules() {
    return Arbitraries.of(
        EncryptionRule.kubernetesSecret(),
        EncryptionRule.defaults(),
        new EncryptionRule(EncryptionRule.Kind.UNENCRYPTED_REGEX, "^(apiVersion|kind)$"),
        new EncryptionRule(EncryptionRule.Kind.ENCRYPTED_SUFFIX, "a"));
  }

  @Property(tries = 150)
  void encryptThenDecryptGivesTheSameTree(
      @ForAll("secrets") Map<String, Object> secret,
      @ForAll("rules") EncryptionRule rule,
      @ForAll boolean macOnly,
      @ForAll SopsFormat format) {
    SopsNode.Mapping plain = (SopsNode.Mapping) Trees.fromJava(secret);
    if (format == SopsFormat.JSON) {
      Assume.that(!String.valueOf(secret).matches("(?s).*(NaN|Infinity).*"));
      plain = JsonStore.asJsonTypes(plain, "t"); // JSON numbers are floats to sops
    }
    String text =
        Sops.encrypt(
            plain,
            "input",
            format,
            new EncryptOptions(List.of(IDENTITY.recipient()), rule, macOnly, CLOCK));

    SopsDocument document = Sops.decrypt(text, "random.enc", format, () -> List.of(IDENTITY));

    assertThat(SopsNode.toJava(document.tree())).isEqualTo(SopsNode.toJava(plain));
    // And the plaintext we print reads back to the same tree (what `decrypt -o` then `encrypt`
    // relies on).
    assertThat(SopsNode.toJava(format.parse(document.toText(), "printed")))
        .isEqualTo(SopsNode.toJava(plain));
  }

  @Property(tries = 50)
  void encryptedSecretValuesNeverAppearInTheFile(@ForAll("secrets") Map<String, Object> secret) {
    // Mark every data value; keys and the rest of the tree never hold the marker.
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) secret.get("data");
    data.replaceAll((k, v) -> "S3CR3T" + v);
    SopsNode.Mapping plain = (SopsNode.Mapping) Trees.fromJava(secret);

    String text =
        Sops.encrypt(
            plain,
            "input",
            SopsFormat.YAML,
            new EncryptOptions(
                List.of(IDENTITY.recipient()), EncryptionRule.kubernetesSecret(), false, CLOCK));

    assertThat(text).doesNotContain("S3CR3T");
    assertThat(Sops.decrypt(text, "f", () -> List.of(IDENTITY)).toText()).contains("S3CR3T");
  }
}
