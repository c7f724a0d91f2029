package dev.sessionkeys.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding identities the way sops does: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, the XDG default, or one
 * explicit file.
 */
class AgeKeysTest {

  @TempDir Path dir;

  private final AgeIdentity a = AgeKeys.generate();
  private final AgeIdentity b = AgeKeys.generate();
  private final AgeIdentity c = AgeKeys.generate();

  private static List<String> recipients(List<AgeIdentity> identities) {
    return identities.stream().map(i -> i.recipient().value()).toList();
  }

  @Test
  void combinesEnvKeyEnvFileAndTheDefaultFileLikeSops() {
    Path file = dir.resolve("b.txt");
    AgeKeys.generateToFile(file, Clock.systemUTC());
    AgeIdentity fromFile = AgeKeys.readKeyFile(file, true).get(0);
    Path home = dir.resolve("home");
    Path defaultFile = home.resolve(".config/sops/age/keys.txt");
    AgeIdentity fromDefault = AgeKeys.generateToFile(defaultFile, Clock.systemUTC());

    List<AgeIdentity> found =
        AgeKeys.findIdentities(
            Optional.empty(),
            Map.of(
                "SOPS_AGE_KEY", "# comment\n\n" + a.secretForKeyFile() + "\n",
                "SOPS_AGE_KEY_FILE", file.toString(),
                "HOME", home.toString()));

    assertThat(recipients(found))
        .containsExactly(
            a.recipient().value(), fromFile.recipient().value(), fromDefault.recipient().value());
  }

  @Test
  void honoursXdgConfigHome() {
    Path xdg = dir.resolve("xdg");
    AgeIdentity identity =
        AgeKeys.generateToFile(xdg.resolve("sops/age/keys.txt"), Clock.systemUTC());

    List<AgeIdentity> found =
        AgeKeys.findIdentities(
            Optional.empty(),
            Map.of("XDG_CONFIG_HOME", xdg.toString(), "HOME", dir.resolve("nohome").toString()));

    assertThat(recipients(found)).containsExactly(identity.recipient().value());
    assertThat(AgeKeys.defaultKeyFile(Map.of("HOME", "/home/u")))
        .isEqualTo(Path.of("/home/u/.config/sops/age/keys.txt"));
  }

  @Test
  void anExplicitFileReplacesTheSearch() throws Exception {
    Path file = dir.resolve("only.txt");
    Files.writeString(file, b.secretForKeyFile() + "\n" + c.secretForKeyFile() + "\n");

    List<AgeIdentity> found =
        AgeKeys.findIdentities(Optional.of(file), Map.of("SOPS_AGE_KEY", a.secretForKeyFile()));

    assertThat(recipients(found)).containsExactly(b.recipient().value(), c.recipient().value());
  }

  @Test
  void aMissingKeyFileNamedInTheEnvironmentIsAnError() {
    Path missing = dir.resolve("missing.txt");
    assertThatThrownBy(
            () ->
                AgeKeys.findIdentities(
                    Optional.empty(),
                    Map.of("SOPS_AGE_KEY_FILE", missing.toString(), "HOME", dir.toString())))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SopsException.Reason.MISSING_IDENTITY);
              assertThat(e.getMessage()).contains(missing.toString()).contains("does not exist");
            });
  }

  @Test
  void aBadKeyLineIsNamedByFileAndLineWithoutEchoingIt() throws Exception {
    Path file = dir.resolve("bad.txt");
    String almost = a.secretForKeyFile().substring(0, 70) + "QQQQ";
    Files.writeString(file, "# created\n" + almost + "\n");

    assertThatThrownBy(() -> AgeKeys.readKeyFile(file, true))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SopsException.Reason.INVALID_KEY);
              assertThat(e.getMessage())
                  .contains(file + " line 2")
                  .doesNotContain(almost.substring(16, 40));
            });
  }

  @Test
  void recipientsAreValidated() {
    assertThat(AgeRecipient.parse("  " + a.recipient().value() + " ")).isEqualTo(a.recipient());
    for (String bad :
        List.of(
            "age1",
            "age1qqqq",
            a.recipient().value().toUpperCase(),
            // The last character changed (to one that differs from it: the key is random), so the
            // checksum fails.
            a.recipient().value().substring(0, 61)
                + (a.recipient().value().endsWith("x") ? "y" : "x"),
            "ssh-ed25519 AAAA")) {
      assertThatThrownBy(() -> new AgeRecipient(bad))
          .isInstanceOfSatisfying(
              SopsException.class,
              e -> assertThat(e.reason()).isEqualTo(SopsException.Reason.INVALID_KEY));
    }
  }

  @Test
  void theKnownTestKeysDeriveTheirPublishedRecipients() {
    assertThat(recipients(Fixtures.exampleKeys()))
        .containsExactly(
            "age1yt3tfqlfrwdwx0z0ynwplcr6qxcxfaqycuprpmy89nr83ltx74tqdpszlw",
            "age1tmaae3ld5vpevmsh5yacsauzx8jetg300mpvc4ugp5zr5l6ssq9sla97ep");
  }
}
