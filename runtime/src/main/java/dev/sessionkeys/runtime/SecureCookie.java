package dev.sessionkeys.runtime;

import dev.sessionkeys.runtime.CookieException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticated, optionally encrypted cookie values, byte-compatible with Go's gorilla/securecookie
 * 1.1.1.
 *
 * <p>A cookie value is {@code base64url(timestamp "|" base64url(payload) "|" HMAC-SHA256(name "|"
 * timestamp "|" base64url(payload)))}, where with a block key the payload is {@code iv ||
 * AES-CTR(iv, serialized)} with a random 16-byte IV. Several key pairs may be given (as Go's {@code
 * CodecsFromPairs}): the primary encodes; decoding tries the primary, then the next, then the
 * previous pairs, so a cookie under the primary key (the common case) costs one MAC whatever else
 * is loaded. The result says which pair verified it ({@link KeyGeneration}), and with {@link
 * Builder#keyUsage(KeyUsage, KeyUsage.Codec)} every successful decode is counted per {@link
 * KeySlot}.
 *
 * <p>Decoding checks in Go's order — length, base64, layout, MAC (constant time), timestamp,
 * decryption, serializer — so a bad cookie gets the same {@link CookieException.Reason} as Go's
 * error. Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * SecureCookie codec = SecureCookie.builder(hashKey, blockKey).build();
 * String value = codec.encode("prefs", Map.of("theme", "dark"), Serializer.JSON);
 * Object prefs = codec.decode("prefs", value, Serializer.JSON).value();
 * }</pre>
 */
public final class SecureCookie {

  /** gorilla's default maxAge: 30 days. */
  public static final long DEFAULT_MAX_AGE_SECONDS = 86400L * 30;

  /** gorilla's default maxLength, the largest value old browsers accept. */
  public static final int DEFAULT_MAX_LENGTH = 4096;

  private static final int MAC_LENGTH = 32;
  private static final int IV_LENGTH = 16;

  private final KeyPair[] pairs;
  private final long maxAgeSeconds;
  private final long minAgeSeconds;
  private final int maxLength;
  private final Clock clock;

  private SecureCookie(Builder b) {
    this.pairs = b.decodingOrder();
    this.maxAgeSeconds = b.maxAgeSeconds;
    this.minAgeSeconds = b.minAgeSeconds;
    this.maxLength = b.maxLength;
    this.clock = b.clock;
  }

  /**
   * Starts a codec with the current key pair.
   *
   * @param hashKey the HMAC-SHA256 key (gorilla recommends 32 or 64 bytes); copied
   * @param blockKey the AES key, 16, 24 or 32 bytes, or null for authentication only; copied
   */
  public static Builder builder(byte[] hashKey, byte[] blockKey) {
    return new Builder(hashKey, blockKey);
  }

