package dev.sessionkeys.sops;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.sessionkeys.manifest.ManifestException;
import dev.sessionkeys.manifest.ParseLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code .sops.yaml}, found the way sops finds it: in the directory of the file being written,
 * then in each parent, but never above the Git work tree the file is in (a {@code .sops.yaml} in a
 * parent folder of the repository, e.g. a shared {@code /tmp} or home folder, is not the project's
 * and must not pick the recipients). Its first {@code creation_rules} entry whose {@code
 * path_regex} matches (searched, against the path relative to the config's directory; an entry
 * without one matches everything) gives the age recipients and the encryption rule.
 */
public final class SopsConfig {

  public static final String FILE_NAME = ".sops.yaml";

  /** What a matching creation rule says. */
  public record CreationRule(
      Path configFile,
      List<AgeRecipient> recipients,
      EncryptionRule rule,
      boolean macOnlyEncrypted) {
    public CreationRule {
      recipients = List.copyOf(recipients);
    }

    /** The rule as encryption options (recipients must be non-empty). */
    public EncryptOptions toOptions(java.time.Clock clock) {
      return new EncryptOptions(recipients, rule, macOnlyEncrypted, clock);
    }
  }

  private SopsConfig() {}

  /**
   * Key types sops can encrypt to besides age. sessionkeys writes age only: a rule that names any
   * of these is refused, since a file written for its age recipients alone would be readable by
   * fewer people than the rule says.
   */
  static final List<String> OTHER_KEY_TYPES =
      List.of(
          "pgp",
          "kms",
          "gcp_kms",
          "azure_keyvault",
          "hc_vault_transit_uri",
          "hckms",
          "key_groups",
          "shamir_threshold");

  /**
   * The nearest {@code .sops.yaml} at or above {@code file}'s directory, up to the root of the Git
   * work tree holding {@code file} (the folder with {@code .git}, a directory or, in worktrees and
   * submodules, a file); outside any work tree, up to the file system's root, as sops does.
   */
  public static Optional<Path> locate(Path file) {
    Path dir = file.toAbsolutePath().normalize().getParent();
    while (dir != null) {
      Path candidate = dir.resolve(FILE_NAME);
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
      if (Files.exists(dir.resolve(".git"))) {
        return Optional.empty();
      }
      dir = dir.getParent();
    }
    return Optional.empty();
  }

  /**
   * The creation rule for {@code file}, if a {@code .sops.yaml} exists above it.
   *
   * @throws SopsException INVALID_INPUT when the config is malformed or no rule matches (as sops
   *     refuses then)
   */
  public static Optional<CreationRule> find(Path file) {
    Optional<Path> config = locate(file);
    if (config.isEmpty()) {
      return Optional.empty();
    }
    String text;
    try {
      text = ParseLimits.DEFAULT.readString(config.get());
    } catch (ManifestException e) {
      throw SopsException.invalidInput(e.getMessage());
    } catch (IOException e) {
      throw new SopsException(
          SopsException.Reason.IO,
          "cannot read " + config.get() + ": " + e.getMessage() + " (check its permissions)",
          e);
    }
    return Optional.of(ruleFor(text, config.get(), file));
  }

  static CreationRule ruleFor(String configText, Path configFile, Path file) {
    String where = configFile.toString();
    SopsNode.Mapping root = SopsFormat.YAML.parse(configText, where);
    SopsNode rulesNode =
        root.get("creation_rules")
            .orElseThrow(() -> invalid(where, "has no 'creation_rules' list"));
    if (!(rulesNode instanceof SopsNode.Sequence rules)) {
      throw invalid(where, "'creation_rules' must be a list");
    }
    Path base = configFile.toAbsolutePath().normalize().getParent();
    Path absolute = file.toAbsolutePath().normalize();
    String relative =
        (absolute.startsWith(base) ? base.relativize(absolute) : absolute)
            .toString()
            .replace('\\', '/');
    int index = 0;
    for (SopsNode item : rules.values()) {
      String ruleWhere = where + " creation_rules[" + index++ + "]";
      if (!(item instanceof SopsNode.Mapping rule)) {
        throw invalid(ruleWhere, "must be a mapping");
      }
      Optional<String> pathRegex = string(rule, "path_regex", ruleWhere);
      if (pathRegex.isPresent() && !compile(pathRegex.get(), ruleWhere).matcher(relative).find()) {
        continue;
      }
      return toRule(rule, configFile, ruleWhere);
    }
    throw invalid(
        where,
        "has no creation rule matching '"
            + relative
            + "'; add one (with path_regex and age), or pass the recipients with --age");
  }

