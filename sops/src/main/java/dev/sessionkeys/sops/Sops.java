package dev.sessionkeys.sops;

import dev.sessionkeys.manifest.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * SOPS files with age recipients: the one entry point.
 *
 * <p>Encryption follows sops' pipeline: a random 32-byte data key; every value the rule selects
 * becomes {@code ENC[AES256_GCM,...]} bound to its key path; a SHA-512 over the values (the MAC) is
 * encrypted with {@code lastmodified} as AAD; the data key is age-encrypted to every recipient; the
 * {@code sops:} block is appended. Decryption does the reverse in memory, and only returns once
 * every value and the MAC have verified.
 */
public final class Sops {

  static final SecureRandom RANDOM = new SecureRandom();

  private Sops() {}

  // ------------------------------------------------------------------------------------------------ encrypt

  /** Encrypts a plaintext document read in {@code format}, written back in the same format. */
  public static String encrypt(
      String plaintext, String source, SopsFormat format, EncryptOptions options) {
    return encrypt(format.parse(plaintext, source), source, format, options);
  }

  /**
   * Encrypts a tree (e.g. a Secret built in memory, so that its plaintext never touches disk) to a
   * SOPS file in {@code format}.
   */
  static String encrypt(
      SopsNode.Mapping tree, String source, SopsFormat format, EncryptOptions options) {
    SopsNode.Mapping plaintext =
        format == SopsFormat.JSON ? JsonStore.asJsonTypes(tree, source) : tree;
    if (plaintext.get(SopsMetadata.KEY).isPresent()) {
      throw SopsException.invalidInput(
          source
              + " already has a top-level 'sops' key: it is encrypted already (decrypt it first), or that key"
              + " name is reserved by sops (rename it)");
    }
    try (DataKey dataKey = DataKey.random()) {
      ValueCipher cipher = dataKey.cipher();
      SopsCodec.Walked walked =
          SopsCodec.encrypt(plaintext, options.rule(), options.macOnlyEncrypted(), cipher);
      String lastModified = lastModified(options.clock());
      String mac = walked.encryptedMac(cipher, lastModified);

      List<SopsMetadata.AgeEntry> age = new ArrayList<>();
      for (AgeRecipient recipient : options.recipients()) {
        age.add(
            new SopsMetadata.AgeEntry(
                recipient.value(), AgeFiles.encryptArmored(dataKey.bytes(), recipient)));
      }
      SopsMetadata metadata =
          new SopsMetadata(
              age,
              lastModified,
              mac,
              options.rule(),
              options.macOnlyEncrypted(),
              SopsMetadata.WRITER_VERSION);

      List<SopsNode.Item> items = new ArrayList<>(walked.tree().items());
      items.add(new SopsNode.Entry(SopsMetadata.KEY, metadata.toNode()));
      return selfChecked(format.format(new SopsNode.Mapping(items)), format, plaintext, dataKey);
    }
  }

