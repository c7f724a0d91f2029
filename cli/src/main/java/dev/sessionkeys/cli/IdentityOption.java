package dev.sessionkeys.cli;

import dev.sessionkeys.sops.SecretSource;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code -i/--identity FILE}, shared by every command that may read a SOPS-encrypted Secret; and
 * the {@link SecretSource} that reads Secrets with it.
 */
final class IdentityOption {

  @Option(
      names = {"-i", "--identity"},
      paramLabel = "FILE",
      description =
          "age identity file for SOPS-encrypted input. Default: found as sops finds it"
              + " (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, ~/.config/sops/age/keys.txt).")
  Path identity;

  /** Reads plain and SOPS-encrypted Secrets, with this identity or the environment's. */
  SecretSource source() {
    return new SecretSource(identity, CliEnvironment.get());
  }
}
