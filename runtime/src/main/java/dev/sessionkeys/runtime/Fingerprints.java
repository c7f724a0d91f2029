package dev.sessionkeys.runtime;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Keys appear only as fingerprints, in the format used everywhere in sessionkeys: {@code sha256:}
 * and the first 16 hex characters (64 bits) of their SHA-256, long enough that a fingerprint cannot
 * be used to search for a short key.
 */
final class Fingerprints {

  static final String PREFIX = "sha256:";
  private static final int BYTES = 8;

  private Fingerprints() {}

  static String of(byte[] key) {
    return format(sha256(key));
  }

  /**
   * The generation of one key ({@code second} null) or of a pair. A pair's fingerprint hashes the
   * two keys' digests (fixed length, so no two pairs encode alike) and differs from both keys' own
   * fingerprints.
   */
  static KeyGeneration generation(KeySlot slot, byte[] first, byte[] second) {
    byte[] d1 = sha256(first);
    if (second == null) {
      String fp = format(d1);
      return new KeyGeneration(slot, fp, List.of(fp));
    }
    byte[] d2 = sha256(second);
    MessageDigest md = SHA256.get();
    md.update(d1);
    md.update(d2);
    return new KeyGeneration(slot, format(md.digest()), List.of(format(d1), format(d2)));
  }

  private static String format(byte[] d) {
    return PREFIX + HexFormat.of().formatHex(d, 0, BYTES);
  }

  private static final ThreadLocal<MessageDigest> SHA256 =
      Jca.perThread(() -> MessageDigest.getInstance("SHA-256"));

  static byte[] sha256(byte[] value) {
    return SHA256.get().digest(value);
  }
}
