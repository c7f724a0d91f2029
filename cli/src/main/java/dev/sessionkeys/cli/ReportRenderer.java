package dev.sessionkeys.cli;

import dev.sessionkeys.core.SecretValue;
import dev.sessionkeys.core.validate.Finding;
import dev.sessionkeys.core.validate.SecretDocument;
import dev.sessionkeys.core.validate.Severity;
import dev.sessionkeys.core.validate.ValidationReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints the result of a check as text for people or JSON for scripts. Shared by every command that
 * checks Secrets (files now; a cluster's Secrets later): callers hand it the reports and any
 * findings that belong to no single Secret (Helm values, cluster state). Key values appear only as
 * fingerprints.
 */
public final class ReportRenderer {

  /** The output formats of {@code -o}. */
  public enum Format {
    text,
    json
  }

  /**
   * Findings about something other than one Secret.
   *
   * @param source what they concern, such as {@code values.yaml} or {@code cluster}
   * @param findings the findings
   */
  public record FindingGroup(String source, List<Finding> findings) {
    public FindingGroup {
      findings = List.copyOf(findings);
    }
  }

  /**
   * Everything one check found.
   *
   * @param reports one per Secret checked
   * @param groups findings that belong to no single Secret
   * @param skipped one line per object of the input that is not a key Secret, left aside
   */
  public record CheckResult(
      List<ValidationReport> reports, List<FindingGroup> groups, List<String> skipped) {
    public CheckResult {
      reports = List.copyOf(reports);
      groups = List.copyOf(groups);
      skipped = List.copyOf(skipped);
    }

    /** The result of checking one Secret. */
    public CheckResult(ValidationReport report) {
      this(List.of(report), List.of(), List.of());
    }

    public long count(Severity severity) {
      long count = 0;
      for (ValidationReport report : reports) {
        count += report.count(severity);
      }
      for (FindingGroup group : groups) {
        for (Finding finding : group.findings()) {
          if (finding.severity() == severity) {
            count++;
          }
        }
      }
      return count;
    }

    /**
     * {@link ExitCode#FINDINGS_OR_REFUSED} when any finding is an error (or, with {@code strict}, a
     * warning), else {@link ExitCode#OK}.
     */
    public int exitCode(boolean strict) {
      boolean failed = count(Severity.ERROR) > 0 || (strict && count(Severity.WARNING) > 0);
      return failed ? ExitCode.FINDINGS_OR_REFUSED : ExitCode.OK;
    }
  }

  private ReportRenderer() {}

  public static void render(CheckResult result, Format format, PrintWriter out) {
    if (format == Format.json) {
      json(result, out);
    } else {
      text(result, out);
    }
    out.flush();
  }

  /** One block per Secret: where it is, each key's fingerprint, then each finding with its fix. */
  private static void text(CheckResult result, PrintWriter out) {
    for (ValidationReport report : result.reports()) {
      SecretDocument doc = report.document();
      String name = doc.name() == null ? "(unnamed)" : doc.name();
      out.println(
          (doc.line() > 0 ? doc.source() + ":" + doc.line() : doc.source())
              + "  Secret "
              + (doc.namespace() == null ? name : doc.namespace() + "/" + name));
      for (Map.Entry<String, SecretValue> entry : report.values().values().entrySet()) {
        out.println("  " + Text.pad("key", 8) + Text.keyLine(entry.getKey(), entry.getValue()));
      }
      printFindings(report.findings(), out);
    }
    for (FindingGroup group : result.groups()) {
      out.println(group.source());
      printFindings(group.findings(), out);
    }
    if (!result.skipped().isEmpty()) {
      out.println(
          "skipped "
              + Text.count(result.skipped().size(), "object")
              + " that "
              + (result.skipped().size() == 1 ? "is" : "are")
              + " not a key Secret:");
      for (String object : result.skipped()) {
        out.println("  " + object);
      }
    }
    long errors = result.count(Severity.ERROR);
    long warnings = result.count(Severity.WARNING);
    long infos = result.count(Severity.INFO);
    int secrets = result.reports().size();
    out.println(
        Text.count(secrets, "Secret")
            + " checked: "
            + Text.count(errors, "error")
            + ", "
            + Text.count(warnings, "warning")
            + ", "
            + infos
            + " info");
  }

  private static void printFindings(List<Finding> findings, PrintWriter out) {
    if (findings.isEmpty()) {
      out.println("  ok      no findings");
    }
    for (Finding finding : findings) {
      String where = finding.key() == null ? "" : finding.key();
      if (finding.line() > 0) {
        where =
            where.isEmpty() ? "line " + finding.line() : where + " (line " + finding.line() + ")";
      }
      out.println(
          "  "
              + Text.pad(finding.severity().label(), 8)
              + Text.pad(finding.code().id(), 29)
              + (where.isEmpty() ? "" : where + ": ")
              + finding.message());
      out.println("  " + Text.pad("", 8) + Text.pad("", 29) + "fix: " + finding.fix());
    }
  }

  /** A stable JSON document: {@code {"ok":..,"errors":..,"secrets":[..],"groups":[..]}}. */
  private static void json(CheckResult result, PrintWriter out) {
    List<JsonObject> secrets = new ArrayList<>();
    for (ValidationReport report : result.reports()) {
      SecretDocument doc = report.document();
      List<JsonObject> keys = new ArrayList<>();
      report
          .values()
          .values()
          .forEach(
              (name, value) ->
                  keys.add(
                      new JsonObject()
                          .put("name", name)
                          .put("fingerprint", "sha256:" + value.fingerprint())
                          .put("length", value.length())));
      secrets.add(
          new JsonObject()
              .put("source", doc.source())
              .put("line", doc.line())
              .put("name", doc.name())
              .put("namespace", doc.namespace())
              .objects("keys", keys)
              .objects("findings", findingsJson(report.findings())));
    }
    List<JsonObject> groups = new ArrayList<>();
    for (FindingGroup group : result.groups()) {
      groups.add(
          new JsonObject()
              .put("source", group.source())
              .objects("findings", findingsJson(group.findings())));
    }
    out.println(
        new JsonObject()
            .put("ok", result.count(Severity.ERROR) == 0)
            .put("errors", result.count(Severity.ERROR))
            .put("warnings", result.count(Severity.WARNING))
            .put("infos", result.count(Severity.INFO))
            .objects("secrets", secrets)
            .objects("groups", groups)
            .strings("skipped", result.skipped()));
  }

  private static List<JsonObject> findingsJson(List<Finding> findings) {
    List<JsonObject> items = new ArrayList<>();
    for (Finding f : findings) {
      items.add(
          new JsonObject()
              .put("severity", f.severity().label())
              .put("code", f.code().id())
              .put("key", f.key())
              .put("line", f.line())
              .put("message", f.message())
              .put("fix", f.fix()));
    }
    return items;
  }
}
