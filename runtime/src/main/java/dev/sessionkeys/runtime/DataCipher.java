package dev.sessionkeys.runtime;

import dev.sessionkeys.runtime.DataCipherException.Reason;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts data at rest with AES_BASE64_CYPHER_KEY: AES-256-GCM, a random 96-bit nonce per message,
 * associated data, and the id of the key in the header so data written before a key change stays
 * readable with the previous key, and data written by a replica already promoted to the next key is
 * readable by one that holds it as {@code _NEXT}.
 *
 * <p>Format (version 1): {@code 0x01 || keyId(4) || nonce(12) || chunk...}. The plaintext is cut
 * into 64 KiB pieces; piece {@code i} is sealed with AES-GCM under nonce {@code nonce XOR (0^7 ||
 * uint32be(i) || final)} and associated data {@code header || aad}, giving {@code ciphertext ||
 * tag(16)}. Every piece is full except the last, which is marked final and is empty only when the
 * whole plaintext is. As in age's STREAM, the index and the final flag in the nonce make
 * reordering, dropping or truncating pieces fail authentication, and no single GCM call sees more
 * than 64 KiB (a cold JVM runs multi-megabyte GCM calls much slower than warm ones). The key id is
 * the first 4 bytes of the key's SHA-256 (the start of its fingerprint).
 *
 * <p>The API is Tink's {@code Aead}: {@link #encrypt(byte[], byte[])} and {@link #decrypt(byte[],
 * byte[])} with associated data (give an empty array for none); large data goes through {@link
 * #streaming()}, whose streams write and read the same format.
 *
 * <pre>{@code
 * DataCipher cipher = SessionKeys.fromEnvironment().dataCipher();
 * byte[] sealed = cipher.encrypt("card 4242".getBytes(UTF_8), "user:42".getBytes(UTF_8));
 * byte[] plain = cipher.decrypt(sealed, "user:42".getBytes(UTF_8));
 * }</pre>
 */
public final class DataCipher {

  /** The version byte of the format. */
  public static final int VERSION = 1;

  /** Plaintext bytes per piece. */
  public static final int CHUNK_SIZE = 64 * 1024;

  static final int KEY_ID_LENGTH = 4;
  static final int NONCE_LENGTH = 12;
  static final int HEADER_LENGTH = 1 + KEY_ID_LENGTH + NONCE_LENGTH;
  static final int TAG_LENGTH = 16;
  private static final ThreadLocal<Cipher> GCM =
      Jca.perThread(() -> Cipher.getInstance("AES/GCM/NoPadding"));

  private final List<DataKey> keys;

  private DataCipher(List<DataKey> keys) {
    this.keys = keys;
  }

  /**
   * A cipher with one key.
   *
   * @param key the AES key, 16, 24 or 32 bytes (AES_BASE64_CYPHER_KEY has 32); copied
   */
  public static DataCipher of(byte[] key) {
    return builder(key).build();
  }

  /**
   * Starts a cipher that encrypts with {@code primaryKey}; add the keys of a rotation to the
   * builder.
   *
   * @param primaryKey the AES key, 16, 24 or 32 bytes (AES_BASE64_CYPHER_KEY has 32); copied
   */
  public static Builder builder(byte[] primaryKey) {
    return new Builder(primaryKey);
  }

  /** Encrypts; the same {@code associatedData} (empty for none) must be given to decrypt. */
  public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
    Objects.requireNonNull(plaintext, "plaintext");
    byte[] aad = Objects.requireNonNull(associatedData, "associatedData");
    int n = plaintext.length;
    int chunks = n == 0 ? 1 : (n + CHUNK_SIZE - 1) / CHUNK_SIZE;
    byte[] out = new byte[HEADER_LENGTH + n + chunks * TAG_LENGTH];
    DataKey key = keys.get(0);
    writeHeader(out, key);
    int outPos = HEADER_LENGTH;
    for (int i = 0; i < chunks; i++) {
      int off = i * CHUNK_SIZE;
      int len = Math.min(CHUNK_SIZE, n - off);
      outPos +=
          key.crypt(
              Cipher.ENCRYPT_MODE, out, i, i == chunks - 1, plaintext, off, len, aad, out, outPos);
    }
    return out;
  }

  /**
   * Decrypts data written by {@link #encrypt(byte[], byte[])} (or an encrypting stream) under any
   * key this cipher holds.
   *
   * @throws DataCipherException when the data is altered, cut short, of another key or was sealed
   *     with other associated data
   */
  public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
    Objects.requireNonNull(ciphertext, "ciphertext");
    byte[] aad = Objects.requireNonNull(associatedData, "associatedData");
    DataKey key = keyOf(ciphertext, ciphertext.length);
    int body = ciphertext.length - HEADER_LENGTH;
    int full = CHUNK_SIZE + TAG_LENGTH;
    int chunks = body / full;
    int rest = body % full;
    // keyOf has checked that a tag's worth follows the header, so there is at least one piece.
    if (rest != 0) {
      if (rest < TAG_LENGTH || (rest == TAG_LENGTH && chunks > 0)) {
        throw new DataCipherException(Reason.MALFORMED, "the last piece is cut short");
      }
      chunks++;
    }
    byte[] out = new byte[body - chunks * TAG_LENGTH];
    int outPos = 0;
    for (int i = 0; i < chunks; i++) {
      int off = HEADER_LENGTH + i * full;
      int len = Math.min(full, ciphertext.length - off);
      boolean last = i == chunks - 1;
      outPos +=
          key.crypt(
              Cipher.DECRYPT_MODE, ciphertext, i, last, ciphertext, off, len, aad, out, outPos);
    }
    key.used();
    return out;
  }

  /**
   * Which key encrypted the data ({@link KeyGeneration#previous()}: re-encrypt under the primary
   * key), from the header alone: nothing is authenticated yet.
   */
  public KeyGeneration keyGeneration(byte[] ciphertext) {
    return keyOf(ciphertext, ciphertext.length).generation;
  }

  /** The fingerprints of the keys, primary first, then next and previous ones. */
  public List<KeyGeneration> keyGenerations() {
    return keys.stream().map(DataKey::generation).toList();
  }

  /** The same keys for data too large to hold in memory: Tink's {@code StreamingAead}. */
  public Streaming streaming() {
    return new Streaming();
  }

  /**
   * Streams in {@link DataCipher}'s format: what one writes, {@link DataCipher#decrypt} reads, and
   * the other way round.
   */
  public final class Streaming {

    private Streaming() {}

    /**
     * A stream that encrypts what is written to it into {@code ciphertextDestination}, piece by
     * piece, under the primary key; {@link OutputStream#close()} writes the final piece and closes
     * the destination.
     */
    public OutputStream newEncryptingStream(
        OutputStream ciphertextDestination, byte[] associatedData) {
      return new EncryptingStream(ciphertextDestination, keys.get(0), associatedData.clone());
    }

    /**
     * A stream that reads and decrypts {@code ciphertextSource}; it never returns unauthenticated
     * bytes, and throws {@link DataCipherException} (unchecked) when the data is altered, cut short
     * or of another key.
     */
    public InputStream newDecryptingStream(InputStream ciphertextSource, byte[] associatedData) {
      return new DecryptingStream(ciphertextSource, associatedData.clone());
    }
  }

  /** Collects the keys of a {@link DataCipher}. */
  public static final class Builder {
    private final List<DataKey> keys = new ArrayList<>();
    private KeyUsage usage;

    private Builder(byte[] primaryKey) {
      keys.add(DataKey.of(primaryKey, KeySlot.PRIMARY));
    }

    /** Adds a key that decrypts but does not encrypt yet ({@code AES_BASE64_CYPHER_KEY_NEXT}). */
    public Builder nextKey(byte[] key) {
      return add(key, KeySlot.NEXT);
    }

    /**
     * Adds a key that decrypts data written before a rotation ({@code
     * AES_BASE64_CYPHER_KEY_PREVIOUS}).
     */
    public Builder previousKey(byte[] key) {
      return add(key, KeySlot.PREVIOUS);
    }

    /** Counts every successful decryption into {@code usage} under the key's slot. */
    public Builder keyUsage(KeyUsage usage) {
      this.usage = Objects.requireNonNull(usage, "usage");
      return this;
    }

    Builder add(byte[] key, KeySlot slot) {
      DataKey k = DataKey.of(key, slot);
      for (DataKey existing : keys) {
        if (existing.id == k.id) {
          throw new IllegalArgumentException(
              "two keys have the same id " + k.fingerprint + " (the same key given twice?)");
        }
      }
      keys.add(k);
      return this;
    }

    /** The immutable cipher; keys in order primary, next, previous. */
    public DataCipher build() {
      List<DataKey> ordered = new ArrayList<>(keys.size());
      for (KeySlot slot : KeySlot.values()) {
        for (DataKey k : keys) {
          if (k.generation.slot() == slot) {
            ordered.add(usage == null ? k : k.countedIn(usage.counter(KeyUsage.Codec.DATA, slot)));
          }
        }
      }
      return new DataCipher(List.copyOf(ordered));
    }
  }

  private DataKey keyOf(byte[] header, int available) {
    if (available < HEADER_LENGTH + TAG_LENGTH) {
      throw new DataCipherException(Reason.MALFORMED, "shorter than a header and one tag");
    }
    if (header[0] != VERSION) {
      throw new DataCipherException(
          Reason.MALFORMED, "unknown format version " + (header[0] & 0xff));
    }
    int id = ByteBuffer.wrap(header).getInt(1);
    for (DataKey k : keys) {
      if (k.id == id) {
        return k;
      }
    }
    throw new DataCipherException(
        Reason.UNKNOWN_KEY,
        "encrypted under the key whose fingerprint starts "
            + Fingerprints.PREFIX
            + String.format("%08x", id)
            + ", none of the AES_BASE64_CYPHER_KEY values this cipher holds");
  }

  private static void writeHeader(byte[] out, DataKey key) {
    out[0] = VERSION;
    ByteBuffer.wrap(out).putInt(1, key.id);
    byte[] nonce = new byte[NONCE_LENGTH];
    Jca.RANDOM.get().nextBytes(nonce);
    System.arraycopy(nonce, 0, out, 1 + KEY_ID_LENGTH, NONCE_LENGTH);
  }

  @Override
  public String toString() {
    return "DataCipher" + keyGenerations();
  }

  /** An AES key with its id, fingerprint, generation and usage counter (null: not counted). */
  private record DataKey(
      SecretKeySpec spec, int id, String fingerprint, KeyGeneration generation, LongAdder usage) {

    static DataKey of(byte[] key, KeySlot slot) {
      Objects.requireNonNull(key, "key");
      if (key.length != 16 && key.length != 24 && key.length != 32) {
        throw new IllegalArgumentException(
            "an AES key has 16, 24 or 32 bytes, this one " + key.length);
      }
      return new DataKey(
          new SecretKeySpec(key, "AES"),
          ByteBuffer.wrap(Fingerprints.sha256(key)).getInt(),
          Fingerprints.of(key),
          Fingerprints.generation(slot, key, null),
          null);
    }

    /**
     * Seals or opens one piece under nonce {@code nonce XOR (0^7 || uint32be(index) || final)} with
     * associated data {@code header || aad}; returns the bytes written to {@code out}.
     */
    int crypt(
        int mode,
        byte[] header,
        int index,
        boolean last,
        byte[] in,
        int off,
        int len,
        byte[] aad,
        byte[] out,
        int outPos) {
      byte[] nonce = Arrays.copyOfRange(header, 1 + KEY_ID_LENGTH, HEADER_LENGTH);
      ByteBuffer n = ByteBuffer.wrap(nonce);
      n.putInt(7, n.getInt(7) ^ index);
      nonce[11] ^= (byte) (last ? 1 : 0);
      Cipher gcm = GCM.get();
      try {
        gcm.init(mode, spec, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
        gcm.updateAAD(header, 0, HEADER_LENGTH);
        gcm.updateAAD(aad);
        return gcm.doFinal(in, off, len, out, outPos);
      } catch (AEADBadTagException e) {
        throw new DataCipherException(
            Reason.AUTHENTICATION_FAILED,
            "piece " + index + " does not verify: altered, truncated, or other associated data");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-GCM failed: " + e.getClass().getSimpleName(), e);
      }
    }

    DataKey countedIn(LongAdder counter) {
      return new DataKey(spec, id, fingerprint, generation, counter);
    }

    @Override
    public String toString() {
      return fingerprint;
    }

    /** Counts one successful decryption, when counted. */
    void used() {
      if (usage != null) {
        usage.increment();
      }
    }
  }

  private static final class EncryptingStream extends FilterOutputStream {
    private final DataKey key;
    private final byte[] aad;
    private final byte[] header = new byte[HEADER_LENGTH];
    private final byte[] buf = new byte[CHUNK_SIZE];
    private final byte[] sealed = new byte[CHUNK_SIZE + TAG_LENGTH];
    private int len;
    private int index;
    private boolean headerWritten;
    private boolean closed;

    EncryptingStream(OutputStream out, DataKey key, byte[] aad) {
      super(Objects.requireNonNull(out, "out"));
      this.key = key;
      this.aad = aad;
      writeHeader(header, key);
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int n) throws IOException {
      Objects.checkFromIndexSize(off, n, b.length);
      if (closed) {
        throw new IOException("stream closed");
      }
      while (n > 0) {
        if (len == CHUNK_SIZE) {
          // More data follows, so the held piece is not the last one.
          seal(false);
        }
        int take = Math.min(n, CHUNK_SIZE - len);
        System.arraycopy(b, off, buf, len, take);
        len += take;
        off += take;
        n -= take;
      }
    }

    private void seal(boolean last) throws IOException {
      if (!headerWritten) {
        out.write(header);
        headerWritten = true;
      }
      int n = key.crypt(Cipher.ENCRYPT_MODE, header, index, last, buf, 0, len, aad, sealed, 0);
      out.write(sealed, 0, n);
      index++;
      len = 0;
    }

    @Override
    public void flush() throws IOException {
      // Pieces are written whole; flushing passes on what is complete.
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        seal(true);
      } finally {
        out.close();
      }
    }
  }

  private final class DecryptingStream extends InputStream {
    private final InputStream in;
    private final byte[] aad;
    private final byte[] header = new byte[HEADER_LENGTH];
    private final byte[] enc = new byte[CHUNK_SIZE + TAG_LENGTH + 1];
    private final byte[] plain = new byte[CHUNK_SIZE];
    private DataKey key;
    private int encLen;
    private int plainPos;
    private int plainLen;
    private int index;
    private boolean done;

    DecryptingStream(InputStream in, byte[] aad) {
      this.in = Objects.requireNonNull(in, "in");
      this.aad = aad;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int n) throws IOException {
      Objects.checkFromIndexSize(off, n, b.length);
      if (n == 0) {
        return 0;
      }
      while (plainPos == plainLen) {
        if (done) {
          return -1;
        }
        nextPiece();
      }
      int take = Math.min(n, plainLen - plainPos);
      System.arraycopy(plain, plainPos, b, off, take);
      plainPos += take;
      return take;
    }

    private void nextPiece() throws IOException {
      if (key == null) {
        int h = in.readNBytes(header, 0, HEADER_LENGTH);
        if (h < HEADER_LENGTH) {
          throw new DataCipherException(Reason.MALFORMED, "shorter than a header");
        }
        key = keyOf(header, HEADER_LENGTH + TAG_LENGTH); // the length is checked per piece
      }
      encLen += in.readNBytes(enc, encLen, enc.length - encLen);
      boolean last = encLen < enc.length;
      int sealedLen = last ? encLen : CHUNK_SIZE + TAG_LENGTH;
      if (sealedLen < TAG_LENGTH || (last && sealedLen == TAG_LENGTH && index > 0)) {
        throw new DataCipherException(Reason.MALFORMED, "the last piece is cut short");
      }
      plainLen =
          key.crypt(Cipher.DECRYPT_MODE, header, index, last, enc, 0, sealedLen, aad, plain, 0);
      plainPos = 0;
      index++;
      if (last) {
        done = true;
        encLen = 0;
        key.used();
      } else {
        enc[0] = enc[CHUNK_SIZE + TAG_LENGTH];
        encLen = 1;
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
