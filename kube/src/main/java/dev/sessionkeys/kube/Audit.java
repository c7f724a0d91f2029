package dev.sessionkeys.kube;

import dev.sessionkeys.core.Fingerprint;
import dev.sessionkeys.core.KeySpec;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.SecretValue;
import dev.sessionkeys.core.rotation.Rotation;
import dev.sessionkeys.core.rotation.RotationState;
import dev.sessionkeys.core.validate.Finding;
import dev.sessionkeys.core.validate.FindingCode;
import dev.sessionkeys.core.validate.Severity;
import dev.sessionkeys.core.validate.ValidationReport;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretList;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Surveys every Secret in scope that holds keys of a profile: one row each (valid or not, owned by
 * Helm, how long since its keys last changed) and, across Secrets, the same key value used in two
 * places (staging and production sharing keys), matched by SHA-256 without keeping any value. Lists
 * page by page (limit/continue), so memory grows with the number of matching Secrets (a few hundred
 * bytes each), not with the size of the cluster's Secrets.
 */
public final class Audit {

  /** Secrets per list request. */
  public static final long DEFAULT_PAGE_SIZE = 250;

  /** Pages per scope before assuming the server is looping on continue tokens. */
  static final int MAX_PAGES = 100_000;

  /**
   * Which namespaces.
   *
   * @param allNamespaces {@code -A}
   * @param namespaces the namespaces, when not all
   */
  public record Scope(boolean allNamespaces, List<String> namespaces) {
    public Scope {
      namespaces = List.copyOf(namespaces);
      if (!allNamespaces && namespaces.isEmpty()) {
        throw new IllegalArgumentException("name at least one namespace, or all");
      }
    }

    public static Scope all() {
      return new Scope(true, List.of());
    }

    public static Scope of(List<String> namespaces) {
      return new Scope(false, namespaces);
    }
  }

