package dev.sessionkeys.cli;

import dev.sessionkeys.core.Profile;
import dev.sessionkeys.kube.Adopt;
import dev.sessionkeys.kube.SecretRef;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sessionkeys adopt}: takes a Helm-generated Secret away from Helm, keeping every value. */
@Command(
    name = "adopt",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "For installs that ran with options.autogenerateKeys: true. Reads the live",
      "Secret, checks it, keeps every value, writes them to secrets.yaml (mode 0600)",
      "and values-sessionkeys.yaml (autogenerateKeys: false), then removes Helm's",
      "ownership (app.kubernetes.io/managed-by, meta.helm.sh/release-name,",
      "meta.helm.sh/release-namespace) and adds helm.sh/resource-policy: keep, so the",
      "next `helm upgrade -f values-sessionkeys.yaml` neither deletes nor regenerates",
      "the keys and nobody is logged out. Running it again changes nothing.",
      "With --age (or --encrypt and a .sops.yaml) the keys go to secrets.enc.yaml,",
      "a SOPS file encrypted in memory, instead of a plain secrets.yaml.",
      "",
      "Examples:",
      "  sessionkeys adopt -n fairwinds-insights --dry-run",
      "  sessionkeys adopt -n fairwinds-insights --out deploy/",
      "  sessionkeys adopt -n fairwinds-insights --age age1...",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:adopted (or already adopted), no errors in the Secret",
      "1:adopted, but the Secret has findings at error level; or refused (a file there has other content)",
      "2:usage or input error",
      "3:cluster or I/O failure"
    })
final class AdoptCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin SecretTargetOptions target;

  @Mixin KeyFileOptions keyFile;

  @Mixin ClusterChangeOptions change;

  @Override
  public Integer call() {
    Profile profile = target.profile();
    boolean dry = change.dry();
    SecretRef ref = Cluster.target(target, profile, change.cluster);
    // Recipients are resolved before the cluster is asked anything: a bad --age changes nothing.
    Adopt.SecretsFileFormat fileFormat = keyFile.enabled() ? encrypted() : Adopt.PLAIN;
    Adopt.Result result =
        Cluster.run(
            change.cluster,
            cluster ->
                new Adopt(cluster, profile)
                    .adopt(ref, keyFile.out, dry, Instant.now(), fileFormat));
    change.output.print(
        spec.commandLine().getOut(),
        () ->
            new JsonObject()
                .put("secret", ref.toString())
                .put("dryRun", dry)
                .put("alreadyAdopted", result.alreadyAdopted())
                .put("secretUpdated", result.secretUpdated())
                .strings("removedLabels", result.removedLabels())
                .strings("removedAnnotations", result.removedAnnotations())
                .put("keepAdded", result.keepAdded())
                .strings(
                    "filesWritten", result.filesWritten().stream().map(Path::toString).toList())
                .put("ok", !result.report().hasErrors()),
        stdout -> printText(ref, result, dry, fileFormat, stdout));
    return result.report().hasErrors() ? ExitCode.FINDINGS_OR_REFUSED : ExitCode.OK;
  }

  private void printText(
      SecretRef ref,
      Adopt.Result result,
      boolean dry,
      Adopt.SecretsFileFormat fileFormat,
      PrintWriter stdout) {
    String prefix = dry ? "would " : "";
    if (result.alreadyAdopted()) {
      stdout.println(
          "Secret "
              + ref
              + " is already adopted: no Helm ownership, helm.sh/resource-policy: keep");
    } else {
      for (String label : result.removedLabels()) {
        stdout.println(prefix + "remove label " + label);
      }
      for (String annotation : result.removedAnnotations()) {
        stdout.println(prefix + "remove annotation " + annotation);
      }
      if (result.keepAdded()) {
        stdout.println(prefix + "add annotation helm.sh/resource-policy: keep");
      }
      stdout.println(
          dry
              ? "would update Secret " + ref + " (dry run: nothing changed)"
              : "updated Secret "
                  + ref
                  + "; every value kept ("
                  + result.report().values().size()
                  + " keys)");
    }
    for (Path file : result.files()) {
      boolean written = result.filesWritten().contains(file);
      if (written && fileFormat == Adopt.PLAIN && file.endsWith(fileFormat.fileName())) {
        // The live keys in plain text: the same Git guard as every key file.
        InitCommand.warnIfCommittable(file, spec.commandLine().getErr());
      }
      stdout.println(
          (dry ? "would write " : written ? "wrote " : "unchanged ")
              + file
              + (file.endsWith(fileFormat.fileName())
                  ? fileFormat == Adopt.PLAIN
                      ? " (mode 0600, the live keys)"
                      : " (mode 0600, the live keys, encrypted)"
                  : " (mode 0600)"));
    }
    if (!dry) {
      stdout.println(
          "next: helm upgrade <release> <chart> -n "
              + ref.namespace()
              + " -f <your values> -f "
              + keyFile.out.resolve(Adopt.VALUES_FILE));
    }
    if (result.report().hasErrors()) {
      ReportRenderer.render(
          new ReportRenderer.CheckResult(result.report()), ReportRenderer.Format.text, stdout);
    }
  }

  /**
   * The keys as {@code secrets.enc.yaml}, encrypted in memory; an existing one counts as the same
   * if it decrypts so.
   */
  private Adopt.SecretsFileFormat encrypted() {
    Path target = keyFile.out.resolve(InitCommand.ENCRYPTED_SECRETS_FILE);
    KeyFileOptions.Sealer sealer = EncryptedFiles.sealer(keyFile.ages, target);
    return new Adopt.SecretsFileFormat() {
      @Override
      public String fileName() {
        return InitCommand.ENCRYPTED_SECRETS_FILE;
      }

      @Override
      public String render(String manifest) {
        return new String(
            sealer.seal().apply(manifest.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
      }

      @Override
      public boolean holds(String existing, String manifest) {
        return EncryptedFiles.holds(target, existing, manifest, change.identity.identity);
      }
    };
  }
}
