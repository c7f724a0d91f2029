package dev.sessionkeys.sops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Test resources copied from the shared sops oracle and age testkit (see
 * sops-fixtures/MANIFEST.md).
 */
final class Fixtures {

  private Fixtures() {}

  static String text(String path) {
    return new String(bytes(path), StandardCharsets.UTF_8);
  }

  static byte[] bytes(String path) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("missing test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The sops repo's dev identities for example.age.enc.* */
  static List<AgeIdentity> exampleKeys() {
    return AgeKeys.parseIdentities(text("sops-fixtures/keys.txt"), "keys.txt");
  }

  /** The identities of the generated fixtures. */
  static List<AgeIdentity> generatedKeys() {
    return AgeKeys.parseIdentities(text("sops-fixtures/generated/keys.txt"), "generated/keys.txt");
  }
}
