package dev.sessionkeys.cli;

import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.validate.SecretDocument;
import dev.sessionkeys.core.validate.SecretValidator;
import dev.sessionkeys.core.validate.ValidationReport;
import dev.sessionkeys.manifest.HelmValues;
import dev.sessionkeys.manifest.HelmValuesCheck;
import dev.sessionkeys.sops.SecretSource;
import java.io.PrintWriter;
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
 * {@code sessionkeys check FILE...}: validates Secret manifests, and with {@code --values} the Helm
 * settings that decide whether the chart uses them. Prints fingerprints, never values.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check Secret manifests (several files and multi-document files allowed) against the profile: missing keys,",
      "wrong lengths, bad characters or base64, published example keys, duplicated or low-entropy values.",
      "With --values, also check that the Helm chart will use the Secret and not generate its own keys.",
      "SOPS-encrypted manifests (secrets.enc.yaml) are decrypted in memory and checked as the Secret they hold.",
      "Key values are shown only as fingerprints (sha256: and the first 16 hex characters of their SHA-256).",
      "With -n and no FILE, check the live Secret in the cluster instead, plus what only the cluster shows: a Secret",
      "still owned by Helm (the next upgrade regenerates or deletes it) and _PREVIOUS keys past their grace period.",
      "",
      "Examples:",
      "  sessionkeys check secrets.yaml",
      "  sessionkeys check secrets.yaml --values values.yaml -o json",
      "  sessionkeys check secrets.enc.yaml -i ~/.config/sops/age/keys.txt",
      "  helm template my-release ./chart | sessionkeys check - --secret-name fwinsights-secrets",
      "  kubectl get secrets -n fairwinds-insights -o yaml | sessionkeys check -",
      "  sessionkeys check -n fairwinds-insights --context prod"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no findings at error level (nor warnings, with --strict)",
      "1:findings at error level (or warnings, with --strict); or an encrypted file that does not open",
      "2:usage or input error (unreadable file, not YAML, not a Secret...)",
      "3:cluster failure (with -n)"
    })
final class CheckCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ProfileOption profileOption = new ProfileOption();

  @Parameters(
      paramLabel = "FILE",
      arity = "0..*",
      description =
          "Secret manifests to check, plain or SOPS-encrypted; '-' reads standard input. Output of"
              + " `helm template` and `kubectl get -o yaml` is fine: objects that are not key"
              + " Secrets are skipped and counted.")
  List<Path> files = new ArrayList<>();

  @Option(
      names = "--values",
      paramLabel = "VALUES.yaml",
      description =
          "Helm values file: cross-check options.autogenerateKeys and options.secretName."
              + " Repeatable, in Helm's order: later files win.")
  List<Path> values = new ArrayList<>();

  @Mixin OutputOption output = new OutputOption();

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Check the live Secret in this namespace (instead of files).")
  String namespace;

  @Option(
      names = "--secret-name",
      paramLabel = "NAME",
      description =
          "The Secret to check: in the files, the one of this name (the others are skipped); with"
              + " -n, the live one. Default: every key Secret in the files; the profile's name live.")
  String secretName;

  @Option(names = "--strict", description = "Warnings fail the check too (exit 1), as errors do.")
  boolean strict;

  @Mixin IdentityOption identityOption = new IdentityOption();

  @Mixin ClusterOptions clusterOptions = new ClusterOptions();

  @Override
  public Integer call() {
    if (files.isEmpty() && namespace != null) {
      if (!values.isEmpty()) {
        throw CliException.input(
            "--values applies to files; with -n the live Secret is checked (see --help)");
      }
      // Only this branch touches the cluster, through Cluster: checking files loads no client.
      ReportRenderer.CheckResult live =
          Cluster.liveCheck(profileOption.resolve(), namespace, secretName, clusterOptions);
      ReportRenderer.render(live, output.format, spec.commandLine().getOut());
      return live.exitCode(strict);
    }
    if (namespace != null || clusterOptions.context != null || clusterOptions.kubeconfig != null) {
      throw CliException.input(
          "-n, --context and --kubeconfig check the live Secret; give them without FILE");
    }
    return run(spec.commandLine().getOut());
  }

  /**
   * The file check, for picocli and for {@link FastPath} (which handles plain {@code check FILE...}
   * only).
   */
  int run(PrintWriter out) {
    if (files.isEmpty()) {
      throw CliException.input(
          "give at least one Secret manifest (sessionkeys check FILE..., '-' for standard input),"
              + " or -n NS to check the live Secret (see --help)");
    }
    Profile profile = profileOption.resolve();
    // Read everything first: an input error anywhere means exit 2 and no partial report.
    List<SecretDocument> secrets = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    SecretSource source = identityOption.source();
    for (Path file : files) {
      // A SOPS-encrypted manifest is decrypted in memory and checked as the Secret it holds.
      SecretSelection.keySecrets(source.read(file), profile, secretName != null, secrets, skipped);
    }
    if (secretName != null) {
      secrets = SecretSelection.named(secretName, secrets, skipped, files);
    }
    HelmValues helmValues = null;
    for (Path file : values) {
      HelmValues read = HelmValues.read(file);
      helmValues = helmValues == null ? read : helmValues.overlaidBy(read);
    }

    List<ValidationReport> reports = new ArrayList<>();
    for (SecretDocument secret : secrets) {
      reports.add(SecretValidator.validate(profile, secret));
    }
    List<ReportRenderer.FindingGroup> groups = new ArrayList<>();
    if (helmValues != null) {
      groups.add(
          new ReportRenderer.FindingGroup(
              helmValues.source(), HelmValuesCheck.check(helmValues, secrets, profile)));
    }
    ReportRenderer.CheckResult result = new ReportRenderer.CheckResult(reports, groups, skipped);
    ReportRenderer.render(result, output.format, out);
    return result.exitCode(strict);
  }
}
