package dev.sessionkeys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules a profile, a key spec and an alphabet enforce when they are built, at their boundaries.
 */
class ProfileRulesTest {

  private static KeySpec key(String name, int length) {
    return new KeySpec(
        name, length, Alphabet.ALPHANUMERIC, "g", "test key", RotationClass.GRACE_PERIOD);
  }

  @Test
  void keyLengthBoundsAreInclusive() {
    assertThat(key("A", KeySpec.MIN_LENGTH).length()).isEqualTo(16);
    assertThat(key("A", KeySpec.MAX_LENGTH).length()).isEqualTo(4096);
    assertThatThrownBy(() -> key("A", KeySpec.MIN_LENGTH - 1)).hasMessageContaining("length 15");
    assertThatThrownBy(() -> key("A", KeySpec.MAX_LENGTH + 1)).hasMessageContaining("length 4097");
  }

  @Test
  void keyNamesAndGroupsAreChecked() {
    assertThatThrownBy(() -> key("A-B", 32)).hasMessageContaining("environment variable");
    assertThatThrownBy(() -> key("A_PREVIOUS", 32)).hasMessageContaining("reserved");
    assertThatThrownBy(
            () ->
                new KeySpec(
                    "A", 32, Alphabet.ALPHANUMERIC, "Bad Group", "p", RotationClass.REENCRYPT))
        .hasMessageContaining("group 'Bad Group'");
    assertThat(key("A", 32).previousName()).isEqualTo("A_PREVIOUS");
    assertThat(key("A", 32).entropyBits())
        .isCloseTo(32 * Math.log(62) / Math.log(2), org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void profileRefusesDuplicatesEmptinessAndBadDefaults() {
    assertThatThrownBy(() -> new Profile("p", List.of(), "s", "ns"))
        .hasMessageContaining("lists no keys");
    assertThatThrownBy(() -> new Profile("p", List.of(key("A", 32), key("A", 16)), "s", "ns"))
        .hasMessageContaining("the key A twice");
    assertThatThrownBy(() -> new Profile("p", List.of(key("A", 32)), "Bad_Name", "ns"))
        .hasMessageContaining("secret name 'Bad_Name'");
    assertThatThrownBy(() -> new Profile("p", List.of(key("A", 32)), "s", "a.b"))
        .hasMessageContaining("namespace 'a.b'");
    assertThat(Profile.isValidSecretName("a".repeat(253))).isTrue();
    assertThat(Profile.isValidSecretName("a".repeat(254))).isFalse();
    assertThat(Profile.isValidSecretName(null)).isFalse();
    assertThat(Profile.isValidNamespace("a".repeat(63))).isTrue();
    assertThat(Profile.isValidNamespace("a".repeat(64))).isFalse();
    assertThat(Profile.isValidNamespace(null)).isFalse();
  }

  @Test
  void profileLooksUpKeysGroupsAndPreviousNames() {
    Profile p = Profile.FAIRWINDS_INSIGHTS;
    assertThat(p.groups()).containsExactly("cookie", "session", "data");
    assertThat(p.keysInGroup("cookie"))
        .extracting(KeySpec::name)
        .containsExactly("COOKIE_HASH_KEY", "COOKIE_BLOCK_KEY");
    assertThat(p.keysInGroup("none")).isEmpty();
    assertThat(p.key("SESSION_AUTH_KEY")).map(KeySpec::length).contains(64);
    assertThat(p.key("NOPE")).isEmpty();
    for (String slot :
        List.of("COOKIE_BLOCK_KEY", "COOKIE_BLOCK_KEY_PREVIOUS", "COOKIE_BLOCK_KEY_NEXT")) {
      assertThat(p.keyFor(slot)).map(KeySpec::name).contains("COOKIE_BLOCK_KEY");
    }
    assertThat(p.keyFor("NOPE_PREVIOUS")).isEmpty();
    assertThat(p.keyFor("NOPE_NEXT")).isEmpty();
    assertThat(Profile.builtIn("fairwinds-insights")).contains(p);
    assertThat(Profile.builtIn("other")).isEmpty();
    assertThat(Profile.builtInNames()).containsExactly("fairwinds-insights");
  }

  @Test
  void alphabetRulesAndMembership() {
    assertThatThrownBy(() -> new Alphabet("x", "a")).hasMessageContaining("at least 2");
    assertThat(new Alphabet("x", "ab").size()).isEqualTo(2);
    assertThatThrownBy(() -> new Alphabet("x", "aba")).hasMessageContaining("'a' twice");
    assertThatThrownBy(() -> new Alphabet("x", "a b")).hasMessageContaining("position 2");
    assertThatThrownBy(() -> new Alphabet("x", "a\u007f")).hasMessageContaining("position 2");
    assertThat(new Alphabet("x", "!~").containsAll("~!~")).isTrue();
    StringBuilder all = new StringBuilder();
    for (char c = 0x21; c <= 0x7e; c++) {
      all.append(c);
    }
    assertThat(new Alphabet("printable", all.toString()).size()).isEqualTo(94);
    assertThat(Alphabet.ALPHANUMERIC.containsAll("abcXYZ09")).isTrue();
    assertThat(Alphabet.ALPHANUMERIC.containsAll("abc-")).isFalse();
    assertThat(Alphabet.ALPHANUMERIC.bitsPerCharacter())
        .isCloseTo(5.954, org.assertj.core.data.Offset.offset(0.001));
  }

  @Test
  void rotationClassesParseTheirProfileWords() {
    assertThat(RotationClass.fromProfileName("grace")).isEqualTo(RotationClass.GRACE_PERIOD);
    assertThat(RotationClass.fromProfileName("reencrypt")).isEqualTo(RotationClass.REENCRYPT);
    assertThat(RotationClass.fromProfileName("other")).isNull();
  }

  @Test
  void strongLengthIsTheShortestWithAtLeast128Bits() {
    assertThat(Profile.strongLength(Alphabet.ALPHANUMERIC)).isEqualTo(22); // 21 chars: 125 bits
    assertThat(Profile.strongLength(new Alphabet("hex", "0123456789abcdef"))).isEqualTo(32);
    assertThat(Profile.strongLength(new Alphabet("bits", "01"))).isEqualTo(128);
    assertThat(Profile.strongLength(new Alphabet("eleven", "0123456789X"))).isEqualTo(38);
    assertThat(Profile.MIN_ENTROPY_BITS).isEqualTo(128);
  }
}
