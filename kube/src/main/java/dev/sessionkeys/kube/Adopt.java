package dev.sessionkeys.kube;

import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.validate.ValidationReport;
import dev.sessionkeys.manifest.ManifestWriter;
import dev.sessionkeys.manifest.SecureFiles;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Takes a Secret that Helm generated (an install with {@code autogenerateKeys: true}) away from
 * Helm without changing a single value: writes its keys to {@code secrets.yaml} (0600) and a values
 * file with {@code autogenerateKeys: false}, then removes Helm's ownership marks from the live
 * Secret and adds {@code helm.sh/resource-policy: keep}, so that the next {@code helm upgrade}
 * neither deletes nor regenerates anything. The files are written before the cluster is touched, so
 * a failing update still leaves the keys saved. Running it again changes nothing.
 *
 * <p>Fails with {@link FileConflictException} (nothing written, nothing changed) when a file exists
 * with other content, or a value is not text.
 */
public final class Adopt {

  /** The manifest written: the keys, as {@code kubectl apply -f} takes them. */
  public static final String SECRETS_FILE = "secrets.yaml";

  /**
   * The values file written, for {@code helm upgrade -f}; separate from the user's own values.yaml.
   */
  public static final String VALUES_FILE = "values-sessionkeys.yaml";

  /**
   * What adoption does or did.
   *
   * @param report the validation of the Secret as adoption leaves it (values are kept whatever it
   *     says)
   * @param removedLabels Helm labels removed
   * @param removedAnnotations Helm annotations removed
   * @param keepAdded whether {@code helm.sh/resource-policy: keep} is added
   * @param secretUpdated whether the live Secret was updated (false when already adopted, or in a
   *     dry run)
   * @param filesWritten the files written (empty in a dry run or when they already held exactly
   *     this)
   * @param files the files adoption writes
   * @param lastAppliedScrubbed whether kubectl's last-applied copy of the values is removed
   */
  public record Result(
      ValidationReport report,
      List<String> removedLabels,
      List<String> removedAnnotations,
      boolean keepAdded,
      boolean secretUpdated,
      List<Path> filesWritten,
      List<Path> files,
      boolean lastAppliedScrubbed) {
    public Result {
      removedLabels = List.copyOf(removedLabels);
      removedAnnotations = List.copyOf(removedAnnotations);
      filesWritten = List.copyOf(filesWritten);
      files = List.copyOf(files);
    }

    /** Whether there was nothing left to do. */
    public boolean alreadyAdopted() {
      return removedLabels.isEmpty()
          && removedAnnotations.isEmpty()
          && !keepAdded
          && !lastAppliedScrubbed;
    }
  }

  /**
   * The annotation by which a Secret invites the operator: its value names the one SessionKeySet
   * (in the Secret's namespace) that may take it over. Without it the operator never changes a
   * Secret it did not create.
   */
  public static final String INVITE_ANNOTATION = "sessionkeys.dev/adopt";

  /**
   * How the keys are saved: the plain manifest ({@link #PLAIN}, the default), or a form of it that
   * the caller provides, e.g. a SOPS file encrypted in memory so that the plain keys never touch
   * disk.
   */
  public interface SecretsFileFormat {
    /**
     * The file name in the output folder: {@value Adopt#SECRETS_FILE} unless the format names
     * another.
     */
    default String fileName() {
      return SECRETS_FILE;
    }

    /** The file's content for {@code manifest} (the plain Secret manifest). */
    String render(String manifest);

    /**
     * Whether {@code existing}, the content of the file already there, holds exactly {@code
     * manifest}; a format whose rendering differs each time (encryption) must say it otherwise.
     */
    default boolean holds(String existing, String manifest) {
      return existing.equals(render(manifest));
    }
  }

  /** The plain manifest in {@value #SECRETS_FILE}, mode 0600. */
  public static final SecretsFileFormat PLAIN = manifest -> manifest;

