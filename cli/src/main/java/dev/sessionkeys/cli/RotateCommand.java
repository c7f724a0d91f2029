package dev.sessionkeys.cli;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.rotation.Phase;
import dev.sessionkeys.core.rotation.PhasePlan;
import dev.sessionkeys.core.rotation.PhaseRequest;
import dev.sessionkeys.core.rotation.PhasedRotation;
import dev.sessionkeys.core.rotation.Rotation;
import dev.sessionkeys.core.rotation.RotationPlan;
import dev.sessionkeys.core.rotation.RotationRefusedException;
import dev.sessionkeys.core.rotation.RotationState;
import dev.sessionkeys.core.rotation.Stage;
import dev.sessionkeys.kube.KubeCluster;
import dev.sessionkeys.kube.RolloutRestart;
import dev.sessionkeys.kube.RolloutWatch;
import dev.sessionkeys.kube.Rotate;
import dev.sessionkeys.kube.SecretRef;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
      "Rotate keys in three phases so that no user is logged out during a rolling",
      "restart, each phase one update of the Secret (carrying its resourceVersion):",
      "  prepare  add <KEY>_NEXT: every pod accepts it, none issues with it",
      "  promote  <KEY>_NEXT becomes the key; the old value stays as <KEY>_PREVIOUS",
      "  retire   drop <KEY>_PREVIOUS once the grace period is over",
      "Without --phase, rotate runs all three, restarting the --restart workloads",
      "after each and waiting until they have rolled out; it retires only when the",
      "grace ends within --timeout, and otherwise says when to run --phase retire.",
      "The app must load <KEY>_NEXT and <KEY>_PREVIOUS (the sessionkeys runtime does);",
      "see docs/rotation.md. With -f FILE, one phase (the next one, or --phase) is done",
      "on a Secret manifest or SOPS file instead, for GitOps. The data key",
      "(AES_BASE64_CYPHER_KEY) takes part only with --keys data.",
      "",
      "--one-step keeps the old behaviour (new key used at once, old one kept as",
      "_PREVIOUS) for apps that read only the five keys; it logs users out during the",
      "rollout. --finish removes one-step _PREVIOUS keys whose grace is over.",
      "",
      "Examples:",
      "  sessionkeys rotate --keys all-sessions --restart deployment/insights-api",
      "  sessionkeys rotate --phase retire --usage-url http://10.0.0.7:8080/metrics",
      "  sessionkeys rotate -f secrets.enc.yaml --keys all-sessions",
      "  sessionkeys rotate --one-step --keys cookie --grace 48h --dry-run",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done (or nothing to do)",
      "1:refused (would log users out or make data unreadable; the message says why)",
      "2:usage or input error",
      "3:cluster or I/O failure, or a rollout that did not finish in time (the message",
      "  says what was changed)"
    })
