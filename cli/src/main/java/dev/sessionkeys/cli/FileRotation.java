package dev.sessionkeys.cli;

import dev.sessionkeys.core.SecretValue;
import dev.sessionkeys.core.rotation.PhasePlan;
import dev.sessionkeys.core.rotation.Rotation;
import dev.sessionkeys.core.rotation.RotationState;
import dev.sessionkeys.core.validate.SecretDocument;
import dev.sessionkeys.manifest.ManifestException;
import dev.sessionkeys.manifest.SecretManifests;
import dev.sessionkeys.manifest.SecureFiles;
import dev.sessionkeys.sops.Sops;
import dev.sessionkeys.sops.SopsFormat;
import dev.sessionkeys.sops.SopsNode;
import dev.sessionkeys.sops.SopsRewrite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One rotation phase on a Secret manifest file, for teams whose cluster state comes from Git: the
 * phase is planned by core exactly as on a cluster, and the file is rewritten in place (temp file,
 * mode 0600, rename) so the change goes through a pull request.
 *
 * <p>A plain manifest is read and written through the sops module's YAML/JSON store, which keeps
 * key order and comments but writes its own indentation and quoting. A SOPS-encrypted file is
 * changed with {@link SopsRewrite}: same data key and recipients, unchanged values keep their
 * ciphertext, only the changed values, the {@code sessionkeys.dev/} annotations and the MAC differ;
 * the plaintext exists in memory only.
 */
final class FileRotation {

  /** Above this the manifest reader refuses the file anyway. */
  private static final long MAX_BYTES = 1024 * 1024;

  private FileRotation() {}

  /**
   * What happened.
   *
   * @param plan the phase planned
   * @param encrypted whether the file is a SOPS file
   * @param written whether the file was rewritten (false in a dry run or when nothing changed)
   */
  record Outcome(PhasePlan plan, boolean encrypted, boolean written) {}

