package dev.sessionkeys.sops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code sops:} block, as far as sessionkeys reads and writes it: age recipients, {@code
 * lastmodified}, the encrypted MAC, the one encryption rule, {@code mac_only_encrypted} and {@code
 * version}. Other key types (pgp, kms, ...) are ignored when reading and never written.
 */
record SopsMetadata(
    List<AgeEntry> age,
    String lastModified,
    String mac,
    EncryptionRule rule,
    boolean macOnlyEncrypted,
    String version) {

  static final String KEY = "sops";

  /**
   * What sessionkeys writes: the lowest sops line with {@code mac_only_encrypted}; age needs 3.7.
   * Quoted on output.
   */
  static final String WRITER_VERSION = "3.9.4";

  /** One age recipient and the armored age file holding the data key for it. */
  record AgeEntry(String recipient, String enc) {}

  SopsMetadata {
    age = List.copyOf(age);
  }

  /**
   * {@code blang/semver.Make} after sops strips a leading {@code v}: X.Y.Z, no leading zeros,
   * optional pre/build.
   */
  private static final Pattern SEMVER =
      Pattern.compile(
          "^v?(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$");

  /** RFC 3339 as Go's {@code time.Parse(time.RFC3339, ...)} takes it. */
  private static final Pattern RFC3339 =
      Pattern.compile(
          "^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$");

  private static final List<String> OTHER_KEY_TYPES =
      List.of("pgp", "kms", "gcp_kms", "azure_kv", "hc_vault", "hckms", "key_groups");

  /**
   * Reads the block. {@code source} names the file in messages.
   *
   * @throws SopsException NOT_A_SOPS_FILE or UNSUPPORTED_VERSION
   */
  static SopsMetadata parse(SopsNode node, String source) {
    if (!(node instanceof SopsNode.Mapping block)) {
      throw notSops(source, "its top-level 'sops' entry is not a mapping");
    }
    String version = optionalString(block, "version", source).orElse("");
    if (!SEMVER.matcher(version).matches()) {
      throw new SopsException(
          SopsException.Reason.UNSUPPORTED_VERSION,
          source
              + ": sops.version '"
              + version
              + "' is not a version 'X.Y.Z'; the sops CLI refuses such"
              + " files (set it to a quoted release such as \""
              + WRITER_VERSION
              + "\", or re-encrypt)");
    }
    int major = Integer.parseInt(version.replaceFirst("^v", "").split("\\.")[0]);
    if (major != 3) {
      throw new SopsException(
          SopsException.Reason.UNSUPPORTED_VERSION,
          source
              + ": sops.version "
              + version
              + " is not a sops 3 file, the only format sessionkeys reads");
    }
    if (block.get("shamir_threshold").isPresent() || block.get("key_groups").isPresent()) {
      throw notSops(
          source,
          "it uses sops key groups (Shamir), which sessionkeys does not read;"
              + " decrypt it with sops");
    }

    String lastModified =
        optionalString(block, "lastmodified", source)
            .orElseThrow(() -> notSops(source, "sops.lastmodified is missing"));
    if (!RFC3339.matcher(lastModified).matches()) {
      throw notSops(source, "sops.lastmodified '" + lastModified + "' is not an RFC 3339 time");
    }
    String mac = optionalString(block, "mac", source).orElse("");

    List<EncryptionRule> rules = new ArrayList<>();
    for (EncryptionRule.Kind kind : EncryptionRule.Kind.values()) {
      optionalString(block, kind.metadataKey(), source)
          .filter(s -> !s.isEmpty())
          .ifPresent(v -> rules.add(new EncryptionRule(kind, v)));
    }
    for (String commentRule : List.of("encrypted_comment_regex", "unencrypted_comment_regex")) {
      if (optionalString(block, commentRule, source).filter(s -> !s.isEmpty()).isPresent()) {
        throw notSops(
            source,
            "it uses sops."
                + commentRule
                + ", which sessionkeys does not support;"
                + " decrypt it with sops");
      }
    }
    if (rules.size() > 1) {
      throw notSops(
          source,
          "it sets more than one of encrypted_suffix, unencrypted_suffix, encrypted_regex,"
              + " unencrypted_regex; sops allows only one");
    }
    EncryptionRule rule = rules.isEmpty() ? EncryptionRule.defaults() : rules.get(0);

    SopsNode macOnly = block.get("mac_only_encrypted").orElse(SopsNode.Scalar.ofNull());
    if (!(macOnly instanceof SopsNode.Scalar flag
        && (flag.isNull() || flag.value() instanceof Boolean))) {
      throw notSops(source, "sops.mac_only_encrypted must be true or false");
    }

    List<AgeEntry> age = new ArrayList<>();
    SopsNode ageNode = block.get("age").orElse(SopsNode.Scalar.ofNull());
    if (!(ageNode instanceof SopsNode.Scalar s && s.isNull())) {
      if (!(ageNode instanceof SopsNode.Sequence list)) {
        throw notSops(source, "sops.age must be a list of {recipient, enc}");
      }
      for (SopsNode item : list.values()) {
        if (!(item instanceof SopsNode.Mapping entry)) {
          throw notSops(source, "sops.age must be a list of {recipient, enc}");
        }
        String recipient = optionalString(entry, "recipient", source).orElse("");
        String enc =
            optionalString(entry, "enc", source)
                .orElseThrow(() -> notSops(source, "an entry of sops.age has no 'enc'"));
        age.add(new AgeEntry(recipient, enc));
      }
    }
    if (age.isEmpty()) {
      boolean others =
          OTHER_KEY_TYPES.stream()
              .anyMatch(
                  k ->
                      block
                          .get(k)
                          .filter(n -> n instanceof SopsNode.Sequence s && !s.items().isEmpty())
                          .isPresent());
      throw notSops(
          source,
          others
              ? "it has no age recipient (only pgp/kms/vault keys), and sessionkeys reads age only;"
                  + " add an age recipient with 'sops updatekeys'"
              : "sops lists no keys at all; the data key cannot be recovered");
    }
    return new SopsMetadata(
        age, lastModified, mac, rule, Boolean.TRUE.equals(flag.value()), version);
  }

  private static Optional<String> optionalString(
      SopsNode.Mapping block, String key, String source) {
    return block.string(key, () -> notSops(source, "sops." + key + " must be a string (quote it)"));
  }

  private static SopsException notSops(String source, String why) {
    return new SopsException(
        SopsException.Reason.NOT_A_SOPS_FILE,
        source + " is not a SOPS file sessionkeys can read: " + why);
  }

  /**
   * {@code lastmodified} as sops uses it for the MAC's additional data: parsed and re-formatted by
   * Go's RFC 3339, which drops fractional seconds and writes a zero offset as {@code Z}.
   */
  String macAad() {
    Matcher m = RFC3339.matcher(lastModified);
    if (!m.matches()) {
      throw new IllegalStateException("checked in parse");
    }
    String zone = m.group(3);
    if (zone.equals("+00:00") || zone.equals("-00:00")) {
      zone = "Z";
    }
    return m.group(1) + zone;
  }

  /** The block as sops writes it: keys in alphabetical order, empty ones left out. */
  SopsNode.Mapping toNode() {
    List<SopsNode> ageItems = new ArrayList<>();
    for (AgeEntry entry : age) {
      ageItems.add(
          new SopsNode.Mapping(
              List.of(
                  new SopsNode.Entry("recipient", SopsNode.Scalar.of(entry.recipient())),
                  new SopsNode.Entry("enc", SopsNode.Scalar.of(entry.enc())))));
    }
    Map<String, SopsNode> block = new TreeMap<>();
    block.put("age", new SopsNode.Sequence(ageItems));
    block.put(rule.kind().metadataKey(), SopsNode.Scalar.of(rule.value()));
    block.put("lastmodified", SopsNode.Scalar.of(lastModified));
    block.put("mac", SopsNode.Scalar.of(mac));
    if (macOnlyEncrypted) {
      block.put("mac_only_encrypted", new SopsNode.Scalar(Boolean.TRUE));
    }
    block.put("version", SopsNode.Scalar.of(version));
    List<SopsNode.Item> items = new ArrayList<>();
    for (Map.Entry<String, SopsNode> entry : block.entrySet()) {
      items.add(new SopsNode.Entry(entry.getKey(), entry.getValue()));
    }
    return new SopsNode.Mapping(items);
  }
}