final class RotateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin SecretTargetOptions target;

  @Option(
      names = "--phase",
      paramLabel = "PHASE",
      description = "Do one phase only: prepare, promote or retire.")
  String phase;

  @Option(
      names = "--keys",
      paramLabel = "GROUPS",
      split = ",",
      description =
          "Groups to rotate: cookie, session, data, or all-sessions (every group that is not data)."
              + " Default for promote and retire: the groups at that stage."
              + " With --finish: data groups whose _PREVIOUS keys to drop.")
  List<String> keys = new ArrayList<>();

  @Option(
      names = "--grace",
      paramLabel = "DURATION",
      defaultValue = "24h",
      converter = DurationConverter.class,
      description =
          "How long old cookies stay accepted after promote: 90m, 1h30m, 24h, 7d. Default: 24h.")
  Duration grace;

  @Option(
      names = "--restart",
      paramLabel = "KIND/NAME",
      split = ",",
      description =
          "Workloads to restart after each change, as `kubectl rollout restart` does, and to wait"
              + " for: deployment/NAME,statefulset/NAME,...")
  List<String> restart = new ArrayList<>();

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description = "How long to wait for all rollouts of one run. Default: 10m.")
  Duration timeout;

  @Option(
      names = "--usage-url",
      paramLabel = "URL",
      description =
          "Before retire: a Prometheus text endpoint of the app; retire is refused when its "
              + KeyUsage.METRIC
              + "{slot=\"previous\"} grows while observed.")
  URI usageUrl;

  @Option(
      names = "--usage-window",
      paramLabel = "DURATION",
      defaultValue = "15s",
      converter = DurationConverter.class,
      description = "How long to observe --usage-url. Default: 15s.")
  Duration usageWindow;

  @Option(
      names = {"-f", "--filename"},
      paramLabel = "FILE",
      description = "Rotate in this Secret manifest or SOPS file instead of the cluster.")
  Path file;

  @Option(
      names = "--one-step",
      description =
          "The old one-step rotation: the new keys are used at once (users are logged out while"
              + " the rollout runs).")
  boolean oneStep;

  @Option(
      names = "--finish",
      description = "Only remove one-step _PREVIOUS keys whose grace period is over.")
  boolean finish;

  @Option(
      names = "--force",
      description =
          "Drop _PREVIOUS keys still inside their grace or still in use (logs out users holding"
              + " cookies that old).")
  boolean force;

  @Mixin ClusterChangeOptions change;

  @Override
  public Integer call() {
    Profile profile = target.profile();
    if ((oneStep || finish) && (phase != null || file != null || usageUrl != null)) {
      throw CliException.input(
          (oneStep ? "--one-step" : "--finish")
              + " works on the cluster in one step; it does not combine with --phase, -f or"
              + " --usage-url");
    }
    Optional<Phase> only = phase();
    // promote and retire default to the groups at that stage, a file to its next phase.
    if (keys.isEmpty() && !finish && file == null && only.orElse(Phase.PREPARE) == Phase.PREPARE) {
      throw CliException.input(
          "say which keys to rotate: --keys cookie|session|data|all-sessions (see --help)");
    }
    if (oneStep || finish) {
      return oneStep(profile);
    }
    PhaseRequest base = request(profile);
    if (file != null) {
      return onFile(profile, base, only);
    }
    List<RolloutRestart.Workload> workloads = workloads();
    SecretRef ref = Cluster.target(target, profile, change.cluster);
    PrintWriter out = spec.commandLine().getOut();
    List<RotationReport> reports = new ArrayList<>();
    Cluster.run(
        change.cluster,
        cluster -> {
          Rotate rotate = new Rotate(cluster, profile, KeyGenerator.secure());
          Instant deadline = Instant.now().plus(timeout);
          PhasePlan promoted = null;
          for (Phase next : only.map(List::of).orElse(List.of(Phase.values()))) {
            Instant now = now();
            if (next == Phase.RETIRE && promoted != null) {
              Optional<Instant> until = graceEnd(promoted, profile);
              if (until.isPresent() && until.get().isAfter(now)) {
                if (until.get().isAfter(deadline) || change.dry()) {
                  notes.add(
                      "the old keys stay accepted until "
                          + until.get()
                          + "; then run: sessionkeys rotate --phase retire"
                          + (keys.isEmpty() ? "" : " --keys " + String.join(",", keys))
                          + (workloads.isEmpty() ? "" : " --restart " + String.join(",", restart)));
                  break;
                }
                KeyUsage.sleep(
                    Duration.between(now, until.get()), "waiting for the grace period to end");
                now = now();
              }
            }
            requireUnusedBefore(next);
            Rotate.Result<PhasePlan> result =
                rotate.phase(
                    new Rotate.PhaseRun(
                        ref,
                        new PhaseRequest(next, base.groups(), base.grace(), base.permissions()),
                        workloads,
                        change.dry()),
                    now);
            RotationReport report = RotationReport.of(result);
            promoted = result.plan();
            reports.add(report);
            if (!change.output.json()) {
              report.print(out, ref.toString(), change.dry());
            }
            if (change.dry() && only.isEmpty()) {
              notes.add(
                  "a dry run shows the first phase only: the next ones start from its result");
              break;
            }
            if (result.written() && !workloads.isEmpty()) {
              awaitRollout(cluster, ref, workloads, deadline, next, only.isPresent());
              if (!change.output.json()) {
                workloads.forEach(workload -> out.println("rolled out " + workload));
              }
            }
          }
          return null;
        });
    change.output.print(
        out,
        () ->
            new JsonObject()
                .put("secret", ref.toString())
                .put("dryRun", change.dry())
                .objects("phases", reports.stream().map(r -> r.json(new JsonObject())).toList())
                .strings("notes", notes),
        text -> notes.forEach(note -> text.println("note: " + note)));
    return ExitCode.OK;
  }

  private Optional<Phase> phase() {
    if (phase == null) {
      return Optional.empty();
    }
    Optional<Phase> named = Phase.fromWord(phase.strip().toLowerCase(Locale.ROOT));
    if (named.isEmpty()) {
      throw CliException.input(
          "--phase " + phase + ": not a phase; use prepare, promote or retire");
    }
    return named;
  }

  /** The groups, grace and permissions of every phase of this run (the phase is set per phase). */
  private PhaseRequest request(Profile profile) {
    Set<String> groups = groups(profile, keys, false);
    PhaseRequest base = PhaseRequest.of(Phase.PREPARE, groups, grace);
    if (namesData(profile, groups)) {
      base = base.allowing(PhaseRequest.Permission.DATA_KEY);
    }
    if (force) {
      base = base.allowing(PhaseRequest.Permission.DROP_PREVIOUS_IN_GRACE);
    }
    return base;
  }

  /** Notes of the whole run (the phases' own notes print with each phase). */
  private final List<String> notes = new ArrayList<>();

  /** One phase on a file: --phase, or the next phase of the chosen groups. */
  private int onFile(Profile profile, PhaseRequest base, Optional<Phase> only) {
    if (!restart.isEmpty()) {
      throw CliException.input(
          "--restart does not combine with -f: with GitOps, your deploy tool rolls the workloads out"
              + " once the change is merged");
    }
    Instant now = now();
    FileRotation.Outcome outcome =
        FileRotation.rotate(
            file,
            state -> {
              try {
                Phase next = only.isPresent() ? only.get() : nextPhase(profile, state, base);
                requireUnusedBefore(next);
                return PhasedRotation.plan(
                    profile,
                    state,
                    new PhaseRequest(next, base.groups(), base.grace(), base.permissions()),
                    now,
                    KeyGenerator.secure());
              } catch (RotationRefusedException e) {
                throw CliException.refused("refused: " + e.getMessage());
              }
            },
            change.dry(),
            change.identity.identity);
    PhasePlan plan = outcome.plan();
    if (outcome.written() && !outcome.encrypted()) {
      // New keys in plain text: the same Git guard as every key file.
      InitCommand.warnIfCommittable(file, spec.commandLine().getErr());
    }
    RotationReport report = RotationReport.of(plan, outcome.written(), null, List.of());
    change.output.print(
        spec.commandLine().getOut(),
        () ->
            new JsonObject()
                .put("file", file.toString())
                .put("encrypted", outcome.encrypted())
                .put("dryRun", change.dry())
                .objects("phases", List.of(report.json(new JsonObject()))),
        out -> {
          report.print(out, file.toString(), change.dry());
          if (outcome.written() && only.isEmpty() && plan.phase() != Phase.RETIRE) {
            out.println(
                "note: commit and merge this change, let it roll out, then run the same command for"
                    + " the next phase");
          }
        });
    return ExitCode.OK;
  }

  /** The phase that moves the chosen groups on; they must agree. */
  private static Phase nextPhase(Profile profile, RotationState state, PhaseRequest base)
      throws RotationRefusedException {
    Map<String, Stage> stages = PhasedRotation.stages(profile, state);
    Set<Phase> next = new LinkedHashSet<>();
    stages.forEach(
        (group, stage) -> {
          // No --keys: every group that is not data.
          if (base.groups().isEmpty()
              ? !PhasedRotation.isDataGroup(profile, group)
              : base.groups().contains(group)) {
            next.add(stage.nextPhase());
          }
        });
    if (next.size() != 1) {
      throw CliException.input(
          "the key groups are at different stages "
              + stages
              + "; say which phase to do with --phase, or name the groups with --keys");
    }
    return next.iterator().next();
  }

  /**
   * Before a real retire with --usage-url: refuses (exit 1) unless --force when the app still
   * decodes with the previous keys.
   */
  private void requireUnusedBefore(Phase next) {
    String why =
        next == Phase.RETIRE && usageUrl != null && !change.dry()
            ? KeyUsage.stillUsed(usageUrl, usageWindow)
            : null;
    if (why == null) {
      return;
    }
    if (force) {
      spec.commandLine()
          .getErr()
          .println("sessionkeys: warning: " + why + "; retiring anyway (--force)");
      return;
    }
    throw CliException.refused(
        "refused: "
            + why
            + "; retiring now would log out the users behind those requests: wait and retry, or"
            + " pass --force");
  }

  private void awaitRollout(
      KubeCluster cluster,
      SecretRef ref,
      List<RolloutRestart.Workload> workloads,
      Instant deadline,
      Phase written,
      boolean single) {
    try {
      new RolloutWatch(cluster).await(ref.namespace(), workloads, deadline, timeout);
    } catch (RolloutWatch.StuckException e) {
      throw new CliException(
          ExitCode.CLUSTER_OR_IO,
          e.getMessage()
              + "; the "
              + written.word()
              + " phase WAS written to Secret "
              + ref
              + (written == Phase.RETIRE || single
                  ? ""
                  : ": once the rollout finishes, continue with sessionkeys rotate --phase "
                      + Phase.values()[written.ordinal() + 1].word()));
    }
  }

  /** The latest grace end among the groups promoted in this run. */
  private static Optional<Instant> graceEnd(PhasePlan promoted, Profile profile) {
    return profile.groups().stream()
        .map(group -> Rotation.graceUntil(promoted.after(), group))
        .flatMap(Optional::stream)
        .max(Comparator.naturalOrder());
  }

  private List<RolloutRestart.Workload> workloads() {
    List<RolloutRestart.Workload> workloads = new ArrayList<>();
    for (String text : restart) {
      try {
        workloads.add(RolloutRestart.Workload.parse(text.strip()));
      } catch (IllegalArgumentException e) {
        throw CliException.input("--restart " + e.getMessage());
      }
    }
    return workloads;
  }

  /** Whether the user named a data group ({@code all-sessions} holds none). */
  private static boolean namesData(Profile profile, Set<String> groups) {
    return groups.stream().anyMatch(group -> PhasedRotation.isDataGroup(profile, group));
  }

  /** Whole seconds: the annotations read like kubectl's timestamps (RFC 3339). */
  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }

  /** The old one-step rotation (or its clean-up), with a warning. */
  private int oneStep(Profile profile) {
    boolean dry = change.dry();
    SecretRef ref = Cluster.target(target, profile, change.cluster);
    List<RolloutRestart.Workload> workloads = workloads();
    Rotate.Request request;
    if (finish) {
      Set<String> dataGroups = groups(profile, keys, true);
      for (String group : dataGroups) {
        if (!PhasedRotation.isDataGroup(profile, group)) {
          throw CliException.input(
              "--finish --keys names data groups whose _PREVIOUS keys to drop; '"
                  + group
                  + "' is not one (its _PREVIOUS keys go when their grace ends, or with --force)");
        }
      }
      request = new Rotate.Request(ref, null, true, dataGroups, force, workloads, dry);
    } else {
      Set<String> groups = groups(profile, keys, false);
      spec.commandLine()
          .getErr()
          .println(
              "sessionkeys: warning: one-step rotation: the new keys are used at once, so while"
                  + " the workloads roll out, pods still on the old keys reject cookies issued by"
                  + " new pods and users are logged out; without --one-step, rotate stages the"
                  + " keys so nobody is (the app must load <KEY>_NEXT and <KEY>_PREVIOUS)");
      request =
          new Rotate.Request(
              ref,
              new Rotation.Request(groups, grace, namesData(profile, groups), force),
              false,
              Set.of(),
              false,
              workloads,
              dry);
    }
    Instant now = now();
    Rotate.Result<RotationPlan> result =
        Cluster.run(
            change.cluster,
            cluster -> new Rotate(cluster, profile, KeyGenerator.secure()).rotate(request, now));
    RotationReport report = RotationReport.of(result);
    change.output.print(
        spec.commandLine().getOut(),
        () -> report.json(new JsonObject().put("secret", ref.toString()).put("dryRun", dry)),
        out -> report.print(out, "Secret " + ref, dry));
    return ExitCode.OK;
  }

  /** Expands {@code all-sessions} and checks every name is a group of the profile. */
  static Set<String> groups(Profile profile, List<String> names, boolean finishing) {
    Set<String> groups = new LinkedHashSet<>();
    for (String raw : names) {
      String name = raw.strip().toLowerCase(Locale.ROOT);
      if (name.equals("all-sessions") && !finishing) {
        profile.groups().stream()
            .filter(group -> !PhasedRotation.isDataGroup(profile, group))
            .forEach(groups::add);
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
}
