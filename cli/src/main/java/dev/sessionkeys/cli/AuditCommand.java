package dev.sessionkeys.cli;

import dev.sessionkeys.core.Profile;
import dev.sessionkeys.kube.Audit;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sessionkeys audit}: every Secret holding the profile's keys, and keys shared between
 * installs.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "List every Secret in scope that holds the profile's keys, one row each: valid",
      "or not, owned by Helm, when its keys last changed; and every key value found in",
      "more than one Secret (staging and production sharing keys), compared by",
      "fingerprint. Lists page by page (limit/continue).",
      "",
      "Examples:",
      "  sessionkeys audit -A",
      "  sessionkeys audit -n staging -n production -o json",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every Secret valid, no key shared",
      "1:a Secret has errors, or a key is shared between Secrets",
      "2:usage or input error",
      "3:cluster failure"
    })
final class AuditCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ProfileOption profileOption;

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "Every namespace.")
  boolean allNamespaces;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      split = ",",
      description = "Namespaces (repeat, or separate by commas). Default: the profile's.")
  List<String> namespaces = new ArrayList<>();

  @Option(
      names = "--chunk-size",
      paramLabel = "N",
      defaultValue = "250",
      description = "Secrets per list request, as kubectl's --chunk-size. Default: 250.")
  long chunkSize;

  @Mixin OutputOption output;

  @Mixin ClusterOptions clusterOptions;

  @Override
  public Integer call() {
    Profile profile = profileOption.resolve();
    if (allNamespaces && !namespaces.isEmpty()) {
      throw CliException.input("give -A or -n, not both");
    }
    if (chunkSize < 1) {
      throw CliException.input("--chunk-size must be at least 1");
    }
    List<String> checked = new ArrayList<>();
    for (String ns : namespaces) {
      checked.add(Names.namespace(ns.strip(), profile));
    }
    Audit.Scope scope =
        allNamespaces
            ? Audit.Scope.all()
            : Audit.Scope.of(checked.isEmpty() ? List.of(profile.defaultNamespace()) : checked);
    Instant now = Instant.now();
    Audit.Report report =
        Cluster.run(
            clusterOptions, cluster -> new Audit(cluster, profile, chunkSize).run(scope, now));
    output.print(spec.commandLine().getOut(), () -> json(report), out -> printText(report, out));
    return report.hasErrors() ? ExitCode.FINDINGS_OR_REFUSED : ExitCode.OK;
  }

  private static void printText(Audit.Report report, PrintWriter out) {
    out.printf(
        "%-24s %-32s %-7s %-6s %-22s %-8s %s%n",
        "NAMESPACE", "NAME", "VALID", "HELM", "KEYS-CHANGED", "AGE", "FINDINGS");
    for (Audit.Row row : report.rows()) {
      List<String> findings = new ArrayList<>(row.errors());
      findings.addAll(row.warnings());
      out.printf(
          "%-24s %-32s %-7s %-6s %-22s %-8s %s%n",
          row.namespace(),
          row.name(),
          row.valid() ? "yes" : "NO",
          row.helmOwned() ? (row.helmKept() ? "kept" : "owned") : "-",
          row.lastChanged() == null
              ? "?"
              : row.lastChanged().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                  + (row.rotated() ? "" : "*"),
          age(row.age()),
          findings.isEmpty() ? "-" : String.join(",", findings));
    }
    for (Audit.Reuse reuse : report.reuses()) {
      out.println(
          "reused: sha256:" + reuse.fingerprint() + " in " + String.join(", ", reuse.places()));
    }
    long invalid = report.rows().stream().filter(r -> !r.valid()).count();
    out.printf(
        "%d Secret%s with the profile's keys (of %d listed in %d request%s): %d with errors, %d"
            + " value%s shared between Secrets%s%n",
        report.rows().size(),
        report.rows().size() == 1 ? "" : "s",
        report.secretsListed(),
        report.pages(),
        report.pages() == 1 ? "" : "s",
        invalid,
        report.reuses().size(),
        report.reuses().size() == 1 ? "" : "s",
        report.rows().stream().anyMatch(r -> !r.rotated())
            ? " (* = never rotated: creation time)"
            : "");
  }

  private static String age(Duration age) {
    if (age == null) {
      return "?";
    }
    if (age.toDays() > 0) {
      return age.toDays() + "d";
    }
    if (age.toHours() > 0) {
      return age.toHours() + "h";
    }
    return Math.max(0, age.toMinutes()) + "m";
  }

  private static JsonObject json(Audit.Report report) {
    return new JsonObject()
        .put("ok", !report.hasErrors())
        .put("listed", report.secretsListed())
        .put("requests", report.pages())
        .objects("secrets", report.rows().stream().map(AuditCommand::json).toList())
        .objects(
            "reused",
            report.reuses().stream()
                .map(
                    reuse ->
                        new JsonObject()
                            .put("fingerprint", "sha256:" + reuse.fingerprint())
                            .strings("places", reuse.places()))
                .toList());
  }

  private static JsonObject json(Audit.Row row) {
    return new JsonObject()
        .put("namespace", row.namespace())
        .put("name", row.name())
        .put("valid", row.valid())
        .put("helmOwned", row.helmOwned())
        .put("helmKept", row.helmKept())
        .put("keysChanged", row.lastChanged() == null ? null : row.lastChanged().toString())
        .put("rotated", row.rotated())
        .raw("ageSeconds", row.age() == null ? "null" : Long.toString(row.age().toSeconds()))
        .strings("errors", row.errors())
        .strings("warnings", row.warnings());
  }
}
