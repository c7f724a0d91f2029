package dev.sessionkeys.sops;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * sops' value cipher ({@code aes/cipher.go}): AES-256-GCM under the file's data key, a fresh
 * 32-byte IV per value, the key path as additional data, written as {@code
 * ENC[AES256_GCM,data:..,iv:..,tag:..,type:..]} in padded base64.
 */
final class ValueCipher {

  /**
   * sops uses 32-byte IVs ({@code nonceSize = 32}); GCM hashes them down, so any length decrypts.
   */
  static final int IV_BYTES = 32;

  static final int TAG_BYTES = 16;
  static final int DATA_KEY_BYTES = 32;

  private static final String PREFIX = "ENC[AES256_GCM,data:";
  private static final String IV = ",iv:";
  private static final String TAG = ",tag:";
  private static final String TYPE = ",type:";

  /** An encrypted value, split into its fields. */
  record Encrypted(byte[] data, byte[] iv, byte[] tag, String type) {
    String format() {
      Base64.Encoder b64 = Base64.getEncoder();
      return PREFIX
          + b64.encodeToString(data)
          + IV
          + b64.encodeToString(iv)
          + TAG
          + b64.encodeToString(tag)
          + TYPE
          + type
          + "]";
    }

    @Override
    public String toString() {
      return "Encrypted[" + type + ", " + data.length + " bytes]";
    }
  }

  private final SecretKeySpec key;
  private final SecureRandom random;

  ValueCipher(byte[] dataKey, SecureRandom random) {
    if (dataKey.length != DATA_KEY_BYTES) {
      throw new IllegalArgumentException("a sops data key is 32 bytes");
    }
    this.key = new SecretKeySpec(dataKey, "AES");
    this.random = random;
  }

  static Optional<Encrypted> parse(String text) {
    String[] fields = fields(text);
    if (fields == null) {
      return Optional.empty();
    }
    try {
      Base64.Decoder b64 = Base64.getDecoder();
      byte[] tag = b64.decode(fields[2]);
      byte[] iv = b64.decode(fields[1]);
      if (tag.length != TAG_BYTES || iv.length == 0) {
        return Optional.empty();
      }
      return Optional.of(new Encrypted(b64.decode(fields[0]), iv, tag, fields[3]));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * data, iv, tag and type of {@code ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]}, or null. Splits as
   * sops' anchored regex with greedy groups does ({@code aes/cipher.go encre}: each field as long
   * as the ones after it still fit, so the last {@code ,type:}, the last {@code ,tag:} before it,
   * the last {@code ,iv:} before that), but in three backward searches: linear time, where the
   * greedy groups in a backtracking engine take minutes on a few crafted kilobytes.
   */
  static String[] fields(String text) {
    if (!text.startsWith(PREFIX) || !text.endsWith("]")) {
      return null;
    }
    int end = text.length() - 1;
    // A search from -1 finds nothing, so a missing field ends the chain. No field name can overlap
    // the one after it, so each search may start where that one starts.
    int type = text.lastIndexOf(TYPE, end);
    int tag = text.lastIndexOf(TAG, type);
    int iv = text.lastIndexOf(IV, tag);
    if (iv < PREFIX.length()) {
      return null;
    }
    return new String[] {
      text.substring(PREFIX.length(), iv),
      text.substring(iv + IV.length(), tag),
      text.substring(tag + TAG.length(), type),
      text.substring(type + TYPE.length(), end)
    };
  }

  /**
   * Encrypts {@code plaintext} bound to {@code aad}; {@code type} is written as is (str, int,
   * float, bool, comment).
   */
  String encrypt(byte[] plaintext, String type, String aad) {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    try {
      byte[] sealed = gcm(Cipher.ENCRYPT_MODE, iv, aad).doFinal(plaintext);
      byte[] data = Arrays.copyOf(sealed, sealed.length - TAG_BYTES);
      byte[] tag = Arrays.copyOfRange(sealed, sealed.length - TAG_BYTES, sealed.length);
      return new Encrypted(data, iv, tag, type).format();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /**
   * Opens a value; empty if the tag does not verify (wrong key, wrong path, edited ciphertext). The
   * caller decides what that means and words the error.
   */
  Optional<byte[]> decrypt(Encrypted value, String aad) {
    byte[] sealed = Arrays.copyOf(value.data(), value.data().length + TAG_BYTES);
    System.arraycopy(value.tag(), 0, sealed, value.data().length, TAG_BYTES);
    try {
      return Optional.of(gcm(Cipher.DECRYPT_MODE, value.iv(), aad).doFinal(sealed));
    } catch (AEADBadTagException e) {
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /** A fresh Cipher per value: GCM refuses to re-use a key+IV pair on one instance anyway. */
  private Cipher gcm(int mode, byte[] iv, String aad) throws GeneralSecurityException {
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(mode, key, new GCMParameterSpec(TAG_BYTES * 8, iv));
    gcm.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
    return gcm;
  }
}
