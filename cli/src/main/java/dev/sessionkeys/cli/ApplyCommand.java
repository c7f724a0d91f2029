package dev.sessionkeys.cli;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.SecretValue;
import dev.sessionkeys.core.validate.SecretDocument;
import dev.sessionkeys.core.validate.SecretValidator;
import dev.sessionkeys.core.validate.ValidationReport;
import dev.sessionkeys.kube.Apply;
import dev.sessionkeys.kube.KeyDifference;
import dev.sessionkeys.kube.SecretRef;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sessionkeys apply}: puts keys into the cluster without ever replacing live ones by
 * accident.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Create the Secret in the cluster if it is absent. If it exists with the same",
      "keys: unchanged. If its keys differ: refuse, listing the differing keys by",
      "fingerprint and what replacing them would do (users logged out, data",
      "unreadable). --replace replaces them after writing a backup of the live Secret",
      "(a 0600 file, or --backup-secret), using the live resourceVersion so that a",
      "concurrent change is re-read, never overwritten.",
      "",
      "Examples:",
      "  sessionkeys apply -f secrets.yaml -n fairwinds-insights",
      "  sessionkeys apply -f secrets.enc.yaml -n fairwinds-insights",
      "  sessionkeys apply --generate --create-namespace",
      "  sessionkeys apply -f secrets.yaml --replace --backup-dir backups/",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:created, unchanged or replaced",
      "1:refused (the live keys differ; the file has errors)",
      "2:usage or input error",
      "3:cluster or I/O failure (nothing was changed unless the message says so)"
    })
