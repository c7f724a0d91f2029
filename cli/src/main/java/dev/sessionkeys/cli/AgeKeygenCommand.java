package dev.sessionkeys.cli;

import dev.sessionkeys.sops.AgeIdentity;
import dev.sessionkeys.sops.AgeKeys;
import dev.sessionkeys.sops.SopsException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sessionkeys age-keygen}: an age identity for users who have none, where sops looks for it.
 */
@Command(
    name = "age-keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Generate an age identity (a key file, mode 0600) and print its public key.",
      "As age-keygen does; written atomically, never over an existing file, to",
      "-o FILE, by default to the file sops reads: $XDG_CONFIG_HOME/sops/age/keys.txt,",
      "else ~/.config/sops/age/keys.txt. The public key (age1...) is the recipient to",
      "give to --age or .sops.yaml.",
      "-o - prints the secret key to standard output instead of writing a file.",
      "",
      "Examples:",
      "  sessionkeys age-keygen",
      "  sessionkeys age-keygen -o ~/keys/prod-age.txt   # then SOPS_AGE_KEY_FILE=..."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:key written (or printed)",
      "1:refused: the file exists (its public key is printed)",
      "2:usage error",
      "3:I/O failure"
    })
final class AgeKeygenCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description =
          "Key file to write, or - for standard output. Default: sops' key file (see above).")
  String output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if ("-".equals(output)) {
      // The user asked for the secret on standard output, as `age-keygen` without -o prints it.
      AgeIdentity identity = AgeKeys.generate();
      out.print(AgeKeys.keyFileText(identity, Instant.now()));
      out.flush();
      spec.commandLine().getErr().println("Public key: " + identity.recipient().value());
      return ExitCode.OK;
    }
    Path defaultFile = AgeKeys.defaultKeyFile(CliEnvironment.get());
    Path file = output == null ? defaultFile : Path.of(output);
    if (Files.isDirectory(file)) {
      throw CliException.input(file + " is a directory; give a file path with -o");
    }
    if (Files.exists(file)) {
      throw CliException.refused(
          file
              + " already exists; nothing written"
              + existingKeys(file)
              + ". Use it, or choose another -o FILE");
    }
    AgeIdentity identity = AgeKeys.generateToFile(file, Clock.systemUTC());
    out.println("wrote " + file + " (age identity, mode 0600)");
    out.println("Public key: " + identity.recipient().value());
    out.println();
    out.println("Next: sessionkeys init --age " + identity.recipient().value());
    if (!file.toAbsolutePath().equals(defaultFile.toAbsolutePath())) {
      out.println(
          "      and let sops and sessionkeys find the key: export SOPS_AGE_KEY_FILE="
              + file.toAbsolutePath()
              + " (or pass -i "
              + file
              + ")");
    }
    out.println(
        "Keep "
            + file
            + " safe and backed up: without it the files encrypted to this key cannot be"
            + " decrypted.");
    out.flush();
    return ExitCode.OK;
  }

  /**
   * The public keys in an existing key file, so that the user knows what it holds; nothing if
   * unreadable.
   */
  private static String existingKeys(Path file) {
    try {
      List<AgeIdentity> identities = AgeKeys.readKeyFile(file, false);
      return identities.isEmpty()
          ? ""
          : " (it holds the identity for "
              + identities.stream()
                  .map(i -> i.recipient().value())
                  .collect(Collectors.joining(", "))
              + ")";
    } catch (SopsException e) {
      return "";
    }
  }
}
