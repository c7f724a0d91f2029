package dev.sessionkeys.cli;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.SecretValue;
import dev.sessionkeys.manifest.HelmValues;
import dev.sessionkeys.manifest.ManifestWriter;
import dev.sessionkeys.manifest.SecureFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sessionkeys init}: the documented flow in one step. Writes {@code secrets.yaml} (0600,
 * atomically, never over an existing one without {@code --force}, and then only after a backup) and
 * the two Helm settings, leaving an existing {@code values.yaml} untouched.
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Generate a key set and write secrets.yaml (a Secret, mode 0600) and the Helm values that make the chart use it",
      "(options.autogenerateKeys: false, options.secretName). An existing secrets.yaml is never replaced without",
      "--force, and then it is first kept as secrets.yaml.bak-<time>. An existing values.yaml is never rewritten: the",
      "two settings go to values-sessionkeys.yaml, for an extra `-f`, unless values.yaml already has them.",
      "Prints fingerprints only; the values are in secrets.yaml.",
      "With --age (or --encrypt and a .sops.yaml) it writes secrets.enc.yaml instead, a SOPS file encrypted in",
      "memory, so the plain keys never touch disk; the same never-overwrite and --force rules apply to it.",
      "",
      "Examples:",
      "  sessionkeys init",
      "  sessionkeys init --out deploy/ --secret-name my-keys --namespace insights",
      "  sessionkeys init --age age1... --age age1...",
      "  sessionkeys init --encrypt --out deploy/   # recipients from deploy/.sops.yaml or above"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:files written",
      "1:refused (secrets.yaml or secrets.enc.yaml exists: --force; values.yaml has autogenerateKeys: true: adopt, or --force-new)",
      "2:usage or input error (bad option, profile, values.yaml or recipient; unusable output folder): nothing written",
      "3:I/O failure while writing"
    })
final class InitCommand implements Callable<Integer> {

  static final String SECRETS_FILE = "secrets.yaml";
  static final String ENCRYPTED_SECRETS_FILE = "secrets.enc.yaml";
  static final String VALUES_FILE = "values.yaml";
  static final String EXTRA_VALUES_FILE = "values-sessionkeys.yaml";

  @Spec CommandSpec spec;

  @Mixin SecretTargetOptions target;

  @Mixin KeyFileOptions keyFile;

  @Option(
      names = "--force",
      description = "Replace an existing secrets.yaml (kept first as a timestamped backup).")
  boolean force;

  @Option(
      names = "--force-new",
      description =
          "Generate new keys even though values.yaml says the chart generates them"
              + " (autogenerateKeys: true): the live keys are replaced at the next upgrade.")
  boolean forceNew;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    Path out = keyFile.out;
    Profile profile = target.profile();
    String name = target.name(profile);
    String ns = target.namespace(profile);

