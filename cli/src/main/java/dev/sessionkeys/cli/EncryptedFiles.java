package dev.sessionkeys.cli;

import dev.sessionkeys.sops.AgeIdentity;
import dev.sessionkeys.sops.AgeKeys;
import dev.sessionkeys.sops.AgeRecipient;
import dev.sessionkeys.sops.EncryptOptions;
import dev.sessionkeys.sops.Sops;
import dev.sessionkeys.sops.SopsConfig;
import dev.sessionkeys.sops.SopsDocument;
import dev.sessionkeys.sops.SopsException;
import dev.sessionkeys.sops.SopsFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The CLI's one door to the sops module: recipients from {@code --age} or {@code .sops.yaml},
 * identities found the way sops finds them (or {@code -i FILE}). Reading encrypted Secrets is
 * {@link dev.sessionkeys.sops.SecretSource}'s; a {@link SopsException} reaches {@link Failures},
 * which takes its exit code from {@link #outcome}. Loaded only by commands that encrypt or decrypt
 * whole files, or that met a SOPS failure.
 */
final class EncryptedFiles {

  private EncryptedFiles() {}

  /** Where the encryption settings came from, for the user. */
  record Plan(EncryptOptions options, String from) {}

  /**
   * The encryption for {@code output}: {@code --age} recipients with the Kubernetes Secret rule
   * ({@code encrypted_regex: ^(data|stringData)$}); without them, the creation rule of the nearest
   * {@code .sops.yaml} above {@code output} (its recipients and its rule, as sops would use them).
   */
  static Plan plan(List<String> ages, Path output) {
    if (!ages.isEmpty()) {
      List<AgeRecipient> recipients = new ArrayList<>();
      for (String age : ages) {
        for (String part : age.split(",")) {
          if (!part.isBlank()) {
            recipients.add(AgeRecipient.parse(part));
          }
        }
      }
      return new Plan(EncryptOptions.kubernetesSecret(recipients), "--age");
    }
    Optional<SopsConfig.CreationRule> rule = SopsConfig.find(output);
    if (rule.isEmpty()) {
      throw CliException.input(
          "no age recipient for "
              + output
              + ": pass --age age1... (repeatable), or add a"
              + " .sops.yaml with a creation rule (path_regex, age) in its folder or above");
    }
    if (rule.get().recipients().isEmpty()) {
      throw CliException.input(
          rule.get().configFile()
              + ": the creation rule for "
              + output
              + " lists no age recipient; add 'age: age1...' to it, or pass --age");
    }
    return new Plan(rule.get().toOptions(Clock.systemUTC()), rule.get().configFile().toString());
  }

  /** {@link #plan} as a {@link KeyFileOptions.Sealer} for {@code output}. */
  static KeyFileOptions.Sealer sealer(List<String> ages, Path output) {
    Plan plan = plan(ages, output);
    return new KeyFileOptions.Sealer(
        plan.from(),
        plan.options().recipients().size(),
        plain ->
            encrypt(plain, output.toString(), output, plan.options())
                .getBytes(StandardCharsets.UTF_8));
  }

  /** The SOPS file's text for a plaintext document ({@code source} names it in messages). */
  static String encrypt(byte[] plaintext, String source, Path output, EncryptOptions options) {
    return Sops.encrypt(
        new String(plaintext, StandardCharsets.UTF_8), source, SopsFormat.forPath(output), options);
  }

  /** Decrypts and verifies a SOPS file's text. */
  static SopsDocument open(Path file, String text, Path identity) {
    return Sops.decrypt(
        text, file.toString(), SopsFormat.forName(file.toString()), identities(identity));
  }

  /**
   * Whether {@code existing} is a SOPS file that decrypts (with the user's identities) to exactly
   * {@code plaintext}. One that cannot be opened is refused (exit 1) with the reason, since then
   * nobody can say what it holds.
   */
  static boolean holds(Path file, String existing, String plaintext, Path identity) {
    SopsFormat format = SopsFormat.forName(file.toString());
    if (!Sops.isSopsFile(existing, format)) {
      return false;
    }
    try {
      // Compared as trees written by one writer: the layout of the two texts may differ, the values
      // may not.
      SopsDocument opened = Sops.decrypt(existing, file.toString(), format, identities(identity));
      return format
          .format(opened.tree())
          .equals(format.format(format.parse(plaintext, file.toString())));
    } catch (SopsException e) {
      throw CliException.refused(
          file
              + " already exists and cannot be opened to see whether it holds these keys ("
              + message(e)
              + "); nothing was written or changed: pass -i FILE, or move it away");
    }
  }

  /**
   * The exit code of a SOPS failure: 2 for what the user gave wrong (input, not a SOPS file,
   * unsupported version, invalid key, no identity found); 1 for a file that must not be trusted or
   * cannot be opened with the identities given (wrong identity, tampered value or MAC, damaged age
   * file), a refusal; 3 for I/O.
   */
  static Failures.Outcome outcome(Throwable failure) {
    SopsException e = (SopsException) failure;
    int code =
        switch (e.reason()) {
          case INVALID_INPUT, NOT_A_SOPS_FILE, UNSUPPORTED_VERSION, INVALID_KEY, MISSING_IDENTITY ->
              ExitCode.USAGE_OR_INPUT;
          case WRONG_IDENTITY, CORRUPT_AGE_FILE, TAMPERED_VALUE, TAMPERED_MAC ->
              ExitCode.FINDINGS_OR_REFUSED;
          case IO -> ExitCode.CLUSTER_OR_IO;
        };
    return new Failures.Outcome(code, message(e), false);
  }

  private static String message(SopsException e) {
    return e.getMessage() == null ? "SOPS failure" : Failures.oneLine(e.getMessage());
  }

  /**
   * The identities of {@code -i FILE}, else found as sops finds them; looked for only when needed.
   */
  static Supplier<List<AgeIdentity>> identities(Path identity) {
    return () -> AgeKeys.findIdentities(Optional.ofNullable(identity), CliEnvironment.get());
  }
}
