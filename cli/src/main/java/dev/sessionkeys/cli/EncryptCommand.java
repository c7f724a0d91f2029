package dev.sessionkeys.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sessionkeys encrypt FILE}: a SOPS file (age recipients) from a plaintext YAML or JSON
 * file.
 */
@Command(
    name = "encrypt",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Encrypt a file to a SOPS file with age recipients (secrets.enc.yaml).",
      "`sops -d` and `sessionkeys decrypt|check|apply` read it. Recipients: --age, else",
      "the creation rule of the nearest .sops.yaml in the output's folder or above",
      "(its age recipients and encrypted_regex, as sops uses them). With --age the",
      "rule is encrypted_regex: ^(data|stringData)$, so a Secret's metadata stays",
      "readable. Output: FILE with .enc before its extension (secrets.enc.yaml),",
      "mode 0600, never over an existing file without --force. The plaintext input",
      "is left in place: delete it once the encrypted file checks out.",
      "",
      "Examples:",
      "  sessionkeys encrypt secrets.yaml --age age1...",
      "  sessionkeys encrypt secrets.yaml -o deploy/secrets.enc.yaml   # .sops.yaml",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:encrypted",
      "1:refused (the output exists; use --force)",
      "2:usage or input error (bad file, bad recipient, no recipient): nothing written",
      "3:I/O failure"
    })
final class EncryptCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "The plaintext file (YAML, or JSON if *.json).")
  Path input;

  @Option(
      names = "--age",
      paramLabel = "RECIPIENT",
      description =
          "age recipient (age1...); repeatable or comma-separated. Default: from .sops.yaml.")
  List<String> ages = new ArrayList<>();

  @Mixin OutputFileOptions files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Path target = files.target(input, () -> withEnc(input), "encrypts");
    // With -o -, the .sops.yaml rules still match the default output's path.
    Path rulesPath = target != null ? target : withEnc(input);
    byte[] plaintext = readInput(input);
    EncryptedFiles.Plan plan = EncryptedFiles.plan(ages, rulesPath);
    String encrypted =
        EncryptedFiles.encrypt(plaintext, input.toString(), rulesPath, plan.options());
    files.write(
        out,
        target,
        encrypted,
        "wrote "
            + target
            + " (SOPS, mode 0600) for "
            + plan.options().recipients().size()
            + " age recipient(s) from "
            + plan.from()
            + ", "
            + plan.options().rule().kind().metadataKey()
            + ": "
            + plan.options().rule().value());
    if (target != null) {
      out.println(
          "the plaintext "
              + input
              + " is unchanged: once `sessionkeys check "
              + target
              + "` passes, delete it if it should not stay on disk");
    }
    out.flush();
    return ExitCode.OK;
  }

  /** {@code secrets.yaml} -> {@code secrets.enc.yaml}; {@code keys} -> {@code keys.enc}. */
  static Path withEnc(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String encName =
        dot > 0 ? name.substring(0, dot) + ".enc" + name.substring(dot) : name + ".enc";
    return file.resolveSibling(encName);
  }

  /** The bytes of an input file of at most 1 MiB, or a one-line input error. */
  static byte[] readInput(Path file) {
    try {
      if (Files.isDirectory(file)) {
        throw CliException.input(file + " is a directory; give a file");
      }
      if (Files.size(file) > 1024 * 1024) {
        throw CliException.input(
            file
                + " is larger than 1 MiB; a Secret manifest is a few kilobytes: give the right"
                + " file");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw CliException.input(file + ": no such file");
    } catch (IOException e) {
      throw CliException.input(file + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }
}