  /**
   * Seconds only and 'Z' (an {@link java.time.Instant}'s text at that precision): sops re-formats
   * lastmodified before using it as the MAC's AAD.
   */
  static String lastModified(Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /**
   * Reads our own output back with the data key still in hand: same values, MAC verifies. Guards
   * the YAML writer (quoting, typing) so that nothing we write reads back differently.
   */
  static String selfChecked(
      String text, SopsFormat format, SopsNode.Mapping plaintext, DataKey dataKey) {
    SopsNode.Mapping root = format.parse(text, "our output");
    SopsNode.Mapping opened = openTree(root, metadataOf(root, "our output"), dataKey, "our output");
    if (!SopsNode.toJava(opened).equals(SopsNode.toJava(plaintext))) {
      throw new IllegalStateException("the encrypted file does not read back to its plaintext");
    }
    return text;
  }

  // ------------------------------------------------------------------------------------------------ decrypt

  /**
   * True if the text is a document with a top-level {@code sops} mapping (it may still fail to
   * decrypt).
   */
  public static boolean isSopsFile(String text, SopsFormat format) {
    try {
      return format
          .parse(text, "input")
          .get(SopsMetadata.KEY)
          .filter(n -> n instanceof SopsNode.Mapping)
          .isPresent();
    } catch (SopsException e) {
      return false;
    }
  }

  /** The file's {@code sops} block, parsed; a file without one is not a SOPS file. */
  static SopsMetadata metadataOf(SopsNode.Mapping root, String source) {
    SopsNode block =
        root.get(SopsMetadata.KEY)
            .orElseThrow(
                () ->
                    new SopsException(
                        SopsException.Reason.NOT_A_SOPS_FILE,
                        source
                            + " has no 'sops' metadata: it is not a SOPS-encrypted file"
                            + " (encrypt it with 'sessionkeys encrypt', or pass the encrypted file)"));
    return SopsMetadata.parse(block, source);
  }

  /**
   * Decrypts a SOPS file in memory and verifies every value and the MAC.
   *
   * @param source the file name, for messages; {@code *.json} selects the JSON store
   * @param identities asked only once the file is known to be a SOPS file (e.g. {@code
   *     AgeKeys::findIdentities})
   * @throws SopsException with a user-facing message; nothing is returned or written on failure
   */
  public static SopsDocument decrypt(
      String encrypted, String source, Supplier<List<AgeIdentity>> identities) {
    return decrypt(encrypted, source, SopsFormat.forName(source), identities);
  }

  /**
   * As {@link #decrypt(String, String, Supplier)}, with the store given rather than taken from the
   * name.
   */
  public static SopsDocument decrypt(
      String encrypted, String source, SopsFormat format, Supplier<List<AgeIdentity>> identities) {
    SopsNode.Mapping root = format.parse(encrypted, source);
    SopsMetadata metadata = metadataOf(root, source);
    try (DataKey dataKey = unwrapDataKey(metadata, identities.get(), source)) {
      List<String> recipients =
          metadata.age().stream().map(SopsMetadata.AgeEntry::recipient).toList();
      return new SopsDocument(
          openTree(root, metadata, dataKey, source),
          format,
          recipients,
          metadata.rule(),
          metadata.macOnlyEncrypted(),
          metadata.lastModified(),
          metadata.version());
    }
  }

  /** Decrypts the values with the data key and checks the MAC. */
  static SopsNode.Mapping openTree(
      SopsNode.Mapping root, SopsMetadata metadata, DataKey dataKey, String source) {
    ValueCipher cipher = dataKey.cipher();
    SopsCodec.Walked walked =
        SopsCodec.decrypt(
            root.without(SopsMetadata.KEY),
            metadata.rule(),
            metadata.macOnlyEncrypted(),
            cipher,
            source);

    String fix = "; restore the file from version control, or re-encrypt it from the plaintext";
    ValueCipher.Encrypted storedMac =
        ValueCipher.parse(metadata.mac())
            .orElseThrow(
                () ->
                    new SopsException(
                        SopsException.Reason.TAMPERED_MAC,
                        source + ": sops.mac is missing or not an ENC[...] value" + fix));
    byte[] macPlain =
        cipher
            .decrypt(storedMac, metadata.macAad())
            .orElseThrow(
                () ->
                    new SopsException(
                        SopsException.Reason.TAMPERED_MAC,
                        source
                            + ": sops.mac does not decrypt; sops.mac or"
                            + " sops.lastmodified was changed after encryption"
                            + fix));
    // Exact, case-sensitive, constant-time: sops compares the hex strings as they are.
    if (!MessageDigest.isEqual(macPlain, walked.macHex().getBytes(StandardCharsets.US_ASCII))) {
      throw new SopsException(
          SopsException.Reason.TAMPERED_MAC,
          source
              + ": MAC mismatch: the file's values do not match its MAC (a value, even an unencrypted one, or"
              + " the order of values was changed after encryption)"
              + fix);
    }
    return walked.tree();
  }

  /**
   * Tries every identity on every {@code sops.age} entry; the first that opens gives the data key.
   */
  static DataKey unwrapDataKey(SopsMetadata metadata, List<AgeIdentity> identities, String source) {
    if (identities.isEmpty()) {
      throw new SopsException(
          SopsException.Reason.MISSING_IDENTITY,
          source + ": no age identity to decrypt with (set SOPS_AGE_KEY_FILE, or pass -i FILE)");
    }
    List<String> ours = identities.stream().map(i -> i.recipient().value()).toList();
    String corruption = null;
    for (SopsMetadata.AgeEntry entry : metadata.age()) {
      AgeFiles.Opened opened = AgeFiles.decryptArmored(entry.enc(), identities);
      if (opened instanceof AgeFiles.Opened.Ok ok) {
        DataKey key = new DataKey(ok.plaintext());
        if (key.bytes().length != ValueCipher.DATA_KEY_BYTES) {
          key.close();
          throw new SopsException(
              SopsException.Reason.CORRUPT_AGE_FILE,
              source
                  + ": the age file for "
                  + entry.recipient()
                  + " does not hold a 32-byte sops data key");
        }
        return key;
      }
      if (opened instanceof AgeFiles.Opened.Corrupt c
          && (corruption == null || ours.contains(entry.recipient()))) {
        corruption =
            "the age file (enc) for recipient " + entry.recipient() + " is damaged: " + c.problem();
      }
    }
    List<String> theirs = metadata.age().stream().map(SopsMetadata.AgeEntry::recipient).toList();
    boolean oneOfOursListed = theirs.stream().anyMatch(ours::contains);
    if (corruption != null && (oneOfOursListed || theirs.stream().allMatch(String::isEmpty))) {
      throw new SopsException(
          SopsException.Reason.CORRUPT_AGE_FILE,
          source + ": " + corruption + "; restore the file from version control");
    }
    throw new SopsException(
        SopsException.Reason.WRONG_IDENTITY,
        source
            + ": none of your age identities "
            + ours
            + " opens this file, which is encrypted for "
            + theirs
            + "; use the matching key (SOPS_AGE_KEY_FILE or -i FILE), or ask a holder to add your recipient");
  }

  // ------------------------------------------------------------------------------------------------ files

  /**
   * Writes a secret file (plaintext or encrypted) atomically with mode 0600, through the manifest
   * module's {@link SecureFiles} (0600 temp file, fsync, rename, directory fsync), creating missing
   * folders.
   *
   * @param overwrite false to refuse when {@code file} exists (key files are never replaced
   *     silently); the check and the write are one step, so a file that appears meanwhile is never
   *     replaced either
   */
  static void writeSecretFile(Path file, byte[] content, boolean overwrite) {
    Path absolute = file.toAbsolutePath();
    try {
      Path dir = absolute.getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      if (overwrite) {
        SecureFiles.writeAtomically(absolute, content);
      } else if (!SecureFiles.writeIfAbsent(absolute, content)) {
        throw new SopsException(
            SopsException.Reason.IO,
            absolute
                + " already exists; refusing to overwrite it (move it away or choose another path)");
      }
    } catch (SecureFiles.UnusableTargetException e) {
      throw new SopsException(
          SopsException.Reason.IO, "cannot write " + absolute + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new SopsException(
          SopsException.Reason.IO,
          "cannot write "
              + absolute
              + ": "
              + e.getMessage()
              + " (check the folder exists and is writable)",
          e);
    }
  }
}
