package dev.sessionkeys.cli;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySpec;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.RotationClass;
import dev.sessionkeys.core.rotation.Rotation;
import dev.sessionkeys.core.rotation.RotationPlan;
import dev.sessionkeys.kube.RolloutRestart;
import dev.sessionkeys.kube.Rotate;
import dev.sessionkeys.kube.SecretRef;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sessionkeys rotate}: new keys without logging anyone out. */
@Command(
    name = "rotate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Give the chosen key groups new values in the live Secret, keeping each replaced",
      "value as <KEY>_PREVIOUS so that services using the sessionkeys runtime keep",
      "accepting old cookies during the grace period. Annotations under",
      "sessionkeys.dev/ record when each group rotated and when its grace ends; a",
      "later rotate, or rotate --finish, removes expired _PREVIOUS keys. The data key",
      "(AES_BASE64_CYPHER_KEY) rotates only with --keys data, and its old value stays",
      "until you confirm the data is re-encrypted (--finish --keys data). Everything",
      "is written in one update carrying the live resourceVersion.",
      "",
      "Examples:",
      "  sessionkeys rotate --keys all-sessions --restart deployment/insights-api",
      "  sessionkeys rotate --keys cookie --grace 48h --dry-run",
      "  sessionkeys rotate --finish",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:rotated (or nothing to do)",
      "1:refused (would log users out or make data unreadable; the message says why)",
      "2:usage or input error",
      "3:cluster failure (the message says whether the Secret changed)"
    })
