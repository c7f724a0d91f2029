package dev.sessionkeys.cli;

import dev.sessionkeys.core.rotation.PhasePlan;
import dev.sessionkeys.core.rotation.RotationPlan;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One rotation plan as {@code rotate} prints it, fingerprints only: a phase on a cluster or a file,
 * or the one-step rotation. All three share one text and one JSON form.
 *
 * @param phase the phase's word, or null for the one-step rotation
 * @param groups the groups of the phase (none for the one-step rotation)
 * @param written whether the Secret or file was changed
 * @param resourceVersion the Secret's resourceVersion afterwards, or null for a file
 * @param changes each key that changes
 * @param notes what the user must know, one line each
 * @param restarted the workloads restarted
 */
record RotationReport(
    String phase,
    List<String> groups,
    boolean written,
    String resourceVersion,
    List<Change> changes,
    List<String> notes,
    List<String> restarted) {

  /** One changed key; the actions of both planners share their wording. */
  record Change(String key, String action, String oldFingerprint, String newFingerprint) {}

  static RotationReport of(
      PhasePlan plan, boolean written, String resourceVersion, List<String> restarted) {
    return new RotationReport(
        plan.phase().word(),
        plan.groups(),
        written,
        resourceVersion,
        plan.changes().stream()
            .map(
                c -> new Change(c.key(), c.action().name(), c.oldFingerprint(), c.newFingerprint()))
            .toList(),
        plan.notes(),
        restarted);
  }

  /** The one-step rotation's plan. */
  static RotationReport of(
      RotationPlan plan, boolean written, String resourceVersion, List<String> restarted) {
    List<Change> changes = new ArrayList<>();
    plan.changes()
        .forEach(
            c ->
                changes.add(
                    new Change(
                        c.key(), c.action().name(), c.oldFingerprint(), c.newFingerprint())));
    return new RotationReport(
        null, List.of(), written, resourceVersion, changes, plan.notes(), restarted);
  }

  /** The plan as text: what changed (or would) in {@code where}, each key, notes, restarts. */
  void print(PrintWriter out, String where, boolean dry) {
    String heading = phase == null ? "" : phase + ": ";
    if (changes.isEmpty()) {
      out.println(heading + "nothing to change in " + where);
    } else {
      out.println(
          heading
              + (dry ? "would change (dry run)" : written ? "changed" : "would change")
              + " "
              + where
              + (resourceVersion == null ? "" : " (resourceVersion " + resourceVersion + ")")
              + ":");
      for (Change change : changes) {
        String what =
            switch (change.action()) {
              case "NEXT_ADDED" -> "staged      sha256:" + change.newFingerprint();
              case "PROMOTED" ->
                  "promoted    sha256:"
                      + change.oldFingerprint()
                      + " -> sha256:"
                      + change.newFingerprint();
              case "GENERATED" ->
                  "new value   sha256:"
                      + change.oldFingerprint()
                      + " -> sha256:"
                      + change.newFingerprint();
              case "KEPT_AS_PREVIOUS" ->
                  "kept        sha256:" + change.newFingerprint() + " (the replaced value)";
              default -> "removed     sha256:" + change.oldFingerprint();
            };
        out.printf("  %-32s %s%n", change.key(), what);
      }
    }
    notes.forEach(note -> out.println("note: " + note));
    restarted.forEach(workload -> out.println("restarted " + workload));
  }

  /** The fields every form shares, after those that say where and which phase. */
  JsonObject json(JsonObject object) {
    if (phase != null) {
      object.put("phase", phase).strings("groups", groups);
    }
    return object
        .put("written", written)
        .put("resourceVersion", resourceVersion)
        .objects("changes", changes.stream().map(RotationReport::json).toList())
        .strings("notes", notes)
        .strings("restarted", restarted);
  }

  private static JsonObject json(Change change) {
    return new JsonObject()
        .put("key", change.key())
        .put("action", change.action().toLowerCase(Locale.ROOT))
        .put("oldFingerprint", sha256(change.oldFingerprint()))
        .put("newFingerprint", sha256(change.newFingerprint()));
  }

  private static String sha256(String fingerprint) {
    return fingerprint == null ? null : "sha256:" + fingerprint;
  }
}