final class ApplyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ProfileOption profileOption;

  static final class Source {
    @Option(
        names = {"-f", "--filename"},
        paramLabel = "FILE",
        description =
            "Secret manifest holding the keys, plain or SOPS-encrypted (decrypted in memory).")
    Path file;

    @Option(
        names = "--generate",
        description =
            "Generate a fresh key set (used only if the Secret is absent; its"
                + " values then exist only in the cluster: `sessionkeys adopt` saves them to a file).")
    boolean generate;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description =
          "Namespace. Default: the file's, else the kubeconfig context's, else the profile's"
              + " (fairwinds-insights).")
  String namespace;

  @Option(
      names = "--secret-name",
      paramLabel = "NAME",
      description = "Secret name. Default: the file's, else the profile's (fwinsights-secrets).")
  String secretName;

  @Option(
      names = "--replace",
      description = "Replace differing live keys (after a backup of the live Secret).")
  boolean replace;

  @Option(
      names = "--backup-dir",
      paramLabel = "DIR",
      defaultValue = ".",
      description =
          "With --replace: folder for the backup file (mode 0600). Default: the current folder.")
  Path backupDir;

  @Option(
      names = "--backup-secret",
      paramLabel = "NAME",
      description =
          "With --replace: back the live Secret up to a new Secret of this name instead of a file.")
  String backupSecret;

  @Option(names = "--create-namespace", description = "Create the namespace if it does not exist.")
  boolean createNamespace;

  @Mixin ClusterChangeOptions change;

  @Override
  public Integer call() {
    Profile profile = profileOption.resolve();
    boolean dry = change.dry();
    KeySet keys;
    String ns = namespace;
    String name = secretName;
    if (source.file != null) {
      // A SOPS-encrypted file is decrypted in memory only.
      SecretDocument document = change.identity.source().readOne(source.file);
      ValidationReport report = SecretValidator.validate(profile, document);
      if (report.hasErrors()) {
        ReportRenderer.render(
            new ReportRenderer.CheckResult(report),
            change.output.format,
            spec.commandLine().getOut());
        throw CliException.refused(
            "refused: " + source.file + " has errors (above); fix them before applying it");
      }
      ns = agree("namespace", namespace, document.namespace());
      name = agree("name", secretName, document.name());
      keys = report.values();
    } else {
      keys = KeyGenerator.secure().generate(profile);
    }
    if (backupSecret != null && !Profile.isValidSecretName(backupSecret)) {
      throw CliException.input("--backup-secret '" + backupSecret + "' is not a valid Secret name");
    }
    if (backupSecret != null && !replace) {
      throw CliException.input("--backup-secret only makes sense with --replace");
    }
    if (ns == null) {
      ns = Cluster.contextNamespace(change.cluster);
    }
    SecretRef ref = new SecretRef(Names.namespace(ns, profile), Names.secretName(name, profile));
    Apply.Backup backup =
        !replace
            ? null
            : backupSecret != null
                ? new Apply.Backup.ToSecret(backupSecret)
                : new Apply.Backup.ToDirectory(backupDir);
    if (change.dryRun.clientOnly()) {
      // As kubectl's client dry run: no server is asked, so nothing is compared with live keys.
      return printClientDryRun(ref, keys);
    }
    Apply.Request request = new Apply.Request(ref, keys, replace, backup, createNamespace, dry);
    Apply.Result result =
        Cluster.run(change.cluster, cluster -> new Apply(cluster, profile).apply(request));

    change.output.print(
        spec.commandLine().getOut(),
        () ->
            new JsonObject()
                .put("secret", ref.toString())
                .put("outcome", result.outcome().name().toLowerCase(Locale.ROOT))
                .put("namespaceCreated", result.namespaceCreated())
                .put("liveResourceVersion", result.liveResourceVersion())
                .put("backup", result.backupLocation())
                .objects("keys", fingerprints(keys))
                .objects(
                    "differences",
                    result.differences().stream()
                        .map(
                            d ->
                                new JsonObject()
                                    .put("key", d.key())
                                    .put(
                                        "liveFingerprint",
                                        d.liveFingerprint() == null
                                            ? null
                                            : "sha256:" + d.liveFingerprint())
                                    .put("newFingerprint", "sha256:" + d.newFingerprint())
                                    .put("consequence", d.consequence()))
                        .toList()),
        out -> printText(ref, keys, result, out));
    if (backup instanceof Apply.Backup.ToDirectory && result.backupLocation() != null) {
      // The backup holds the live keys in plain text: the same Git guard as every key file.
      InitCommand.warnIfCommittable(Path.of(result.backupLocation()), spec.commandLine().getErr());
    }
    if (result.outcome() == Apply.Outcome.REFUSED) {
      throw CliException.refused(
          "refused: the live Secret "
              + ref
              + " holds other keys; nothing was changed."
              + " Replacing them has the consequences listed above: use `sessionkeys rotate` to change keys without"
              + " logouts, or --replace if you mean it");
    }
    return ExitCode.OK;
  }

  private int printClientDryRun(SecretRef ref, KeySet keys) {
    change.output.print(
        spec.commandLine().getOut(),
        () ->
            new JsonObject()
                .put("secret", ref.toString())
                .put("outcome", "would_apply")
                .put("dryRun", "client")
                .objects("keys", fingerprints(keys)),
        out -> {
          out.println(
              "would apply Secret "
                  + ref
                  + " with "
                  + keys.size()
                  + " keys (dry run, client: no server asked, so nothing was compared with the live"
                  + " Secret; --dry-run=server does):");
          printFingerprints(keys, out);
        });
    return ExitCode.OK;
  }

  private static void printFingerprints(KeySet keys, PrintWriter out) {
    for (Map.Entry<String, SecretValue> entry : keys.values().entrySet()) {
      out.println("  " + Text.pad(entry.getKey(), 29) + "sha256:" + entry.getValue().fingerprint());
    }
  }

  private static List<JsonObject> fingerprints(KeySet keys) {
    List<JsonObject> items = new ArrayList<>();
    keys.values()
        .forEach(
            (name, value) ->
                items.add(
                    new JsonObject()
                        .put("name", name)
                        .put("fingerprint", "sha256:" + value.fingerprint())));
    return items;
  }

  /**
   * The flag wins when it agrees with the file; a disagreement is an input error, as kubectl makes
   * it.
   */
  private static String agree(String what, String flag, String fromFile) {
    if (flag != null && fromFile != null && !flag.equals(fromFile)) {
      throw CliException.input(
          "the file's metadata."
              + what
              + " is '"
              + fromFile
              + "' but the command line says '"
              + flag
              + "'; make them agree");
    }
    return flag != null ? flag : fromFile;
  }

  private static void printText(SecretRef ref, KeySet keys, Apply.Result result, PrintWriter out) {
    if (result.namespaceCreated()) {
      out.println(
          (result.outcome().name().startsWith("WOULD") ? "would create" : "created")
              + " namespace "
              + ref.namespace());
    }
    switch (result.outcome()) {
      case CREATED, WOULD_CREATE -> {
        out.println(
            (result.outcome() == Apply.Outcome.CREATED ? "created" : "would create (dry run)")
                + " Secret "
                + ref
                + " with "
                + keys.size()
                + " keys (fingerprints only):");
        printFingerprints(keys, out);
      }
      case UNCHANGED ->
          out.println(
              "unchanged: Secret "
                  + ref
                  + " already holds these "
                  + keys.size()
                  + " keys (resourceVersion "
                  + result.liveResourceVersion()
                  + ")");
      case REFUSED, REPLACED, WOULD_REPLACE -> {
        String verb =
            switch (result.outcome()) {
              case REPLACED -> "replaced";
              case WOULD_REPLACE -> "would replace (dry run)";
              default -> "differ";
            };
        out.println(
            "Secret "
                + ref
                + " (resourceVersion "
                + result.liveResourceVersion()
                + "): "
                + result.differences().size()
                + " keys "
                + verb
                + ":");
        for (KeyDifference d : result.differences()) {
          out.printf(
              "  %-28s live sha256:%s -> sha256:%s%n",
              d.key(),
              d.liveFingerprint() == null ? "(absent)" : d.liveFingerprint(),
              d.newFingerprint());
          out.printf("  %-28s consequence: %s%n", "", d.consequence());
        }
        if (result.backupLocation() != null) {
          out.println(
              "backup of the live Secret (resourceVersion "
                  + result.liveResourceVersion()
                  + "): "
                  + result.backupLocation());
        }
      }
      default -> throw new IllegalStateException("unexpected outcome " + result.outcome());
    }
  }
}