  /** A file exists with other content: adoption refuses rather than overwrite it. */
  public static final class FileConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FileConflictException(String message) {
      super(message);
    }
  }

  private final KubeCluster cluster;
  private final Profile profile;

  public Adopt(KubeCluster cluster, Profile profile) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  /**
   * Adopts the Secret {@code ref}, writing the files into {@code outDir}, the keys in {@code
   * format}.
   *
   * @throws ClusterException when the cluster fails (the files may already be written; the Secret
   *     is unchanged)
   * @throws FileConflictException when a file exists with other content (nothing written, nothing
   *     changed)
   */
  public Result adopt(
      SecretRef ref, Path outDir, boolean dryRun, Instant now, SecretsFileFormat format) {
    Set<Path> writtenByUs = new HashSet<>();
    return SafeWrite.run(
        SafeWrite.DEFAULT_ATTEMPTS,
        attempt -> adoptOnce(ref, outDir, dryRun, now, format, writtenByUs),
        SafeWrite.keptChanging(ref, "adopted it", cluster, "it is unchanged: run adopt again"));
  }

  /** One read → decide → write; a conflict propagates so that {@link SafeWrite} runs it again. */
  private Result adoptOnce(
      SecretRef ref,
      Path outDir,
      boolean dryRun,
      Instant now,
      SecretsFileFormat format,
      Set<Path> writtenByUs) {
    Secret live = Secrets.require(cluster, ref);
    Map<String, String> labels = copy(live.getMetadata().getLabels());
    Map<String, String> annotations = copy(live.getMetadata().getAnnotations());
    List<String> removedLabels =
        labels.remove(HelmOwnership.MANAGED_BY_LABEL, HelmOwnership.MANAGED_BY_HELM)
            ? List.of(HelmOwnership.MANAGED_BY_LABEL)
            : List.of();
    List<String> removedAnnotations =
        Stream.of(HelmOwnership.RELEASE_NAME_ANNOTATION, HelmOwnership.RELEASE_NAMESPACE_ANNOTATION)
            .filter(annotations::containsKey)
            .toList();
    annotations.keySet().removeAll(removedAnnotations);
    boolean keepAdded =
        !HelmOwnership.KEEP.equals(
            annotations.put(HelmOwnership.RESOURCE_POLICY_ANNOTATION, HelmOwnership.KEEP));
    Map<String, String> scrubbed = LastApplied.scrubbed(annotations);
    boolean lastAppliedScrubbed = !scrubbed.equals(annotations);
    Secret updated =
        new SecretBuilder(live)
            .editMetadata()
            .withLabels(labels.isEmpty() ? null : labels)
            .withAnnotations(scrubbed)
            .endMetadata()
            .build();
    // Judged as it will be once adopted: the ownership findings adoption resolves are not
    // reported.
    ValidationReport report = LiveCheck.judge(profile, updated, now);

    Path secretsFile = outDir.resolve(format.fileName());
    Path valuesFile = outDir.resolve(VALUES_FILE);
    String secretsText = secretsManifest(live);
    String valuesText = new String(ManifestWriter.values(ref.name()), StandardCharsets.UTF_8);
    // Both files are checked before either is written: a conflict leaves nothing written.
    boolean secretsDue = isDue(secretsFile, secretsText, format, writtenByUs);
    boolean valuesDue = isDue(valuesFile, valuesText, PLAIN, writtenByUs);
    List<Path> written = new ArrayList<>();
    if (!dryRun && secretsDue) {
      write(outDir, secretsFile, format.render(secretsText), ref);
      written.add(secretsFile);
    }
    if (!dryRun && valuesDue) {
      write(outDir, valuesFile, valuesText, ref);
      written.add(valuesFile);
    }
    writtenByUs.addAll(written);
    boolean update =
        !dryRun
            && (!removedLabels.isEmpty()
                || !removedAnnotations.isEmpty()
                || keepAdded
                || lastAppliedScrubbed);
    if (update) {
      try {
        Secrets.update(cluster, updated);
      } catch (ClusterException e) {
        String saved = " (its keys are saved in " + secretsFile + "): run adopt again";
        throw SafeWrite.explained(
            e,
            "the Secret " + ref + " may or may not have been updated" + saved,
            "the Secret " + ref + " is unchanged" + saved);
      }
    }
    return new Result(
        report,
        removedLabels,
        removedAnnotations,
        keepAdded,
        update,
        written,
        List.of(secretsFile, valuesFile),
        lastAppliedScrubbed);
  }

  /**
   * The Secret as a manifest holding every value as it is, without Helm's marks or server fields. A
   * value that is not text (binary data of another app) cannot be written back byte for byte, so it
   * is refused rather than altered.
   */
  static String secretsManifest(Secret live) {
    Map<String, String> data = live.getData() == null ? Map.of() : live.getData();
    KeySet keys = SecretMapping.toKeySet(live);
    for (Map.Entry<String, String> entry : data.entrySet()) {
      String original = entry.getValue().replace("\r", "").replace("\n", "");
      String rewritten = SecretMapping.encode(keys.get(entry.getKey()).orElseThrow());
      if (!original.equals(rewritten)) {
        throw new FileConflictException(
            "%s in %s is not text, so it cannot be saved to %s unchanged; nothing was written or changed"
                .formatted(entry.getKey(), SecretMapping.describe(live), SECRETS_FILE));
      }
    }
    return new String(
        ManifestWriter.secret(
            live.getMetadata().getName(), live.getMetadata().getNamespace(), keys),
        StandardCharsets.UTF_8);
  }

  /**
   * Whether {@code file} must be written to hold {@code text}; refuses when it holds other content
   * that this adoption did not write.
   */
  private static boolean isDue(
      Path file, String text, SecretsFileFormat format, Set<Path> writtenByUs) {
    if (!Files.exists(file)) {
      return true;
    }
    String existing;
    try {
      existing = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (format.holds(existing, text)) {
      return false;
    }
    if (!writtenByUs.contains(file)) {
      throw new FileConflictException(
          file
              + " already exists with other content; nothing was written or changed:"
              + " move it away or choose another --out directory");
    }
    return true;
  }

  private static void write(Path outDir, Path file, String text, SecretRef ref) {
    try {
      Files.createDirectories(outDir);
      SecureFiles.writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write " + file + " (" + e.getMessage() + "); the Secret " + ref + " is unchanged",
          e);
    }
  }

  private static Map<String, String> copy(Map<String, String> map) {
    return map == null ? new LinkedHashMap<>() : new LinkedHashMap<>(map);
  }
}
