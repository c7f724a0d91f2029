package dev.sessionkeys.core;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Makes key values uniformly at random over a profile's alphabet.
 *
 * <p>Why not {@code random.nextInt(62)} per character or {@code byte % 62}: 256 is not a multiple
 * of 62, so {@code byte % 62} picks the first 8 characters with probability 5/256 and the rest with
 * 4/256. We use rejection sampling instead: bytes at or above the largest multiple of the alphabet
 * size (248 for 62 characters) are thrown away, and the rest map evenly. The shell recipe {@code tr
 * -dc A-Za-z0-9 < /dev/urandom} does the same by discarding bytes, only more wastefully.
 */
public final class KeyGenerator {

  /**
   * Where random bytes come from. {@link SecureRandom} in production; tests plug in biased sources.
   */
  @FunctionalInterface
  public interface RandomBytes {
    void nextBytes(byte[] into);
  }

  private final RandomBytes random;

  private KeyGenerator(RandomBytes random) {
    this.random = random;
  }

  /** A generator over the platform's default {@link SecureRandom}. */
  public static KeyGenerator secure() {
    return new KeyGenerator(new SecureRandomBytes(new SecureRandom()));
  }

  /**
   * A class rather than {@code secureRandom::nextBytes}: no call-site linkage on `generate`'s short
   * run.
   */
  private static final class SecureRandomBytes implements RandomBytes {
    private final SecureRandom secureRandom;

    SecureRandomBytes(SecureRandom secureRandom) {
      this.secureRandom = secureRandom;
    }

    @Override
    public void nextBytes(byte[] into) {
      secureRandom.nextBytes(into);
    }
  }

  /**
   * A generator over the given source of bytes, which must be cryptographically strong outside
   * tests.
   */
  public static KeyGenerator using(RandomBytes random) {
    return new KeyGenerator(Objects.requireNonNull(random, "random"));
  }

  /** A fresh value for one key. */
  public SecretValue generate(KeySpec spec) {
    return SecretValue.of(randomString(spec.alphabet(), spec.length()));
  }

  /** Fresh values for every key of a profile, in profile order. */
  public KeySet generate(Profile profile) {
    Map<String, SecretValue> values = new LinkedHashMap<>();
    for (KeySpec spec : profile.keys()) {
      values.put(spec.name(), generate(spec));
    }
    return KeySet.of(values);
  }

  /** {@code length} characters drawn uniformly and independently from {@code alphabet}. */
  String randomString(Alphabet alphabet, int length) {
    String characters = alphabet.characters();
    int size = characters.length();
    // The largest multiple of size that fits in a byte's 256 values; bytes at or above it are
    // rejected.
    int limit = 256 - (256 % size);
    char[] out = new char[length];
    // Draw a little more than needed up front: for 62 characters, 1 in 32 bytes is rejected.
    byte[] buffer = new byte[length + length / 8 + 8];
    int filled = 0;
    while (filled < length) {
      random.nextBytes(buffer);
      for (int i = 0; i < buffer.length && filled < length; i++) {
        int b = buffer[i] & 0xff;
        if (b < limit) {
          out[filled++] = characters.charAt(b % size);
        }
      }
    }
    java.util.Arrays.fill(buffer, (byte) 0);
    return new String(out);
  }
}