  /**
   * Plans one phase on {@code file} and, unless {@code dryRun}, rewrites the file.
   *
   * @param planner plans the phase from the file's state; it throws to refuse (the file is
   *     untouched)
   * @param identity the {@code -i FILE}, or null for the sops search
   */
  static Outcome rotate(
      Path file, Function<RotationState, PhasePlan> planner, boolean dryRun, Path identity) {
    String text = read(file);
    SopsFormat format = SopsFormat.forPath(file);
    boolean encrypted = Sops.isSopsFile(text, format);
    // Carries the plan out of the edit, which runs inside the SOPS rewrite.
    AtomicReference<PhasePlan> planned = new AtomicReference<>();
    UnaryOperator<SopsNode.Mapping> edit =
        tree -> {
          RotationState before = state(document(file, format, tree));
          planned.set(planner.apply(before));
          return withState(tree, before, planned.get().after());
        };
    String rewritten =
        encrypted
            ? SopsRewrite.rewrite(
                text,
                file.toString(),
                format,
                EncryptedFiles.identities(identity),
                edit,
                Clock.systemUTC())
            : format.format(edit.apply(format.parse(text, file.toString())));
    PhasePlan plan = planned.get();
    if (dryRun || plan.isEmpty()) {
      return new Outcome(plan, encrypted, false);
    }
    try {
      SecureFiles.writeAtomically(
          file.toAbsolutePath(), rewritten.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw CliException.io(
          "cannot write "
              + file
              + ": "
              + e.getMessage()
              + "; the file was not changed (check the folder is writable)",
          e);
    }
    return new Outcome(plan, encrypted, true);
  }

  private static String read(Path file) {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw CliException.input(file + " is larger than 1 MiB; a Secret manifest never is");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw CliException.input(file + " does not exist (check the path)");
    } catch (IOException e) {
      throw CliException.io("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The Secret as the manifest reader sees it: one Secret, bounded, with lines for messages. */
  private static SecretDocument document(Path file, SopsFormat format, SopsNode.Mapping tree) {
    try {
      SecretDocument document =
          SecretManifests.parseOne(
              file.toString(), format.format(tree).getBytes(StandardCharsets.UTF_8));
      if (!"Secret".equals(document.kind())) {
        throw CliException.input(
            file + ": kind is " + document.kind() + ", not Secret; rotate works on a Secret");
      }
      return document;
    } catch (ManifestException e) {
      throw CliException.input(e.getMessage());
    }
  }

  /** The values (data decoded, stringData winning as on the server) and the annotations. */
  static RotationState state(SecretDocument document) {
    Map<String, SecretValue> values = new LinkedHashMap<>();
    CookieKeyOptions.effectiveValues(document)
        .forEach(
            (key, text) ->
                values.put(
                    key,
                    SecretValue.of(
                        document.stringData().containsKey(key)
                            ? text
                            // effectiveValues keeps decoded bytes one char each; values are UTF-8.
                            : new String(
                                text.getBytes(StandardCharsets.ISO_8859_1),
                                StandardCharsets.UTF_8))));
    return new RotationState(values, document.annotations());
  }

  /**
   * The tree with the values and {@value Rotation#PREFIX} annotations of {@code after}: unchanged
   * entries stay as they are, a changed value stays where it was ({@code data} or {@code
   * stringData}), a new key goes under {@code data} right after the key it belongs to.
   */
  static SopsNode.Mapping withState(
      SopsNode.Mapping tree, RotationState before, RotationState after) {
    Map<String, SecretValue> values = after.values();
    List<String> placed = new ArrayList<>();
    for (String section : List.of("data", "stringData")) {
      tree.get(section)
          .filter(SopsNode.Mapping.class::isInstance)
          .ifPresent(
              node ->
                  ((SopsNode.Mapping) node).entries().forEach(entry -> placed.add(entry.key())));
    }
    List<SopsNode.Item> items = new ArrayList<>();
    for (SopsNode.Item item : tree.items()) {
      items.add(
          item instanceof SopsNode.Entry e && e.value() instanceof SopsNode.Mapping m
              ? switch (e.key()) {
                case "data" -> new SopsNode.Entry("data", section(m, true, before, values, placed));
                case "stringData" ->
                    new SopsNode.Entry("stringData", section(m, false, before, values, List.of()));
                case "metadata" -> new SopsNode.Entry("metadata", annotated(m, after));
                default -> item;
              }
              : item);
    }
    if (tree.get("data").filter(SopsNode.Mapping.class::isInstance).isEmpty()) {
      SopsNode.Mapping data =
          section(new SopsNode.Mapping(List.of()), true, before, values, placed);
      if (!data.items().isEmpty()) {
        items.add(new SopsNode.Entry("data", data));
      }
    }
    return new SopsNode.Mapping(items);
  }

  private static SopsNode.Mapping section(
      SopsNode.Mapping section,
      boolean base64,
      RotationState before,
      Map<String, SecretValue> values,
      List<String> placed) {
    List<SopsNode.Item> items = new ArrayList<>();
    for (SopsNode.Item item : section.items()) {
      if (!(item instanceof SopsNode.Entry e)) {
        items.add(item);
        continue;
      }
      SecretValue now = values.get(e.key());
      if (now != null) {
        boolean unchanged = now.equals(before.values().get(e.key()));
        items.add(unchanged ? item : new SopsNode.Entry(e.key(), scalar(now, base64)));
      }
      if (base64) {
        // New keys (a _NEXT, a _PREVIOUS) go right after the key they belong to.
        for (String key : values.keySet()) {
          if (!placed.contains(key) && key.startsWith(e.key() + "_")) {
            items.add(new SopsNode.Entry(key, scalar(values.get(key), true)));
            placed.add(key);
          }
        }
      }
    }
    if (base64) {
      for (Map.Entry<String, SecretValue> value : values.entrySet()) {
        if (!placed.contains(value.getKey())) {
          items.add(new SopsNode.Entry(value.getKey(), scalar(value.getValue(), true)));
          placed.add(value.getKey());
        }
      }
    }
    return new SopsNode.Mapping(items);
  }

  private static SopsNode.Scalar scalar(SecretValue value, boolean base64) {
    return SopsNode.Scalar.of(
        base64 ? Base64.getEncoder().encodeToString(value.revealBytes()) : value.reveal());
  }

  /** {@code metadata} with its {@value Rotation#PREFIX} annotations set to those of the state. */
  private static SopsNode.Mapping annotated(SopsNode.Mapping metadata, RotationState after) {
    Map<String, String> ours = new LinkedHashMap<>(after.annotations());
    ours.keySet().removeIf(key -> !key.startsWith(Rotation.PREFIX));
    List<SopsNode.Item> items = new ArrayList<>();
    boolean found = false;
    for (SopsNode.Item item : metadata.items()) {
      if (item instanceof SopsNode.Entry e
          && e.key().equals("annotations")
          && e.value() instanceof SopsNode.Mapping annotations) {
        found = true;
        items.add(new SopsNode.Entry("annotations", merged(annotations, ours)));
      } else {
        items.add(item);
      }
    }
    if (!found && !ours.isEmpty()) {
      items.add(new SopsNode.Entry("annotations", merged(new SopsNode.Mapping(List.of()), ours)));
    }
    return new SopsNode.Mapping(items);
  }

  private static SopsNode.Mapping merged(SopsNode.Mapping annotations, Map<String, String> ours) {
    List<SopsNode.Item> items = new ArrayList<>();
    Map<String, String> left = new LinkedHashMap<>(ours);
    for (SopsNode.Item item : annotations.items()) {
      if (item instanceof SopsNode.Entry e && e.key().startsWith(Rotation.PREFIX)) {
        String value = left.remove(e.key());
        if (value != null) {
          boolean same = e.value() instanceof SopsNode.Scalar s && value.equals(s.value());
          items.add(same ? item : new SopsNode.Entry(e.key(), SopsNode.Scalar.of(value)));
        }
      } else {
        items.add(item);
      }
    }
    left.forEach((key, value) -> items.add(new SopsNode.Entry(key, SopsNode.Scalar.of(value))));
    return new SopsNode.Mapping(items);
  }
}