    // Every check before any write: on an input error nothing is written.
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw CliException.input("--out " + out + " is a file, not a folder");
    }
    boolean encrypted = keyFile.enabled();
    Path secretsPath = inOut(encrypted ? ENCRYPTED_SECRETS_FILE : SECRETS_FILE);
    Path valuesPath = inOut(VALUES_FILE);
    boolean secretsExist = Files.exists(secretsPath);
    requireNotDirectory(secretsPath);
    if (secretsExist && !force) {
      throw CliException.refused(
          secretsPath
              + " already exists and its keys may be live; nothing written. Check it"
              + " with `sessionkeys check "
              + secretsPath
              + "`, or replace it with --force (the old file is kept as a"
              + " backup)");
    }
    HelmValues existingValues =
        Files.isRegularFile(valuesPath) ? HelmValues.read(valuesPath) : null;
    requireNotDirectory(valuesPath);
    if (existingValues != null
        && Boolean.TRUE.equals(existingValues.autogenerateKeys())
        && !forceNew) {
      throw CliException.refused(
          valuesPath
              + ":"
              + existingValues.autogenerateKeysLine()
              + ": options.autogenerateKeys is true, so the running install has keys the chart"
              + " generated, and users' sessions depend on them; new keys here would log everyone"
              + " out at the next upgrade. Nothing written. Keep the live keys with `sessionkeys"
              + " adopt -n "
              + ns
              + "` (it writes them to secrets.yaml and takes them from Helm), or pass --force-new"
              + " to start with new keys");
    }
    boolean valuesAgree = existingValues != null && existingValues.agreesWith(name);
    Path valuesTarget = existingValues == null ? valuesPath : inOut(EXTRA_VALUES_FILE);
    if (!valuesAgree) {
      requireNotDirectory(valuesTarget);
    }
    // Recipients are checked before the folder is made or anything is written.
    KeyFileOptions.Sealer sealer =
        encrypted ? EncryptedFiles.sealer(keyFile.ages, secretsPath) : null;
    prepareFolder();

    KeySet keys = KeyGenerator.secure().generate(profile);
    // Encrypted in memory: with --age the plain manifest never reaches the disk.
    byte[] secretsContent =
        encrypted
            ? sealer.seal().apply(ManifestWriter.secret(name, ns, keys))
            : ManifestWriter.secret(name, ns, keys);
    Path backup = null;
    try {
      if (secretsExist) {
        backup = SecureFiles.backup(secretsPath);
        SecureFiles.writeAtomically(secretsPath, secretsContent);
      } else if (!SecureFiles.writeIfAbsent(secretsPath, secretsContent)) {
        throw CliException.refused(
            secretsPath + " appeared while writing; nothing replaced. Run init again");
      }
      if (!valuesAgree) {
        SecureFiles.writeAtomically(valuesTarget, ManifestWriter.values(name));
      }
    } catch (SecureFiles.UnusableTargetException e) {
      throw CliException.input(e.getMessage());
    } catch (IOException e) {
      throw CliException.io(
          "writing into "
              + out
              + " failed ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + ")",
          e);
    }

    stdout.println(
        "wrote "
            + secretsPath
            + " (Secret "
            + ns
            + "/"
            + name
            + ", mode 0600, "
            + keys.size()
            + " keys"
            + (encrypted
                ? ", SOPS-encrypted for "
                    + sealer.recipients()
                    + " age recipient(s) from "
                    + sealer.from()
                : "")
            + "; fingerprints only):");
    for (Map.Entry<String, SecretValue> entry : keys.values().entrySet()) {
      stdout.println("  " + Text.keyLine(entry.getKey(), entry.getValue()));
    }
    if (backup != null) {
      stdout.println(
          "kept the previous " + secretsPath.getFileName() + " as " + backup + " (mode 0600)");
    }
    // The values file with the two settings: values.yaml, or the extra one next to it.
    Path settingsFile = valuesAgree ? valuesPath : valuesTarget;
    if (valuesAgree) {
      stdout.println(
          valuesPath
              + " already sets options.autogenerateKeys: false and options.secretName: "
              + name
              + "; left unchanged");
    } else {
      stdout.println(
          "wrote "
              + valuesTarget
              + " (options.autogenerateKeys: false, options.secretName: "
              + name
              + ")"
              + (existingValues == null
                  ? ""
                  : "; your " + valuesPath + " is unchanged: pass both, the new file last"));
    }
    String helmValuesFlags =
        "-f " + valuesPath + (settingsFile.equals(valuesPath) ? "" : " -f " + settingsFile);
    if (!encrypted) {
      warnIfCommittable(secretsPath, stderr);
      if (backup != null) {
        warnIfCommittable(backup, stderr);
      }
    }

    stdout.println();
    stdout.println("Next steps:");
    stdout.println(
        encrypted
            ? "  1. sessionkeys apply -f "
                + secretsPath
                + " -n "
                + ns
                + "   (or: sops -d "
                + secretsPath
                + " | kubectl apply -f - -n "
                + ns
                + ")"
            : "  1. kubectl apply -f " + secretsPath + " -n " + ns);
    stdout.println(
        "  2. helm upgrade --install <release> <chart> -n " + ns + " " + helmValuesFlags);
    stdout.println(
        "     (or: --set options.autogenerateKeys=false --set options.secretName=" + name + ")");
    stdout.println("  3. sessionkeys check " + secretsPath + " --values " + settingsFile);
    stdout.println(
        encrypted
            ? "  4. "
                + secretsPath
                + " may be committed (values encrypted); keep the age identity out of git"
            : "  4. keep "
                + secretsPath
                + " out of git, or encrypt it (SOPS + age) before committing it");
    stdout.flush();
    return ExitCode.OK;
  }

  /** A file in the output folder, printed as short as the user gave the folder (no "./" prefix). */
  private Path inOut(String fileName) {
    Path out = keyFile.out;
    return out.normalize().toString().isEmpty() ? Path.of(fileName) : out.resolve(fileName);
  }

  private static void requireNotDirectory(Path path) {
    if (Files.isDirectory(path)) {
      throw CliException.input(path + " is a directory; remove it or choose another --out");
    }
  }

  private void prepareFolder() {
    Path out = keyFile.out;
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw CliException.input(
          "cannot create the folder " + out + " (" + e.getClass().getSimpleName() + ")");
    }
    if (!Files.isWritable(out)) {
      throw CliException.input("folder " + out + " is not writable; choose another --out");
    }
  }

  /**
   * Warns when a key file sits in a git work tree and is tracked or not ignored: one {@code git add
   * .} from being committed in plain text. The guard itself is {@link SecureFiles#exposure}, shared
   * by every writer of key files.
   */
  static void warnIfCommittable(Path secretsPath, PrintWriter stderr) {
    SecureFiles.exposure(secretsPath).ifPresent(warning -> stderr.println("warning: " + warning));
  }
}
