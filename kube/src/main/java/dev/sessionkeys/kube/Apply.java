package dev.sessionkeys.kube;

import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.KeySpec;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.RotationClass;
import dev.sessionkeys.core.SecretValue;
import dev.sessionkeys.core.rotation.RotationState;
import dev.sessionkeys.manifest.SecureFiles;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Puts a key set into a cluster without ever replacing live keys by accident. Creates the Secret
 * when it is absent; when it exists with the same values, changes nothing; when values differ,
 * refuses and lists them, unless asked to replace, and then writes a backup of the live Secret
 * first and updates with the live resourceVersion, so that a concurrent change makes the update
 * fail (and be re-read and re-decided) rather than be overwritten.
 */
public final class Apply {

  /** Annotation on a backup Secret: which Secret it backs up. */
  public static final String BACKUP_OF_ANNOTATION = "sessionkeys.dev/backup-of";

  /** Annotation on a backup Secret: the resourceVersion of the Secret it backs up. */
  public static final String BACKUP_RESOURCE_VERSION_ANNOTATION =
      "sessionkeys.dev/backup-resource-version";

  /**
   * Where to keep the live Secret before replacing it: a local file, or a Secret in the same
   * namespace.
   */
  public sealed interface Backup {
    /**
     * A YAML file (0600) in {@code directory}, named after the Secret, its resourceVersion and the
     * time.
     */
    record ToDirectory(Path directory) implements Backup {}

    /** A new Secret of this name, in the same namespace; never overwrites an existing one. */
    record ToSecret(String name) implements Backup {}
  }

  /**
   * What to apply.
   *
   * @param target where
   * @param keys the values to put there
   * @param replace whether differing live values may be replaced
   * @param backup where the live Secret goes before a replacement; required when {@code replace}
   * @param createNamespace whether to create the namespace when it is absent
   * @param dryRun decide and report, change nothing
   */
  public record Request(
      SecretRef target,
      KeySet keys,
      boolean replace,
      Backup backup,
      boolean createNamespace,
      boolean dryRun) {
    public Request {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(keys, "keys");
      if (replace && backup == null) {
        throw new IllegalArgumentException("a replacement needs a backup");
      }
    }
  }

  /** What happened (or, in a dry run, would happen). */
  public enum Outcome {
    CREATED,
    UNCHANGED,
    REFUSED,
    REPLACED,
    WOULD_CREATE,
    WOULD_REPLACE
  }

  /**
   * The result.
   *
   * @param outcome what happened
   * @param differences the keys whose values differ from the live ones (empty when created or
   *     unchanged)
   * @param backupLocation where the live Secret was backed up (a file path or {@code
   *     namespace/name}), or {@code null}
   * @param liveResourceVersion the resourceVersion of the live Secret that was compared (and
   *     replaced), or {@code null}
   * @param namespaceCreated whether the namespace was created
   * @param attempts how many times the live Secret was read (more than 1 after a concurrent change)
   */
  public record Result(
      Outcome outcome,
      List<KeyDifference> differences,
      String backupLocation,
      String liveResourceVersion,
      boolean namespaceCreated,
      int attempts) {
    public Result {
      differences = List.copyOf(differences);
    }
  }

  private final KubeCluster cluster;
  private final Profile profile;

  public Apply(KubeCluster cluster, Profile profile) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  /**
   * Applies {@code request}.
   *
   * @throws ClusterException when the cluster fails or keeps conflicting; nothing was changed
   *     unless the message says so
   */
  public Result apply(Request request) {
    SecretRef ref = request.target();
    boolean namespaceCreated =
        request.createNamespace() && ensureNamespace(ref.namespace(), request.dryRun());
    // The backup Secret this call created, if any: after a conflict it is refreshed, not created
    // again.
    Secret[] ownBackup = new Secret[1];
    try {
      return SafeWrite.run(
          SafeWrite.DEFAULT_ATTEMPTS,
          attempt -> applyOnce(request, namespaceCreated, ownBackup, attempt),
          SafeWrite.keptChanging(
              ref,
              "applied",
              cluster,
              "nothing was overwritten: find out who else is changing it, then try again"));
    } catch (BackupExists e) {
      throw e.refusal;
    }
  }

  /**
   * Carries the refusal to overwrite an existing backup Secret past {@link SafeWrite}, which would
   * otherwise take its 409 for a concurrent change and try again.
   */
  private static final class BackupExists extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ClusterException refusal;

