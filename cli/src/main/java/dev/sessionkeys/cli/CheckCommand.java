package dev.sessionkeys.cli;

import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.validate.SecretDocument;
import dev.sessionkeys.core.validate.SecretValidator;
import dev.sessionkeys.core.validate.ValidationReport;
import dev.sessionkeys.manifest.HelmValues;
import dev.sessionkeys.manifest.HelmValuesCheck;
import dev.sessionkeys.manifest.SecretManifests;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sessionkeys check FILE...}: validates Secret manifests, and with {@code --values} the Helm settings that decide
 * whether the chart uses them. Prints fingerprints, never values.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check Secret manifests (several files and multi-document files allowed) against the profile: missing keys,",
      "wrong lengths, bad characters or base64, published example keys, duplicated or low-entropy values.",
      "With --values, also check that the Helm chart will use the Secret and not generate its own keys.",
      "Key values are shown only as fingerprints (first 8 hex characters of their SHA-256).",
      "",
      "Examples:",
      "  sessionkeys check secrets.yaml",
      "  sessionkeys check secrets.yaml --values values.yaml -o json"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no findings at error level",
      "1:findings at error level",
      "2:usage or input error (unreadable file, not YAML, not a Secret...)"
    })
final class CheckCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ProfileOption profileOption = new ProfileOption();

  @Parameters(paramLabel = "FILE", arity = "0..*", description = "Secret manifests to check.")
  List<Path> files = new ArrayList<>();

  @Option(names = "--values", paramLabel = "VALUES.yaml",
      description = "Helm values file: cross-check options.autogenerateKeys and options.secretName.")
  Path values;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "text (the default) or json.")
  ReportRenderer.Format format = ReportRenderer.Format.text;

  @Override
  public Integer call() {
    return run(spec.commandLine().getOut());
  }

  /** The command itself, for picocli and for {@link FastPath}. */
  int run(PrintWriter out) {
    if (files.isEmpty()) {
      throw CliException.input("give at least one Secret manifest: sessionkeys check FILE... (see --help)");
    }
    Profile profile = profileOption.resolve();
    // Read everything first: an input error anywhere means exit 2 and no partial report.
    List<SecretDocument> secrets = new ArrayList<>();
    for (Path file : files) {
      secrets.addAll(SecretManifests.readAll(file));
    }
    HelmValues helmValues = values == null ? null : HelmValues.read(values);

    List<ValidationReport> reports = new ArrayList<>();
    for (SecretDocument secret : secrets) {
      reports.add(SecretValidator.validate(profile, secret));
    }
    List<ReportRenderer.FindingGroup> groups = new ArrayList<>();
    if (helmValues != null) {
      groups.add(new ReportRenderer.FindingGroup(values.toString(),
          HelmValuesCheck.check(helmValues, secrets, profile)));
    }
    ReportRenderer.CheckResult result = new ReportRenderer.CheckResult(reports, groups);
    ReportRenderer.render(result, format, out);
    return result.exitCode();
  }
}
