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
import java.util.function.Function;

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
   * @param invitedSet the SessionKeySet now invited to manage the Secret ({@link
   *     #INVITE_ANNOTATION} added or changed), or {@code null}
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
      String invitedSet,
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
          && invitedSet == null
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
   * How to adopt; start from {@link #defaults()}.
   *
   * @param dryRun decide and report, write nothing
   * @param format how the keys are saved
   * @param inviteSet the SessionKeySet to invite ({@link #INVITE_ANNOTATION}), or {@code null}
   */
  public record Options(boolean dryRun, SecretsFileFormat format, String inviteSet) {
    public Options {
      Objects.requireNonNull(format, "format");
      if (inviteSet != null && !dev.sessionkeys.core.Profile.isValidSecretName(inviteSet)) {
        throw new IllegalArgumentException("'" + inviteSet + "' is not a valid SessionKeySet name");
      }
    }

    /** Writes the files and the Secret, plain manifest, no invitation. */
    public static Options defaults() {
      return new Options(false, PLAIN, null);
    }

    public Options withDryRun(boolean dryRun) {
      return new Options(dryRun, format, inviteSet);
    }

    public Options withFormat(SecretsFileFormat format) {
      return new Options(dryRun, format, inviteSet);
    }

    /** Also invites the SessionKeySet {@code set} to manage the Secret from now on. */
    public Options invitingSet(String set) {
      return new Options(dryRun, format, set);
    }
  }

  /**
   * How the keys are saved: the plain manifest ({@link #PLAIN}, the default), or a form of it that
   * the caller provides, e.g. a SOPS file encrypted in memory so that the plain keys never touch
   * disk.
   */
  public interface SecretsFileFormat {
    /** The file name in the output folder, e.g. {@code secrets.yaml}. */
    String fileName();

    /** The file's content for {@code manifest} (the plain Secret manifest). */
    String render(String manifest);

    /**
     * Whether {@code existing}, the content of the file already there, holds exactly {@code
     * manifest}.
     */
    boolean holds(String existing, String manifest);
  }

  /** The plain manifest in {@value #SECRETS_FILE}, mode 0600. */
  public static final SecretsFileFormat PLAIN =
      new SecretsFileFormat() {
        @Override
        public String fileName() {
          return SECRETS_FILE;
        }

        @Override
        public String render(String manifest) {
          return manifest;
        }

        @Override
        public boolean holds(String existing, String manifest) {
          return existing.equals(manifest);
        }
      };

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
   * Adopts the Secret {@code ref}, writing the files into {@code outDir}.
   *
   * @throws ClusterException when the cluster fails (the files may already be written; the Secret
   *     is unchanged)
   * @throws FileConflictException when a file exists with other content (nothing written, nothing
   *     changed)
   */
  public Result adopt(SecretRef ref, Path outDir, boolean dryRun, Instant now) {
    return adopt(ref, outDir, now, Options.defaults().withDryRun(dryRun));
  }

  /** As {@link #adopt(SecretRef, Path, boolean, Instant)}, saving the keys in {@code format}. */
  public Result adopt(
      SecretRef ref, Path outDir, boolean dryRun, Instant now, SecretsFileFormat format) {
    return adopt(ref, outDir, now, Options.defaults().withDryRun(dryRun).withFormat(format));
  }

  /** Adopts the Secret {@code ref} as {@code options} say, writing the files into outDir. */
  public Result adopt(SecretRef ref, Path outDir, Instant now, Options options) {
    Set<Path> writtenByUs = new HashSet<>();
    return SafeWrite.run(
        SafeWrite.DEFAULT_ATTEMPTS,
        attempt -> adoptOnce(ref, outDir, now, options, writtenByUs),
        SafeWrite.keptChanging(ref, "adopted it", cluster, "it is unchanged: run adopt again"));
  }

  /** One read → decide → write; a conflict propagates so that {@link SafeWrite} runs it again. */
  private Result adoptOnce(
      SecretRef ref, Path outDir, Instant now, Options options, Set<Path> writtenByUs) {
    SecretsFileFormat format = options.format();
    boolean dryRun = options.dryRun();
    Path secretsFile = outDir.resolve(format.fileName());
    Path valuesFile = outDir.resolve(VALUES_FILE);
    Secret live = Secrets.require(cluster, ref);
    Map<String, String> labels = copy(live.getMetadata().getLabels());
    Map<String, String> annotations = copy(live.getMetadata().getAnnotations());
    List<String> removedLabels = new ArrayList<>();
    if (HelmOwnership.MANAGED_BY_HELM.equals(labels.get(HelmOwnership.MANAGED_BY_LABEL))) {
      labels.remove(HelmOwnership.MANAGED_BY_LABEL);
      removedLabels.add(HelmOwnership.MANAGED_BY_LABEL);
    }
    List<String> removedAnnotations = new ArrayList<>();
    for (String key :
        List.of(
            HelmOwnership.RELEASE_NAME_ANNOTATION, HelmOwnership.RELEASE_NAMESPACE_ANNOTATION)) {
      if (annotations.remove(key) != null) {
        removedAnnotations.add(key);
      }
    }
    boolean keepAdded = !HelmOwnership.isKept(annotations);
    annotations.put(HelmOwnership.RESOURCE_POLICY_ANNOTATION, HelmOwnership.KEEP);
    String invited =
        options.inviteSet() == null
                || options.inviteSet().equals(annotations.get(INVITE_ANNOTATION))
            ? null
            : options.inviteSet();
    if (invited != null) {
      annotations.put(INVITE_ANNOTATION, invited);
    }
    Map<String, String> scrubbed = LastApplied.scrubbed(annotations);
    boolean lastAppliedScrubbed = !scrubbed.equals(annotations);
    annotations = scrubbed;
    Secret updated =
        new SecretBuilder(live)
            .editMetadata()
            .withLabels(labels.isEmpty() ? null : labels)
            .withAnnotations(annotations)
            .endMetadata()
            .build();
    // Judged as it will be once adopted: the ownership findings adoption resolves are not
    // reported.
    ValidationReport report = LiveCheck.judge(profile, updated, now);

    String secretsText = secretsManifest(live);
    String valuesText = new String(ManifestWriter.values(ref.name()), StandardCharsets.UTF_8);
    List<Path> files = List.of(secretsFile, valuesFile);
    refuseIfOtherContent(secretsFile, secretsText, writtenByUs, format);
    refuseIfOtherContent(valuesFile, valuesText, writtenByUs, PLAIN);
    List<Path> written = new ArrayList<>();
    Map<Path, String> contents = new LinkedHashMap<>();
    if (!dryRun && !sameContent(secretsFile, secretsText, format)) {
      contents.put(secretsFile, format.render(secretsText));
    }
    if (!dryRun && !sameContent(valuesFile, valuesText, PLAIN)) {
      contents.put(valuesFile, valuesText);
    }
    for (Map.Entry<Path, String> file : contents.entrySet()) {
      try {
        Files.createDirectories(outDir);
        SecureFiles.writeAtomically(
            file.getKey(), file.getValue().getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot write "
                + file.getKey()
                + " ("
                + e.getMessage()
                + "); the Secret "
                + ref
                + " is unchanged",
            e);
      }
      writtenByUs.add(file.getKey());
      written.add(file.getKey());
    }
    Function<Boolean, Result> outcome =
        secretUpdated ->
            new Result(
                report,
                removedLabels,
                removedAnnotations,
                keepAdded,
                secretUpdated,
                written,
                files,
                invited,
                lastAppliedScrubbed);
    Result unchanged = outcome.apply(false);
    if (dryRun || unchanged.alreadyAdopted()) {
      return unchanged;
    }
    try {
      Secrets.update(cluster, updated);
      return outcome.apply(true);
    } catch (ClusterException e) {
      String saved = " (its keys are saved in " + secretsFile + "): run adopt again";
      throw SafeWrite.explained(
          e,
          "the Secret " + ref + " may or may not have been updated" + saved,
          "the Secret " + ref + " is unchanged" + saved);
    }
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
            entry.getKey()
                + " in "
                + SecretMapping.describe(live)
                + " is not text, so it"
                + " cannot be saved to "
                + SECRETS_FILE
                + " unchanged; nothing was written or changed");
      }
    }
    return new String(
        ManifestWriter.secret(
            live.getMetadata().getName(), live.getMetadata().getNamespace(), keys),
        StandardCharsets.UTF_8);
  }

  private static void refuseIfOtherContent(
      Path file, String text, Set<Path> writtenByUs, SecretsFileFormat format) {
    if (Files.exists(file) && !writtenByUs.contains(file) && !sameContent(file, text, format)) {
      throw new FileConflictException(
          file
              + " already exists with other content; nothing was written or changed:"
              + " move it away or choose another --out directory");
    }
  }

  private static boolean sameContent(Path file, String text, SecretsFileFormat format) {
    try {
      return Files.exists(file)
          && format.holds(Files.readString(file, StandardCharsets.UTF_8), text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, String> copy(Map<String, String> map) {
    return map == null ? new LinkedHashMap<>() : new LinkedHashMap<>(map);
  }
}
