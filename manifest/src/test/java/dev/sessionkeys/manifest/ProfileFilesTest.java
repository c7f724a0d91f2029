package dev.sessionkeys.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.core.Alphabet;
import dev.sessionkeys.core.KeySpec;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.RotationClass;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileFilesTest {

  static final String EXAMPLE =
      """
      name: my-app
      secretName: my-app-secrets
      namespace: my-app
      keys:
        - name: SIGNING_KEY
          length: 64
          rotation: grace
          group: tokens
          purpose: signs API tokens
        - name: DATA_KEY
          length: 32
          rotation: reencrypt
          alphabet: hex
        - name: PIN_KEY
          length: 38
          rotation: grace
          alphabet: {name: digits-and-x, characters: "0123456789X"}
      """;

  private static Profile parse(String yaml) {
    return ProfileFiles.parse("profile.yaml", yaml.getBytes(StandardCharsets.UTF_8), false);
  }

  @Test
  void readsTheDocumentedFormat() {
    Profile profile = parse(EXAMPLE);
    assertThat(profile.name()).isEqualTo("my-app");
    assertThat(profile.defaultSecretName()).isEqualTo("my-app-secrets");
    assertThat(profile.defaultNamespace()).isEqualTo("my-app");
    assertThat(profile.keys())
        .extracting(KeySpec::name)
        .containsExactly("SIGNING_KEY", "DATA_KEY", "PIN_KEY");
    KeySpec signing = profile.keys().get(0);
    assertThat(signing.length()).isEqualTo(64);
    assertThat(signing.rotation()).isEqualTo(RotationClass.GRACE_PERIOD);
    assertThat(signing.group()).isEqualTo("tokens");
    assertThat(signing.alphabet()).isEqualTo(Alphabet.ALPHANUMERIC);
    KeySpec data = profile.keys().get(1);
    assertThat(data.rotation()).isEqualTo(RotationClass.REENCRYPT);
    assertThat(data.alphabet()).isEqualTo(ProfileFiles.HEX);
    assertThat(data.group()).isEqualTo("data-key");
    assertThat(profile.keys().get(2).alphabet().characters()).isEqualTo("0123456789X");
  }

  @Test
  void theBuiltInProfileWrittenAsAFileIsTheSame() {
    Profile file =
        parse(
            """
        name: fairwinds-insights
        secretName: fwinsights-secrets
        namespace: fairwinds-insights
        keys:
          - {name: COOKIE_HASH_KEY, length: 64, rotation: grace, group: cookie}
          - {name: COOKIE_BLOCK_KEY, length: 32, rotation: grace, group: cookie}
          - {name: SESSION_AUTH_KEY, length: 64, rotation: grace, group: session}
          - {name: SESSION_ENCRYPTION_KEY, length: 32, rotation: grace, group: session}
          - {name: AES_BASE64_CYPHER_KEY, length: 32, rotation: reencrypt, group: data}
        """);
    Profile builtIn = Profile.FAIRWINDS_INSIGHTS;
    assertThat(file.keys()).hasSameSizeAs(builtIn.keys());
    for (int i = 0; i < builtIn.keys().size(); i++) {
      KeySpec a = file.keys().get(i);
      KeySpec b = builtIn.keys().get(i);
      assertThat(a.name()).isEqualTo(b.name());
      assertThat(a.length()).isEqualTo(b.length());
      assertThat(a.rotation()).isEqualTo(b.rotation());
      assertThat(a.group()).isEqualTo(b.group());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "15", "4097", "1000000000", "99999999999999999999"})
  void zeroTinyOrHugeLengthsAreRefusedWithTheirLine(String length) {
    String yaml = EXAMPLE.replace("length: 64", "length: " + length);
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOfSatisfying(
            ManifestException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(ManifestException.Problem.BAD_PROFILE);
              assertThat(e.line()).isEqualTo(6);
            })
        .hasMessageStartingWith("profile.yaml:6: length")
        .hasMessageContaining("SIGNING_KEY");
  }

  @Test
  void aLengthThatIsNotANumberIsRefused() {
    assertThatThrownBy(() -> parse(EXAMPLE.replace("length: 64", "length: sixty-four")))
        .hasMessageStartingWith("profile.yaml:6: length of SIGNING_KEY must be a whole number");
  }

  @Test
  void misspeltFieldsAreRefusedNotIgnored() {
    assertThatThrownBy(() -> parse(EXAMPLE.replace("length: 32", "lenght: 32")))
        .hasMessageStartingWith("profile.yaml:11: unknown key field 'lenght'");
    assertThatThrownBy(() -> parse("secretname: x\n" + EXAMPLE))
        .hasMessageStartingWith("profile.yaml:1: unknown profile field 'secretname'");
  }

  @Test
  void badRotationAlphabetNamesAndDuplicatesAreRefused() {
    assertThatThrownBy(() -> parse(EXAMPLE.replace("rotation: reencrypt", "rotation: never")))
        .hasMessageStartingWith("profile.yaml:12: rotation of DATA_KEY must be 'grace'");
    assertThatThrownBy(() -> parse(EXAMPLE.replace("alphabet: hex", "alphabet: base64")))
        .hasMessageStartingWith("profile.yaml:13: alphabet 'base64' is not built in");
    assertThatThrownBy(() -> parse(EXAMPLE.replace("DATA_KEY", "SIGNING_KEY")))
        .hasMessageContaining("lists the key SIGNING_KEY twice");
    assertThatThrownBy(
            () -> parse(EXAMPLE.replace("secretName: my-app-secrets", "secretName: My_App")))
        .hasMessageContaining("not a valid Kubernetes name");
    assertThatThrownBy(() -> parse(EXAMPLE.replace("name: SIGNING_KEY", "name: signing-key")))
        .hasMessageContaining("not usable as an environment variable");
    assertThatThrownBy(() -> parse("name: x\nsecretName: s\nnamespace: n\nkeys: []\n"))
        .hasMessageContaining("'keys' must be a non-empty list");
    assertThatThrownBy(() -> parse("name: x\nnamespace: n\nkeys: []\n"))
        .hasMessageContaining("'secretName' is required");
  }

  @Test
  void keysUnder128BitsAreRefusedUnlessAllowed() {
    // PIN_KEY: 37 characters of 11 are 127.99 bits; 38 are 131.
    String weak = EXAMPLE.replace("length: 38", "length: 37");
    assertThatThrownBy(() -> parse(weak))
        .isInstanceOfSatisfying(
            ManifestException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(ManifestException.Problem.BAD_PROFILE);
              assertThat(e.line()).isEqualTo(15);
            })
        .hasMessage(
            "profile.yaml:15: key PIN_KEY holds only 127 bits of entropy (37 characters of an"
                + " alphabet of 11); keys need at least 128: make it 38 characters or more, or pass"
                + " --allow-weak if the app cannot take a longer key");
    assertThat(
            ProfileFiles.parse("profile.yaml", weak.getBytes(StandardCharsets.UTF_8), true)
                .keys()
                .get(2)
                .length())
        .isEqualTo(37);
    // Exactly 128 bits (32 hex characters) is enough; 31 is not.
    assertThat(parse(EXAMPLE).keys().get(1).length()).isEqualTo(32);
    assertThatThrownBy(() -> parse(EXAMPLE.replace("length: 32", "length: 31")))
        .hasMessageContaining("key DATA_KEY holds only 124 bits")
        .hasMessageContaining("make it 32 characters");
  }

  @Test
  void readFromAFileChecksStrengthToo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file =
        java.nio.file.Files.writeString(
            dir.resolve("p.yaml"), EXAMPLE.replace("length: 38", "length: 16"));
    assertThatThrownBy(() -> ProfileFiles.read(file, false))
        .hasMessageContaining("key PIN_KEY holds only 55");
    assertThat(ProfileFiles.read(file, true).keys()).hasSize(3);
  }
}