    BackupExists(ClusterException refusal) {
      super(refusal.getMessage(), refusal, false, false);
      this.refusal = refusal;
    }
  }

  /** One read → decide → write; a conflict propagates so that {@link SafeWrite} runs it again. */
  private Result applyOnce(
      Request request, boolean namespaceCreated, Secret[] ownBackup, int attempt) {
    SecretRef ref = request.target();
    Secret live = Secrets.get(cluster, ref);
    if (live == null) {
      if (!request.dryRun()) {
        // A conflict here: someone created it between our read and our create; read theirs.
        create(ref, request.keys());
      }
      Outcome outcome = request.dryRun() ? Outcome.WOULD_CREATE : Outcome.CREATED;
      return new Result(outcome, List.of(), null, null, namespaceCreated, attempt);
    }
    List<KeyDifference> differences = differences(live, request.keys());
    Outcome outcome =
        differences.isEmpty()
            ? Outcome.UNCHANGED
            : !request.replace()
                ? Outcome.REFUSED
                : request.dryRun() ? Outcome.WOULD_REPLACE : Outcome.REPLACED;
    String backupLocation = null;
    if (outcome == Outcome.REPLACED) {
      backupLocation = backup(live, request.backup(), ownBackup);
      String backedUp = " (a backup of it is at " + backupLocation + ")";
      try {
        RotationState liveState = SecretMapping.toRotationState(live);
        Map<String, SecretValue> values = new LinkedHashMap<>(liveState.values());
        values.putAll(request.keys().values());
        Secrets.update(
            cluster,
            SecretMapping.withState(live, new RotationState(values, liveState.annotations())));
      } catch (ClusterException e) {
        throw SafeWrite.explained(
            e,
            "the answer was lost, so the Secret holds either all the old or all the new values"
                + backedUp,
            "the live Secret is unchanged" + backedUp);
      }
    }
    String liveVersion = live.getMetadata().getResourceVersion();
    return new Result(outcome, differences, backupLocation, liveVersion, namespaceCreated, attempt);
  }

  /**
   * Which of {@code keys} differ from the live Secret's values, with what replacing each would do.
   */
  public List<KeyDifference> differences(Secret live, KeySet keys) {
    Map<String, SecretValue> liveValues = SecretMapping.toRotationState(live).values();
    List<KeyDifference> differences = new ArrayList<>();
    for (Map.Entry<String, SecretValue> entry : keys.values().entrySet()) {
      SecretValue liveValue = liveValues.get(entry.getKey());
      if (entry.getValue().equals(liveValue)) {
        continue;
      }
      differences.add(
          new KeyDifference(
              entry.getKey(),
              liveValue == null ? null : liveValue.fingerprint(),
              entry.getValue().fingerprint(),
              consequence(entry.getKey(), liveValue == null)));
    }
    return differences;
  }

  private String consequence(String key, boolean absent) {
    if (absent) {
      return "none: the live Secret has no " + key;
    }
    Optional<KeySpec> spec = profile.key(key);
    if (spec.isEmpty()) {
      return "unknown: %s is not a key of profile %s; whatever reads it sees a new value"
          .formatted(key, profile.name());
    }
    if (spec.get().rotation() == RotationClass.REENCRYPT) {
      return "data encrypted under the live " + key + " becomes unreadable";
    }
    return "every user is logged out (cookies signed or encrypted with the live %s stop being accepted); use `sessionkeys rotate` to change it without logouts"
        .formatted(key);
  }

  private boolean ensureNamespace(String namespace, boolean dryRun) {
    var namespaces = cluster.client().namespaces();
    if (cluster.call("get", "namespaces", namespace, () -> namespaces.withName(namespace).get())
        != null) {
      return false;
    }
    if (dryRun) {
      return true;
    }
    var created =
        new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build();
    try {
      cluster.call("create", "namespaces", namespace, () -> namespaces.resource(created).create());
      return true;
    } catch (ClusterException e) {
      if (e.kind() == ClusterException.Kind.CONFLICT) {
        return false; // created by someone else meanwhile: just as good
      }
      throw e;
    }
  }

  private void create(SecretRef ref, KeySet keys) {
    Secret secret = SecretMapping.newSecret(ref.namespace(), ref.name(), keys, Map.of(), Map.of());
    try {
      Secrets.create(cluster, secret);
    } catch (ClusterException e) {
      if (e.kind() == ClusterException.Kind.NOT_FOUND) {
        throw e.withMessage(
            "namespace %s does not exist at %s; create it (kubectl create namespace %s) or add --create-namespace"
                .formatted(ref.namespace(), cluster.describe(), ref.namespace()));
      }
      throw e;
    }
  }

  private String backup(Secret live, Backup backup, Secret[] ownBackup) {
    String version = live.getMetadata().getResourceVersion();
    if (backup instanceof Backup.ToDirectory toDirectory) {
      String stamp = Instant.now().toString().replace(":", "");
      var meta = live.getMetadata();
      Path file =
          toDirectory
              .directory()
              .resolve(
                  "%s.%s.rv%s.%s.backup.yaml"
                      .formatted(meta.getNamespace(), meta.getName(), version, stamp));
      try {
        Files.createDirectories(toDirectory.directory());
        if (!SecureFiles.writeIfAbsent(
            file, Serialization.asYaml(live).getBytes(StandardCharsets.UTF_8))) {
          throw new UncheckedIOException(
              new FileAlreadyExistsException(file + " already exists; nothing was changed"));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot write the backup " + file + " (" + e.getMessage() + "); nothing was changed",
            e);
      }
      return file.toString();
    }
    Backup.ToSecret toSecret = (Backup.ToSecret) backup;
    SecretRef ref = new SecretRef(live.getMetadata().getNamespace(), toSecret.name());
    Secret copy =
        new SecretBuilder()
            .withNewMetadata()
            .withNamespace(ref.namespace())
            .withName(ref.name())
            .addToAnnotations(BACKUP_OF_ANNOTATION, live.getMetadata().getName())
            .addToAnnotations(BACKUP_RESOURCE_VERSION_ANNOTATION, version)
            .endMetadata()
            .withType(live.getType())
            .withData(live.getData())
            .build();
    if (ownBackup[0] != null) {
      // Our first backup holds a version that turned out stale: make it hold the version we now
      // replace.
      copy.getMetadata().setResourceVersion(ownBackup[0].getMetadata().getResourceVersion());
      ownBackup[0] = Secrets.update(cluster, copy);
      return ref.toString();
    }
    try {
      ownBackup[0] = Secrets.create(cluster, copy);
    } catch (ClusterException e) {
      if (e.kind() == ClusterException.Kind.CONFLICT) {
        throw new BackupExists(
            e.withMessage(
                "the backup Secret %s already exists; choose another --backup-secret name (an existing backup is never overwritten); nothing was changed"
                    .formatted(ref)));
      }
      throw e;
    }
    return ref.toString();
  }
}