  /**
   * One Secret.
   *
   * @param namespace its namespace
   * @param name its name
   * @param valid whether it has no error findings
   * @param errors the ids of its error findings (including reuse across Secrets)
   * @param warnings the ids of its warning findings
   * @param helmOwned whether Helm's ownership marks are on it
   * @param helmKept whether it says {@code helm.sh/resource-policy: keep}
   * @param lastChanged when its keys last changed: the latest rotation annotation, else its
   *     creation
   * @param rotated whether a rotation was ever recorded
   * @param age {@code now - lastChanged}, or {@code null} when unknown
   */
  public record Row(
      String namespace,
      String name,
      boolean valid,
      List<String> errors,
      List<String> warnings,
      boolean helmOwned,
      boolean helmKept,
      Instant lastChanged,
      boolean rotated,
      Duration age) {
    public Row {
      errors = List.copyOf(errors);
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * A key value found in more than one Secret.
   *
   * @param fingerprint its short fingerprint
   * @param places where, as {@code namespace/name:KEY}
   */
  public record Reuse(String fingerprint, List<String> places) {
    public Reuse {
      places = List.copyOf(places);
    }
  }

  /**
   * The survey.
   *
   * @param rows one per Secret holding keys of the profile, in list order
   * @param reuses values shared between Secrets
   * @param secretsListed every Secret seen, matching or not
   * @param pages list requests made
   */
  public record Report(List<Row> rows, List<Reuse> reuses, long secretsListed, int pages) {
    public Report {
      rows = List.copyOf(rows);
      reuses = List.copyOf(reuses);
    }

    public boolean hasErrors() {
      return rows.stream().anyMatch(r -> !r.valid());
    }
  }

  private final KubeCluster cluster;
  private final Profile profile;
  private final long pageSize;
  private final int maxPages;

  public Audit(KubeCluster cluster, Profile profile, long pageSize) {
    this(cluster, profile, pageSize, MAX_PAGES);
  }

  /** With a lower page bound, so that tests can reach it. */
  Audit(KubeCluster cluster, Profile profile, long pageSize, int maxPages) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.profile = Objects.requireNonNull(profile, "profile");
    if (pageSize < 1) {
      throw new IllegalArgumentException("page size must be positive");
    }
    this.pageSize = pageSize;
    this.maxPages = maxPages;
  }

  /** Where a value was seen. */
  private record Place(int row, String key) {}

  private final class Survey {
    final Instant now;
    final List<Row> rows = new ArrayList<>();
    final Map<String, List<Place>> byDigest = new HashMap<>();
    long listed;
    int pages;

    Survey(Instant now) {
      this.now = now;
    }

    void add(Secret secret) {
      listed++;
      Map<String, String> data = secret.getData();
      if (data == null || profile.keys().stream().noneMatch(k -> data.containsKey(k.name()))) {
        return;
      }
      ValidationReport report = LiveCheck.judge(profile, secret, now);
      RotationState state = SecretMapping.toRotationState(secret);
      int index = rows.size();
      var meta = secret.getMetadata();
      Map<String, String> annotations = SecretMapping.annotations(secret);
      // A backup made by `apply --replace --backup-secret` shares keys with its Secret by design:
      // not a reuse.
      boolean backup = annotations.containsKey(Apply.BACKUP_OF_ANNOTATION);
      for (KeySpec key : backup ? List.<KeySpec>of() : profile.keys()) {
        SecretValue value = state.values().get(key.name());
        if (value != null && !value.reveal().isEmpty()) {
          String digest = Fingerprint.sha256Hex(value.revealBytes());
          byDigest
              .computeIfAbsent(digest, d -> new ArrayList<>(2))
              .add(new Place(index, key.name()));
        }
      }
      Optional<Instant> rotatedAt =
          profile.groups().stream()
              .map(group -> Rotation.rotatedAt(state, group))
              .flatMap(Optional::stream)
              .max(Instant::compareTo);
      Instant lastChanged = rotatedAt.orElse(parse(meta.getCreationTimestamp()));
      rows.add(
          new Row(
              meta.getNamespace(),
              meta.getName(),
              !report.hasErrors(),
              ids(report.findings(), Severity.ERROR),
              ids(report.findings(), Severity.WARNING),
              HelmOwnership.isOwned(meta.getLabels(), annotations),
              HelmOwnership.isKept(annotations),
              lastChanged,
              rotatedAt.isPresent(),
              lastChanged == null ? null : Duration.between(lastChanged, now)));
    }

    Report finish() {
      List<Reuse> reuses = new ArrayList<>();
      Set<Integer> reusedRows = new TreeSet<>();
      for (Map.Entry<String, List<Place>> entry : byDigest.entrySet()) {
        List<Place> places = entry.getValue();
        if (places.stream().map(Place::row).distinct().count() < 2) {
          continue; // the same value twice in one Secret is the validator's duplicate-value finding
        }
        List<String> where = new ArrayList<>();
        for (Place place : places) {
          Row row = rows.get(place.row());
          where.add(row.namespace() + "/" + row.name() + ":" + place.key());
          reusedRows.add(place.row());
        }
        reuses.add(new Reuse(entry.getKey().substring(0, Fingerprint.SHOWN_HEX_CHARACTERS), where));
      }
      reuses.sort(Comparator.comparing(r -> r.places().get(0)));
      for (int index : reusedRows) {
        Row row = rows.get(index);
        List<String> errors = new ArrayList<>(row.errors());
        errors.add(FindingCode.REUSED_ACROSS_SECRETS.id());
        rows.set(
            index,
            new Row(
                row.namespace(),
                row.name(),
                false,
                errors,
                row.warnings(),
                row.helmOwned(),
                row.helmKept(),
                row.lastChanged(),
                row.rotated(),
                row.age()));
      }
      return new Report(rows, reuses, listed, pages);
    }
  }

  /**
   * Runs the survey.
   *
   * @throws ClusterException when a list fails (for example 403 on listing Secrets cluster-wide)
   */
  public Report run(Scope scope, Instant now) {
    Survey survey = new Survey(now);
    if (scope.allNamespaces()) {
      listAll(null, survey);
    } else {
      for (String namespace : new LinkedHashSet<>(scope.namespaces())) {
        listAll(namespace, survey);
      }
    }
    return survey.finish();
  }

  private void listAll(String namespace, Survey survey) {
    String target = namespace == null ? "all namespaces" : "namespace " + namespace;
    String token = null;
    Set<String> seenTokens = new HashSet<>();
    for (int page = 0; page < maxPages; page++) {
      var options = new ListOptionsBuilder().withLimit(pageSize).withContinue(token).build();
      SecretList list =
          cluster.call(
              "list",
              "secrets",
              target,
              () ->
                  namespace == null
                      ? cluster.client().secrets().inAnyNamespace().list(options)
                      : cluster.client().secrets().inNamespace(namespace).list(options));
      survey.pages++;
      list.getItems().forEach(survey::add);
      token = list.getMetadata() == null ? null : list.getMetadata().getContinue();
      if (token == null || token.isEmpty()) {
        return;
      }
      if (!seenTokens.add(token)) {
        throw new ClusterException(
            ClusterException.Kind.SERVER_ERROR,
            0,
            "the API server at %s returned the same continue token twice while listing secrets in %s; stopped rather than loop"
                .formatted(cluster.describe(), target));
      }
    }
    throw new ClusterException(
        ClusterException.Kind.SERVER_ERROR,
        0,
        "listing secrets in " + target + " did not end after " + maxPages + " pages");
  }

  private static List<String> ids(List<Finding> findings, Severity severity) {
    return findings.stream()
        .filter(finding -> finding.severity() == severity)
        .map(finding -> finding.code().id())
        .distinct()
        .toList();
  }

  private static Instant parse(String timestamp) {
    try {
      return timestamp == null ? null : Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