final class RotateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ProfileOption profileOption;

  @Mixin SecretTargetOptions target;

  @Option(
      names = "--keys",
      paramLabel = "GROUPS",
      split = ",",
      description =
          "Groups to rotate: cookie, session, data, or all-sessions (every group that is not data)."
              + " With --finish: data groups whose _PREVIOUS keys to drop.")
  List<String> keys = new ArrayList<>();

  @Option(
      names = "--grace",
      paramLabel = "DURATION",
      defaultValue = "24h",
      description = "How long old cookies stay accepted: 90m, 1h30m, 24h, 7d. Default: 24h.")
  String grace;

  @Option(
      names = "--restart",
      paramLabel = "KIND/NAME",
      split = ",",
      description =
          "Workloads to restart afterwards, as `kubectl rollout restart` does: deployment/NAME,...")
  List<String> restart = new ArrayList<>();

  @Option(
      names = "--finish",
      description = "Only remove _PREVIOUS keys whose grace period is over.")
  boolean finish;

  @Option(
      names = "--force",
      description =
          "Drop _PREVIOUS keys still inside their grace (logs out users holding"
              + " cookies that old).")
  boolean force;

  @Mixin DryRunOption dryRun;

  @Mixin OutputOption output;

  @Mixin ClusterOptions clusterOptions;

  @Override
  public Integer call() {
    Profile profile = profileOption.resolve();
    boolean dry = dryRun.enabled();
    SecretRef ref = target.resolve(profile, clusterOptions);
    List<RolloutRestart.Workload> workloads = new ArrayList<>();
    for (String text : restart) {
      try {
        workloads.add(RolloutRestart.Workload.parse(text.strip()));
      } catch (IllegalArgumentException e) {
        throw CliException.input("--restart " + e.getMessage());
      }
    }
    Rotate.Request request;
    if (finish) {
      Set<String> dataGroups = groups(profile, keys, true);
      for (String group : dataGroups) {
        if (!isData(profile, group)) {
          throw CliException.input(
              "--finish --keys names data groups whose _PREVIOUS keys to drop; '"
                  + group
                  + "' is not one (its _PREVIOUS keys go when their grace ends, or with --force)");
        }
      }
      request = new Rotate.Request(ref, null, true, dataGroups, force, workloads, dry);
    } else {
      if (keys.isEmpty()) {
        throw CliException.input(
            "say which keys to rotate: --keys cookie|session|data|all-sessions (see --help)");
      }
      Set<String> groups = groups(profile, keys, false);
      boolean dataNamed =
          keys.stream()
              .map(k -> k.strip().toLowerCase(Locale.ROOT))
              .anyMatch(k -> isData(profile, k));
      request =
          new Rotate.Request(
              ref,
              new Rotation.Request(groups, parseGrace(grace), dataNamed, force),
              false,
              Set.of(),
              false,
              workloads,
              dry);
    }
    // Whole seconds: the annotations read like kubectl's timestamps (RFC 3339).
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Rotate.Result result =
        Cluster.run(
            clusterOptions,
            cluster -> new Rotate(cluster, profile, KeyGenerator.secure()).rotate(request, now));
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      printJson(ref, result, dry, out);
    } else {
      printText(ref, result, dry, out);
    }
    out.flush();
    return ExitCode.OK;
  }

  /** Expands {@code all-sessions} and checks every name is a group of the profile. */
  static Set<String> groups(Profile profile, List<String> names, boolean finishing) {
    Set<String> groups = new LinkedHashSet<>();
    for (String raw : names) {
      String name = raw.strip().toLowerCase(Locale.ROOT);
      if (name.equals("all-sessions") && !finishing) {
        for (String group : profile.groups()) {
          if (!isData(profile, group)) {
            groups.add(group);
          }
        }
      } else if (profile.groups().contains(name)) {
        groups.add(name);
      } else {
        throw CliException.input(
            "--keys "
                + raw
                + ": not a key group of profile "
                + profile.name()
                + " (groups: "
                + String.join(", ", profile.groups())
                + (finishing ? "" : ", all-sessions")
                + ")");
      }
    }
    return groups;
  }

  private static boolean isData(Profile profile, String group) {
    return profile.keysInGroup(group).stream()
        .map(KeySpec::rotation)
        .anyMatch(r -> r == RotationClass.REENCRYPT);
  }

  /** The one duration grammar ({@link dev.sessionkeys.core.Durations}); a bad one is exit 2. */
  static Duration parseGrace(String text) {
    try {
      return dev.sessionkeys.core.Durations.parse("--grace", text);
    } catch (IllegalArgumentException e) {
      throw CliException.input(e.getMessage());
    }
  }

  private static void printText(SecretRef ref, Rotate.Result result, boolean dry, PrintWriter out) {
    RotationPlan plan = result.plan();
    if (plan.isEmpty()) {
      out.println("nothing to change in Secret " + ref);
    } else {
      out.println(
          (dry ? "would change (dry run)" : "changed")
              + " Secret "
              + ref
              + " (resourceVersion "
              + result.resourceVersion()
              + "):");
      for (RotationPlan.Change change : plan.changes()) {
        String what =
            switch (change.action()) {
              case GENERATED ->
                  "new value   sha256:"
                      + change.oldFingerprint()
                      + " -> sha256:"
                      + change.newFingerprint();
              case KEPT_AS_PREVIOUS ->
                  "kept        sha256:" + change.newFingerprint() + " (the replaced value)";
              case PREVIOUS_DROPPED -> "removed     sha256:" + change.oldFingerprint();
            };
        out.printf("  %-32s %s%n", change.key(), what);
      }
    }
    for (String note : plan.notes()) {
      out.println("note: " + note);
    }
    for (String workload : result.restarted()) {
      out.println("restarted " + workload);
    }
  }

  private static void printJson(SecretRef ref, Rotate.Result result, boolean dry, PrintWriter out) {
    List<String> changes = new ArrayList<>();
    for (RotationPlan.Change c : result.plan().changes()) {
      changes.add(
          "{\"key\":"
              + Json.string(c.key())
              + ",\"action\":"
              + Json.string(c.action().name().toLowerCase(Locale.ROOT))
              + ",\"oldFingerprint\":"
              + Json.string(c.oldFingerprint() == null ? null : "sha256:" + c.oldFingerprint())
              + ",\"newFingerprint\":"
              + Json.string(c.newFingerprint() == null ? null : "sha256:" + c.newFingerprint())
              + "}");
    }
    List<String> notes = result.plan().notes().stream().map(Json::string).toList();
    List<String> restarted = result.restarted().stream().map(Json::string).toList();
    out.println(
        "{\"secret\":"
            + Json.string(ref.toString())
            + ",\"dryRun\":"
            + dry
            + ",\"written\":"
            + result.written()
            + ",\"resourceVersion\":"
            + Json.string(result.resourceVersion())
            + ",\"changes\":["
            + String.join(",", changes)
            + "]"
            + ",\"notes\":["
            + String.join(",", notes)
            + "]"
            + ",\"restarted\":["
            + String.join(",", restarted)
            + "]}");
  }
}
