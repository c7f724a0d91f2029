package dev.sessionkeys.cli;

import dev.sessionkeys.core.rotation.PhasePlan;
import dev.sessionkeys.core.rotation.RotationPlan;
import dev.sessionkeys.core.rotation.RotationPlan.Change;
import dev.sessionkeys.kube.Rotate;
import java.io.PrintWriter;
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

  static RotationReport of(
      PhasePlan plan, boolean written, String resourceVersion, List<String> restarted) {
    return new RotationReport(
        plan.phase().word(),
        plan.groups(),
        written,
        resourceVersion,
        plan.changes(),
        plan.notes(),
        restarted);
  }

  /** A rotation on the cluster: one phase, or the one-step rotation. */
  static RotationReport of(Rotate.Result<?> result) {
    if (result.plan() instanceof PhasePlan plan) {
      return of(plan, result.written(), result.resourceVersion(), result.restarted());
    }
    RotationPlan plan = (RotationPlan) result.plan();
    return new RotationReport(
        null,
        List.of(),
        result.written(),
        result.resourceVersion(),
        plan.changes(),
        plan.notes(),
        result.restarted());
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
        String replaced = "sha256:" + change.oldFingerprint() + " -> sha256:";
        String what =
            switch (change.action()) {
              case NEXT_ADDED -> "staged      sha256:" + change.newFingerprint();
              case PROMOTED -> "promoted    " + replaced + change.newFingerprint();
              case GENERATED -> "new value   " + replaced + change.newFingerprint();
              case KEPT_AS_PREVIOUS ->
                  "kept        sha256:" + change.newFingerprint() + " (the replaced value)";
              case PREVIOUS_DROPPED -> "removed     sha256:" + change.oldFingerprint();
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
        .put("action", change.action().name().toLowerCase(Locale.ROOT))
        .put("oldFingerprint", sha256(change.oldFingerprint()))
        .put("newFingerprint", sha256(change.newFingerprint()));
  }

  private static String sha256(String fingerprint) {
    return fingerprint == null ? null : "sha256:" + fingerprint;
  }
}
