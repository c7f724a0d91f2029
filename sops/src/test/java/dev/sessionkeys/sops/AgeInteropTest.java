package dev.sessionkeys.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our age files against Debian's age, both ways, and our key files against age's reader. */
class AgeInteropTest {

  @TempDir Path dir;

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  @Test
  void ourArmoredOutputDecryptsWithAgeDashD() throws Exception {
    AgeCli.require();
    Path keyFile = dir.resolve("keys.txt");
    AgeIdentity identity = AgeKeys.generateToFile(keyFile, CLOCK);
    byte[] dataKey = new byte[32];
    new SecureRandom().nextBytes(dataKey);

    String armored = AgeFiles.encryptArmored(dataKey, identity.recipient());

    assertThat(armored)
        .startsWith("-----BEGIN AGE ENCRYPTED FILE-----\n")
        .endsWith("-----END AGE ENCRYPTED FILE-----\n");
    byte[] out =
        AgeCli.run(armored.getBytes(StandardCharsets.US_ASCII), "-d", "-i", keyFile.toString());
    assertThat(out).isEqualTo(dataKey);
  }

  @Test
  void ageDashEDashAOutputDecryptsWithOurs() throws Exception {
    AgeCli.require();
    AgeIdentity identity = AgeKeys.generate();
    byte[] secret = "a data key from the real age".getBytes(StandardCharsets.UTF_8);

    byte[] armored = AgeCli.run(secret, "-e", "-a", "-r", identity.recipient().value());

    AgeFiles.Opened opened =
        AgeFiles.decryptArmored(new String(armored, StandardCharsets.US_ASCII), List.of(identity));
    assertThat(opened)
        .isInstanceOfSatisfying(
            AgeFiles.Opened.Ok.class, ok -> assertThat(ok.plaintext()).isEqualTo(secret));
  }

  @Test
  void ageDashEToSeveralRecipientsOpensWithEitherIdentity() throws Exception {
    AgeCli.require();
    AgeIdentity first = AgeKeys.generate();
    AgeIdentity second = AgeKeys.generate();
    byte[] armored =
        AgeCli.run(
            new byte[32],
            "-e",
            "-a",
            "-r",
            first.recipient().value(),
            "-r",
            second.recipient().value());

    for (AgeIdentity identity : List.of(first, second)) {
      assertThat(
              AgeFiles.decryptArmored(
                  new String(armored, StandardCharsets.US_ASCII), List.of(identity)))
          .isInstanceOf(AgeFiles.Opened.Ok.class);
    }
    assertThat(
            AgeFiles.decryptArmored(
                new String(armored, StandardCharsets.US_ASCII), List.of(AgeKeys.generate())))
        .isInstanceOf(AgeFiles.Opened.NoMatch.class);
  }

  @Test
  void keygenWritesAnAgeKeygenStyleFileWithMode0600() throws Exception {
    Path keyFile = dir.resolve("sub").resolve("keys.txt");
    AgeIdentity identity = AgeKeys.generateToFile(keyFile, CLOCK);

    String text = Files.readString(keyFile);
    assertThat(text)
        .startsWith("# created: 2026-01-02T03:04:05Z\n# public key: " + identity.recipient() + "\n")
        .containsPattern("\nAGE-SECRET-KEY-1[0-9A-Z]{58}\n$");
    assertThat(Files.getPosixFilePermissions(keyFile))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(AgeKeys.readKeyFile(keyFile, true))
        .singleElement()
        .satisfies(read -> assertThat(read.recipient()).isEqualTo(identity.recipient()));
    assertThat(identity.toString())
        .doesNotContain("AGE-SECRET-KEY")
        .contains(identity.recipient().value());
    try (var files = Files.list(keyFile.getParent())) {
      assertThat(files.toList()).containsExactly(keyFile); // no temp file left behind
    }
  }

  @Test
  void keygenRefusesToOverwriteAKeyFile() throws Exception {
    Path keyFile = dir.resolve("keys.txt");
    Files.writeString(keyFile, "precious");

    assertThatThrownBy(() -> AgeKeys.generateToFile(keyFile, CLOCK))
        .isInstanceOfSatisfying(
            SopsException.class,
            e -> assertThat(e.getMessage()).contains("already exists").contains("refusing"));
    assertThat(Files.readString(keyFile)).isEqualTo("precious");
  }

  @Test
  void ourPublicKeyMatchesAgeKeygenDashY() throws Exception {
    AgeCli.require();
    Path keyFile = dir.resolve("keys.txt");
    AgeIdentity identity = AgeKeys.generateToFile(keyFile, CLOCK);
    Path keygen = Path.of("/usr/bin/age-keygen");
    Process p = new ProcessBuilder(keygen.toString(), "-y", keyFile.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
    assertThat(p.waitFor()).isZero();
    assertThat(out).isEqualTo(identity.recipient().value());
  }

  @Test
  void ageKeygenFilesAreReadByUs() throws Exception {
    AgeCli.require();
    Path keyFile = dir.resolve("age-keygen.txt");
    Process p = new ProcessBuilder("/usr/bin/age-keygen", "-o", keyFile.toString()).start();
    assertThat(p.waitFor()).isZero();
    String publicKey =
        Files.readAllLines(keyFile).stream()
            .filter(l -> l.startsWith("# public key: "))
            .findFirst()
            .orElseThrow()
            .substring("# public key: ".length());
    assertThat(AgeKeys.readKeyFile(keyFile, true))
        .singleElement()
        .satisfies(identity -> assertThat(identity.recipient().value()).isEqualTo(publicKey));
  }
}