  /** Encodes already-serialized bytes under the current key pair. */
  public String encode(String name, byte[] payload) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(payload, "payload");
    KeyPair pair = pairs[0];
    byte[] body;
    if (pair.blockKey != null) {
      body = new byte[IV_LENGTH + payload.length];
      byte[] iv = new byte[IV_LENGTH];
      Jca.RANDOM.get().nextBytes(iv);
      System.arraycopy(iv, 0, body, 0, IV_LENGTH);
      try {
        Cipher ctr = pair.ctr.get();
        ctr.init(Cipher.ENCRYPT_MODE, pair.blockKey, new IvParameterSpec(body, 0, IV_LENGTH));
        ctr.doFinal(payload, 0, payload.length, body, IV_LENGTH);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-CTR failed: " + e.getClass().getSimpleName(), e);
      }
    } else {
      body = payload;
    }
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    long now = now();
    int innerLen = Base64Url.encodedLength(body.length);
    byte[] ts = Long.toString(now).getBytes(StandardCharsets.US_ASCII);
    // name "|" ts "|" inner "|" mac: the MAC covers everything before the last "|"; the name is
    // dropped afterwards.
    int signedLen = nameBytes.length + 1 + ts.length + 1 + innerLen;
    byte[] buf = new byte[signedLen + 1 + MAC_LENGTH];
    System.arraycopy(nameBytes, 0, buf, 0, nameBytes.length);
    int p = nameBytes.length;
    buf[p++] = '|';
    System.arraycopy(ts, 0, buf, p, ts.length);
    p += ts.length;
    buf[p++] = '|';
    byte[] inner = Base64Url.encode(body, 0, body.length);
    System.arraycopy(inner, 0, buf, p, innerLen);
    p += innerLen;
    buf[p++] = '|';
    Mac mac = pair.mac.get();
    mac.update(buf, 0, signedLen);
    try {
      mac.doFinal(buf, p);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC failed", e);
    }
    int start = nameBytes.length + 1;
    int outLen = Base64Url.encodedLength(buf.length - start);
    if (maxLength != 0 && outLen > maxLength) {
      throw new CookieException(
          Reason.TOO_LONG,
          "the encoded value would be "
              + outLen
              + " characters, more than the maximum "
              + maxLength);
    }
    return new String(
        Base64Url.encode(buf, start, buf.length - start), StandardCharsets.ISO_8859_1);
  }

  /** Serializes {@code value} and encodes it under the current key pair. */
  public <T> String encode(String name, T value, Serializer<T> serializer) {
    return encode(name, serializer.serialize(value));
  }

  /** Verifies and decrypts a cookie value; returns the serialized payload. */
  public DecodedCookie<byte[]> decode(String name, String value) {
    return decode(name, value, Serializer.RAW);
  }

  /**
   * Verifies, decrypts and deserializes a cookie value, trying the key pairs in order.
   *
   * @throws CookieException with the reason of the first key pair whose MAC verified, or {@code
   *     MAC_INVALID}
   */
  public <T> DecodedCookie<T> decode(String name, String value, Serializer<T> serializer) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (maxLength != 0 && value.length() > maxLength) {
      throw new CookieException(
          Reason.TOO_LONG,
          "the value has " + value.length() + " characters, more than the maximum " + maxLength);
    }
    byte[] outer = Base64Url.decode(value);
    if (outer == null) {
      throw new CookieException(Reason.MALFORMED, "the value is not padded URL-safe base64");
    }
    int bar1 = indexOf(outer, 0);
    // Without a first '|' there is none to find from 0 either, so bar2 is then -1 too.
    int bar2 = indexOf(outer, bar1 + 1);
    if (bar2 == -1) {
      throw new CookieException(Reason.MAC_INVALID, "the value is not timestamp|value|mac");
    }
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    byte[] givenMac = Arrays.copyOfRange(outer, bar2 + 1, outer.length);
    CookieException first = null;
    for (int i = 0; i < pairs.length; i++) {
      KeyPair pair = pairs[i];
      Mac mac = pair.mac.get();
      mac.update(nameBytes);
      mac.update((byte) '|');
      mac.update(outer, 0, bar2);
      if (!MessageDigest.isEqual(mac.doFinal(), givenMac)) {
        continue;
      }
      try {
        DecodedCookie<T> decoded = open(pair, outer, bar1, bar2, serializer);
        if (pair.usage != null) {
          pair.usage.increment();
        }
        return decoded;
      } catch (CookieException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
    throw new CookieException(
        Reason.MAC_INVALID,
        "the MAC does not verify under any of the "
            + pairs.length
            + " key pair(s): tampered, another cookie's value, or signed by an unknown key");
  }

  private <T> DecodedCookie<T> open(
      KeyPair pair, byte[] outer, int bar1, int bar2, Serializer<T> serializer) {
    long timestamp = parseTimestamp(outer, bar1);
    long now = now();
    if (minAgeSeconds != 0 && timestamp > now - minAgeSeconds) {
      throw new CookieException(
          Reason.TOO_NEW,
          "issued " + (now - timestamp) + " s ago, the minimum age is " + minAgeSeconds + " s");
    }
    if (maxAgeSeconds != 0 && timestamp < now - maxAgeSeconds) {
      throw new CookieException(
          Reason.EXPIRED,
          "issued " + (now - timestamp) + " s ago, the maximum age is " + maxAgeSeconds + " s");
    }
    byte[] body = Base64Url.decode(outer, bar1 + 1, bar2 - bar1 - 1);
    if (body == null) {
      throw new CookieException(Reason.MALFORMED, "the signed value is not padded URL-safe base64");
    }
    if (pair.blockKey != null) {
      if (body.length <= IV_LENGTH) {
        throw new CookieException(
            Reason.CANNOT_DECRYPT,
            "the encrypted value has "
                + body.length
                + " bytes, no more than the "
                + IV_LENGTH
                + "-byte IV");
      }
      try {
        Cipher ctr = pair.ctr.get();
        ctr.init(Cipher.DECRYPT_MODE, pair.blockKey, new IvParameterSpec(body, 0, IV_LENGTH));
        body = ctr.doFinal(body, IV_LENGTH, body.length - IV_LENGTH);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-CTR failed: " + e.getClass().getSimpleName(), e);
      }
    }
    T value = serializer.deserialize(body);
    return new DecodedCookie<>(value, timestamp, pair.generation);
  }

  /**
   * Go's {@code strconv.ParseInt(s, 10, 64)}: optional sign, at least one digit, no overflow. As in
   * Go, leading zeros do not count towards the 19 digits a long holds: the overflow check alone
   * bounds the value.
   */
  private static long parseTimestamp(byte[] b, int end) {
    int i = 0;
    boolean negative = false;
    // b[end] is the '|' after the timestamp, so b[0] exists even for an empty timestamp.
    if (b[0] == '+' || b[0] == '-') {
      negative = b[0] == '-';
      i = 1;
    }
    if (i == end) {
      throw invalidTimestamp();
    }
    long v = 0;
    for (; i < end; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        throw invalidTimestamp();
      }
      if (v > (Long.MAX_VALUE - d) / 10) {
        // Only -9223372036854775808 is representable past MAX_VALUE.
        if (negative && v == 922337203685477580L && d == 8 && i == end - 1) {
          return Long.MIN_VALUE;
        }
        throw invalidTimestamp();
      }
      v = v * 10 + d;
    }
    return negative ? -v : v;
  }

  private static CookieException invalidTimestamp() {
    return new CookieException(Reason.MALFORMED, "the timestamp is not a decimal integer");
  }

  private long now() {
    return Math.floorDiv(clock.millis(), 1000L);
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == '|') {
        return i;
      }
    }
    return -1;
  }

  /** The key pairs' generations (fingerprints only) in the order decoding tries them. */
  public List<KeyGeneration> keyGenerations() {
    return Arrays.stream(pairs).map(KeyPair::generation).toList();
  }

  /** The maximum age in seconds (0: none). */
  public long maxAgeSeconds() {
    return maxAgeSeconds;
  }

  @Override
  public String toString() {
    return "SecureCookie[keys="
        + keyGenerations()
        + ", maxAge="
        + maxAgeSeconds
        + "s, minAge="
        + minAgeSeconds
        + "s, maxLength="
        + maxLength
        + "]";
  }

  /**
   * One hash key / block key pair with its per-thread primitives and its usage counter (null: not
   * counted). Shown by its generation only: no key material.
   */
  private record KeyPair(
      SecretKeySpec blockKey,
      KeyGeneration generation,
      ThreadLocal<Mac> mac,
      ThreadLocal<Cipher> ctr,
      LongAdder usage) {

    static KeyPair of(byte[] hashKey, byte[] blockKey, KeySlot slot) {
      if (hashKey == null || hashKey.length == 0) {
        throw new IllegalArgumentException("the hash key is not set");
      }
      if (blockKey != null
          && blockKey.length != 16
          && blockKey.length != 24
          && blockKey.length != 32) {
        throw new IllegalArgumentException(
            "the block key has " + blockKey.length + " bytes; AES needs 16, 24 or 32");
      }
      SecretKeySpec hmacKey = new SecretKeySpec(hashKey, "HmacSHA256");
      return new KeyPair(
          blockKey == null ? null : new SecretKeySpec(blockKey, "AES"),
          Fingerprints.generation(slot, hashKey, blockKey),
          Jca.perThread(
              () -> {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(hmacKey);
                return m;
              }),
          Jca.perThread(() -> Cipher.getInstance("AES/CTR/NoPadding")),
          null);
    }

    KeyPair countedIn(LongAdder counter) {
      return new KeyPair(blockKey, generation, mac, ctr, counter);
    }

    @Override
    public String toString() {
      return generation.toString();
    }
  }

  /** Configures a {@link SecureCookie}; gorilla's defaults unless changed. */
  public static final class Builder {
    private final List<KeyPair> pairs = new ArrayList<>();
    private KeyUsage usage;
    private KeyUsage.Codec usageCodec;
    private long maxAgeSeconds = DEFAULT_MAX_AGE_SECONDS;
    private long minAgeSeconds;
    private int maxLength = DEFAULT_MAX_LENGTH;
    private Clock clock = Clock.systemUTC();

    private Builder(byte[] hashKey, byte[] blockKey) {
      pairs.add(KeyPair.of(hashKey, blockKey, KeySlot.PRIMARY));
    }

    /**
     * Adds a pair that decodes but does not encode yet (a rotation's {@code prepare} phase). Next
     * pairs are tried after the primary and before previous ones, in the order added.
     */
    public Builder nextKeys(byte[] hashKey, byte[] blockKey) {
      return add(hashKey, blockKey, KeySlot.NEXT);
    }

    /**
     * Adds a pair that decodes but never encodes (a rotated-out key), tried after the primary and
     * next pairs, in the order added.
     */
    public Builder previousKeys(byte[] hashKey, byte[] blockKey) {
      return add(hashKey, blockKey, KeySlot.PREVIOUS);
    }

    Builder add(byte[] hashKey, byte[] blockKey, KeySlot slot) {
      pairs.add(KeyPair.of(hashKey, blockKey, slot));
      return this;
    }

    /**
     * Counts every successful decode into {@code usage} under {@code codec} and the pair's slot.
     */
    public Builder keyUsage(KeyUsage usage, KeyUsage.Codec codec) {
      this.usage = Objects.requireNonNull(usage, "usage");
      this.usageCodec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    /** Rejects values older than this (0: no limit). Default 30 days. */
    public Builder maxAgeSeconds(long seconds) {
      this.maxAgeSeconds = atLeastZero(seconds, "maxAge");
      return this;
    }

    /** Rejects values younger than this (0: no limit). Default 0. */
    public Builder minAgeSeconds(long seconds) {
      this.minAgeSeconds = atLeastZero(seconds, "minAge");
      return this;
    }

    /** The longest encoded value accepted or produced (0: no limit). Default 4096. */
    public Builder maxLength(int characters) {
      this.maxLength = (int) atLeastZero(characters, "maxLength");
      return this;
    }

    /** The clock for timestamps (tests). Default the system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    private static long atLeastZero(long value, String name) {
      if (value < 0) {
        throw new IllegalArgumentException(name + " must be >= 0, got " + value);
      }
      return value;
    }

    /** Builds the immutable codec. */
    public SecureCookie build() {
      return new SecureCookie(this);
    }

    /** The pairs in decoding order (primary, next, previous), each with its counter if counted. */
    private KeyPair[] decodingOrder() {
      List<KeyPair> ordered = new ArrayList<>(pairs.size());
      for (KeySlot slot : KeySlot.values()) {
        for (KeyPair pair : pairs) {
          if (pair.generation.slot() == slot) {
            ordered.add(usage == null ? pair : pair.countedIn(usage.counter(usageCodec, slot)));
          }
        }
      }
      return ordered.toArray(new KeyPair[0]);
    }
  }
}
