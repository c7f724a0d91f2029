package dev.sessionkeys.sops;

import dev.sessionkeys.core.validate.SecretDocument;
import dev.sessionkeys.manifest.SecretManifests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one way to read Kubernetes Secrets from a file or standard input, plain or SOPS-encrypted: an
 * encrypted input is decrypted in memory (every value and the MAC verified) and read as the
 * plaintext manifest it holds, so callers (the CLI's commands, the demo) see one {@link
 * SecretDocument} type whatever the input was. The cluster's Secrets come as the same type from the
 * kube module.
 *
 * <p>A plain input loads no encryption code: a cheap look for a top-level {@code sops} key decides,
 * and then the SOPS reader decides for real (a file whose {@code sops} block is not what sops
 * writes is refused by it).
 *
 * <p>Failures: a {@link dev.sessionkeys.manifest.ManifestException} for an unreadable or malformed
 * manifest, a {@link SopsException} for an encrypted input that does not open; both carry one-line
 * messages naming the input, never a value.
 *
 * @param identity the age identity file to decrypt with, or null to find identities as sops does
 * @param environment where sops' variables ({@code SOPS_AGE_KEY}, {@code SOPS_AGE_KEY_FILE}, {@code
 *     HOME}, {@code XDG_CONFIG_HOME}) are looked up
 */
public record SecretSource(Path identity, Map<String, String> environment) {

  /** The name standard input goes by, as a file argument and in messages. */
  public static final String STDIN = "-";

  /**
   * What one input held.
   *
   * @param source the input's name in messages ({@code -} is standard input)
   * @param secrets the Secrets with data, in order
   * @param skipped one line per object left aside (another kind, a Secret without data)
   * @param encrypted whether the input was a SOPS file
   */
  public record Input(
      String source, List<SecretDocument> secrets, List<String> skipped, boolean encrypted) {
    public Input {
      secrets = List.copyOf(secrets);
      skipped = List.copyOf(skipped);
    }
  }

  public SecretSource {
    environment = Map.copyOf(environment);
  }

  @Override
  public String toString() {
    // The environment may hold SOPS_AGE_KEY itself.
    return "SecretSource[identity=" + identity + "]";
  }

  /**
   * Every Secret in {@code file} ({@code -} reads standard input), other objects skipped and
   * listed, as {@code helm template} and {@code kubectl get -o yaml} output needs.
   */
  public Input read(Path file) {
    return read(file.toString(), bytesOf(file));
  }

  /** As {@link #read(Path)}, for bytes read elsewhere ({@code source} names them). */
  public Input read(String source, byte[] bytes) {
    boolean encrypted = looksEncrypted(bytes);
    byte[] plaintext = encrypted ? decrypt(source, bytes) : bytes;
    SecretManifests.Contents contents = SecretManifests.parseMixed(source, plaintext);
    return new Input(source, contents.secrets(), contents.skipped(), encrypted);
  }

  /**
   * The one Secret in {@code file}, plain or encrypted: any other object, or a second Secret, is
   * refused rather than guessed at.
   */
  public SecretDocument readOne(Path file) {
    return readOne(file.toString(), bytesOf(file));
  }

  private static byte[] bytesOf(Path file) {
    return STDIN.equals(file.toString())
        ? SecretManifests.bytesOf("standard input", System.in)
        : SecretManifests.bytesOf(file);
  }

  /** As {@link #readOne(Path)}, for bytes read elsewhere. */
  public SecretDocument readOne(String source, byte[] bytes) {
    byte[] plaintext = looksEncrypted(bytes) ? decrypt(source, bytes) : bytes;
    return SecretManifests.parseOne(source, plaintext);
  }

  /**
   * Whether the text has a top-level {@code sops} key (YAML: a line starting {@code sops:}; JSON: a
   * {@code "sops"} key). Only a hint: the SOPS reader decides.
   */
  public static boolean looksEncrypted(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    return text.startsWith("sops:") || text.contains("\nsops:") || text.contains("\"sops\"");
  }

  /**
   * The plaintext of an encrypted input; one that turns out to have no SOPS metadata is returned as
   * is, for the manifest reader to judge.
   */
  private byte[] decrypt(String source, byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    // By the name, as sops does: standard input is YAML, which reads a JSON SOPS file to the same
    // values and MAC.
    SopsFormat format = SopsFormat.forName(source);
    if (!Sops.isSopsFile(text, format)) {
      return bytes;
    }
    return Sops.decrypt(
            text,
            source,
            format,
            () -> AgeKeys.findIdentities(Optional.ofNullable(identity), environment))
        .toText()
        .getBytes(StandardCharsets.UTF_8);
  }
}