  private static CreationRule toRule(SopsNode.Mapping rule, Path configFile, String where) {
    List<String> others = new ArrayList<>();
    for (String type : OTHER_KEY_TYPES) {
      rule.get(type).filter(SopsConfig::isSet).ifPresent(n -> others.add(type));
    }
    if (!others.isEmpty()) {
      throw invalid(
          where,
          "names "
              + String.join(", ", others)
              + (rule.get("age").filter(SopsConfig::isSet).isPresent() ? " besides age" : "")
              + ", which sessionkeys cannot encrypt to (it writes age recipients only), so a file"
              + " written from this rule would be readable by fewer people than it says; encrypt"
              + " with sops, or pass the recipients with --age");
    }
    List<AgeRecipient> recipients = new ArrayList<>();
    SopsNode age = rule.get("age").orElse(SopsNode.Scalar.ofNull());
    if (age instanceof SopsNode.Scalar s && s.value() instanceof String text) {
      for (String part : text.split(",")) {
        if (!part.isBlank()) {
          recipients.add(AgeRecipient.parse(part));
        }
      }
    } else if (age instanceof SopsNode.Sequence list) {
      for (SopsNode item : list.values()) {
        if (!(item instanceof SopsNode.Scalar s && s.value() instanceof String text)) {
          throw invalid(where, "'age' must list age1... recipients");
        }
        recipients.add(AgeRecipient.parse(text));
      }
    } else if (!(age instanceof SopsNode.Scalar s && s.isNull())) {
      throw invalid(where, "'age' must be a comma-separated string of age1... recipients");
    }
    List<EncryptionRule> rules = new ArrayList<>();
    for (EncryptionRule.Kind kind : EncryptionRule.Kind.values()) {
      string(rule, kind.metadataKey(), where)
          .ifPresent(v -> rules.add(new EncryptionRule(kind, v)));
    }
    if (rules.size() > 1) {
      throw invalid(
          where,
          "sets more than one of encrypted_suffix, unencrypted_suffix, encrypted_regex,"
              + " unencrypted_regex; keep one");
    }
    return new CreationRule(
        configFile,
        recipients,
        rules.isEmpty() ? EncryptionRule.defaults() : rules.get(0),
        rule.get("mac_only_encrypted").orElse(null) instanceof SopsNode.Scalar s
            && Boolean.TRUE.equals(s.value()));
  }

  /** Whether a rule's entry says something: not null, not an empty string or list or mapping. */
  private static boolean isSet(SopsNode node) {
    if (node instanceof SopsNode.Scalar s) {
      return !s.isNull() && !"".equals(s.value());
    }
    // A collection (a comment is never a value): set when it holds more than comments.
    return node instanceof SopsNode.Mapping mapping
        ? !mapping.entries().isEmpty()
        : !((SopsNode.Sequence) node).values().isEmpty();
  }

  private static Optional<String> string(SopsNode.Mapping mapping, String key, String where) {
    return mapping.string(key, () -> invalid(where, "'" + key + "' must be a string"));
  }

  private static Pattern compile(String regex, String where) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw invalid(
          where,
          "path_regex '" + regex + "' is not a valid regular expression: " + e.getDescription());
    }
  }

  private static SopsException invalid(String where, String what) {
    return SopsException.invalidInput(where + " " + what);
  }
}
