package dev.sessionkeys.runtime;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Keys appear only as the first 8 hex characters of their SHA-256, as everywhere in sessionkeys.
 */
final class Fingerprints {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Fingerprints() {}

  static String of(byte[] key) {
    return hex8(sha256(key));
  }

  /**
   * The generation of one key ({@code second} null) or of a pair. A pair's fingerprint hashes the
   * two keys' digests (fixed length, so no two pairs encode alike) and differs from both keys' own
   * fingerprints.
   */
  static KeyGeneration generation(int index, byte[] first, byte[] second) {
    byte[] d1 = sha256(first);
    if (second == null) {
      String fp = hex8(d1);
      return new KeyGeneration(index, fp, List.of(fp));
    }
    byte[] d2 = sha256(second);
    MessageDigest md = sha256();
    md.update(d1);
    md.update(d2);
    return new KeyGeneration(index, hex8(md.digest()), List.of(hex8(d1), hex8(d2)));
  }

  private static String hex8(byte[] d) {
    char[] out = new char[8];
    for (int i = 0; i < 4; i++) {
      out[2 * i] = HEX[(d[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[d[i] & 0xf];
    }
    return new String(out);
  }

  static byte[] sha256(byte[] value) {
    return sha256().digest(value);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
