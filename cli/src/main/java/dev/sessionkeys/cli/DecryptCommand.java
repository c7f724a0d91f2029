package dev.sessionkeys.cli;

import dev.sessionkeys.sops.SopsDocument;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sessionkeys decrypt FILE}: the plaintext of a SOPS file, to a 0600 file or, when asked, to
 * stdout.
 */
@Command(
    name = "decrypt",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Decrypt a SOPS file (age) after verifying every value and the MAC.",
      "The plaintext goes to a file (mode 0600, atomically; default: FILE without",
      ".enc, e.g. secrets.enc.yaml -> secrets.yaml), never over an existing file without",
      "--force, and to standard output only with -o -. Identities are found as sops",
      "finds them: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE and ~/.config/sops/age/keys.txt",
      "(under $XDG_CONFIG_HOME if set); -i FILE uses that file only.",
      "`check` and `apply` read encrypted files directly: no need to decrypt first.",
      "",
      "Examples:",
      "  sessionkeys decrypt secrets.enc.yaml -o - | kubectl apply -f -",
      "  sessionkeys decrypt secrets.enc.yaml -i ~/keys/age.txt -o secrets.yaml",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:decrypted",
      "1:refused: wrong identity, tampered value or MAC, damaged age file, or the output exists",
      "2:usage or input error (not a SOPS file, no identity found, bad key): nothing written",
      "3:I/O failure"
    })
final class DecryptCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The SOPS file.")
  Path input;

  @Mixin OutputFileOptions files;

  @Mixin IdentityOption identityOption;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Path target = files.target(input, () -> withoutEnc(input), "decrypts");
    String text = new String(EncryptCommand.readInput(input), StandardCharsets.UTF_8);
    SopsDocument document = EncryptedFiles.open(input, text, identityOption.identity);
    Path backup =
        files.write(
            out,
            target,
            // With -o -, the user asked for the values.
            document.toText(),
            "wrote " + target + " (plaintext, mode 0600) from " + input + "; MAC verified");
    if (target != null) {
      InitCommand.warnIfCommittable(target, spec.commandLine().getErr());
    }
    if (backup != null) {
      InitCommand.warnIfCommittable(backup, spec.commandLine().getErr());
    }
    out.flush();
    return ExitCode.OK;
  }

  /**
   * {@code secrets.enc.yaml} -> {@code secrets.yaml}; a name without {@code .enc} needs {@code -o}.
   */
  private static Path withoutEnc(Path file) {
    String name = file.getFileName().toString();
    String plain =
        name.endsWith(".enc")
            ? name.substring(0, name.length() - 4)
            : name.replaceFirst("\\.enc\\.", ".");
    if (plain.equals(name) || plain.isEmpty()) {
      throw CliException.input(
          file
              + " has no .enc in its name, so there is no default output: give -o FILE,"
              + " or -o - to print the plaintext");
    }
    return file.resolveSibling(plain);
  }
}
