package dev.sessionkeys.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DataCipherTest {

  static final byte[] KEY = "Zx8KqLmN3pR5tV7wY9aB2cD4eF6gH8jK".getBytes(StandardCharsets.US_ASCII);
  static final byte[] OLD = "mZk3dPq8vNrTKYcHfUWGa7BXsLe2hEJ9".getBytes(StandardCharsets.US_ASCII);
  static final int C = DataCipher.CHUNK_SIZE;

  static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @Test
  void roundTripsAtEveryPieceBoundary() throws Exception {
    DataCipher cipher = DataCipher.of(KEY);
    byte[] aad = "user:42".getBytes(StandardCharsets.UTF_8);
    for (int n : new int[] {0, 1, C - 1, C, C + 1, 2 * C, 3 * C + 17}) {
      byte[] plain = random(n);
      byte[] sealed = cipher.encrypt(plain, aad);
      int pieces = n == 0 ? 1 : (n + C - 1) / C;
      assertThat(sealed).hasSize(DataCipher.HEADER_LENGTH + n + 16 * pieces);
      assertThat(sealed[0]).isEqualTo((byte) 1);
      assertThat(cipher.decrypt(sealed, aad)).isEqualTo(plain);
      // The stream form is the same format.
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (OutputStream enc = cipher.streaming().newEncryptingStream(out, aad)) {
        for (int off = 0; off < n; off += 1000) {
          enc.write(plain, off, Math.min(1000, n - off));
        }
      }
      assertThat(out.size()).isEqualTo(sealed.length);
      assertThat(cipher.decrypt(out.toByteArray(), aad)).isEqualTo(plain);
      try (InputStream dec =
          cipher.streaming().newDecryptingStream(new ByteArrayInputStream(sealed), aad)) {
        assertThat(dec.readAllBytes()).isEqualTo(plain);
      }
    }
  }

  @Test
  void refusesOtherAssociatedDataTruncationReorderingAndUnknownKeys() throws Exception {
    DataCipher cipher = DataCipher.of(KEY);
    byte[] plain = random(3 * C);
    byte[] sealed = cipher.encrypt(plain, new byte[0]);
    assertThatThrownBy(() -> cipher.decrypt(sealed, new byte[] {1}))
        .isInstanceOfSatisfying(
            DataCipherException.class,
            e ->
                assertThat(e.reason()).isEqualTo(DataCipherException.Reason.AUTHENTICATION_FAILED));
    // Dropping the last piece leaves a full non-final piece at the end.
    byte[] truncated = Arrays.copyOf(sealed, DataCipher.HEADER_LENGTH + 2 * (C + 16));
    assertThatThrownBy(() -> cipher.decrypt(truncated, new byte[0]))
        .isInstanceOfSatisfying(
            DataCipherException.class,
            e ->
                assertThat(e.reason()).isEqualTo(DataCipherException.Reason.AUTHENTICATION_FAILED));
    assertThatThrownBy(
            () ->
                cipher
                    .streaming()
                    .newDecryptingStream(new ByteArrayInputStream(truncated), new byte[0])
                    .readAllBytes())
        .isInstanceOf(DataCipherException.class);
    // Swapping two pieces.
    byte[] swapped = sealed.clone();
    System.arraycopy(
        sealed, DataCipher.HEADER_LENGTH, swapped, DataCipher.HEADER_LENGTH + C + 16, C + 16);
    System.arraycopy(
        sealed, DataCipher.HEADER_LENGTH + C + 16, swapped, DataCipher.HEADER_LENGTH, C + 16);
    assertThatThrownBy(() -> cipher.decrypt(swapped, new byte[0]))
        .isInstanceOf(DataCipherException.class);
    // Another key entirely.
    assertThatThrownBy(() -> DataCipher.of(OLD).decrypt(sealed, new byte[0]))
        .isInstanceOfSatisfying(
            DataCipherException.class,
            e -> assertThat(e.reason()).isEqualTo(DataCipherException.Reason.UNKNOWN_KEY));
  }

  @Test
  void nextAndPreviousKeysDecryptAreReportedAndCounted() {
    byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
    byte[] none = new byte[0];
    byte[] next = random(32);
    byte[] sealedOld = DataCipher.of(OLD).encrypt(hello, none);
    byte[] sealedNext = DataCipher.of(next).encrypt(hello, none);
    KeyUsage usage = new KeyUsage();
    DataCipher rotated =
        DataCipher.builder(KEY).previousKey(OLD).nextKey(next).keyUsage(usage).build();
    assertThat(rotated.decrypt(sealedOld, none)).isEqualTo(hello);
    assertThat(rotated.decrypt(sealedNext, none)).isEqualTo(hello);
    try (InputStream in =
        rotated.streaming().newDecryptingStream(new ByteArrayInputStream(sealedNext), none)) {
      assertThat(in.readAllBytes()).isEqualTo(hello);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    assertThat(rotated.keyGeneration(sealedOld))
        .isEqualTo(
            new KeyGeneration(
                KeySlot.PREVIOUS, Fingerprints.of(OLD), java.util.List.of(Fingerprints.of(OLD))));
    assertThat(rotated.keyGeneration(sealedNext).slot()).isEqualTo(KeySlot.NEXT);
    assertThat(rotated.keyGeneration(sealedNext).previous()).isFalse();
    byte[] fresh = rotated.encrypt(hello, none);
    assertThat(rotated.keyGeneration(fresh).slot()).isEqualTo(KeySlot.PRIMARY);
    assertThat(rotated.decrypt(fresh, none)).isEqualTo(hello);
    // A refused decryption counts nowhere.
    assertThatThrownBy(() -> rotated.decrypt(fresh, new byte[] {1}))
        .isInstanceOf(DataCipherException.class);
    assertThat(usage.decodes(KeyUsage.Codec.DATA, KeySlot.PRIMARY)).isEqualTo(1);
    assertThat(usage.decodes(KeyUsage.Codec.DATA, KeySlot.NEXT)).isEqualTo(2);
    assertThat(usage.decodes(KeyUsage.Codec.DATA, KeySlot.PREVIOUS)).isEqualTo(1);
    assertThat(usage.decodes(KeyUsage.Codec.SESSION, KeySlot.PRIMARY)).isZero();
    // Without a KeyUsage nothing is counted, and decrypting works the same.
    assertThat(DataCipher.builder(KEY).previousKey(OLD).build().decrypt(sealedOld, none))
        .isEqualTo(hello);
    assertThatThrownBy(() -> DataCipher.builder(KEY).nextKey(KEY)).hasMessageContaining("same id");
    assertThat(rotated.toString()).doesNotContain(new String(KEY, StandardCharsets.US_ASCII));
  }

  @Test
  void eachEncryptionUsesAFreshNonce() {
    DataCipher cipher = DataCipher.of(KEY);
    byte[] x = {'x'};
    assertThat(cipher.encrypt(x, new byte[0])).isNotEqualTo(cipher.encrypt(x, new byte[0]));
  }
}
