package dev.sessionkeys.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.runtime.DataCipherException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The bytes of {@link DataCipher}'s format, checked against an independent implementation of the
 * documented layout with the JCA: header, key id, per-piece nonces (index and final flag), the
 * associated data, and the exact lengths at which pieces begin and end.
 */
class DataCipherFormatTest {

  static final byte[] KEY = DataCipherTest.KEY;
  static final byte[] OLD = DataCipherTest.OLD;
  static final byte[] THIRD = "q".repeat(32).getBytes(StandardCharsets.US_ASCII);
  static final int C = DataCipher.CHUNK_SIZE;
  static final int H = DataCipher.HEADER_LENGTH;
  static final byte[] AAD = "user:42".getBytes(StandardCharsets.UTF_8);

  static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n + 7L).nextBytes(b);
    return b;
  }

  static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  /** The nonce of piece {@code index}: the message nonce XOR (0^7 || uint32be(index) || final). */
  static byte[] pieceNonce(byte[] nonce, int index, boolean last) {
    byte[] n = nonce.clone();
    n[7] ^= (byte) (index >>> 24);
    n[8] ^= (byte) (index >>> 16);
    n[9] ^= (byte) (index >>> 8);
    n[10] ^= (byte) index;
    n[11] ^= (byte) (last ? 1 : 0);
    return n;
  }

  static byte[] header(byte[] key, byte[] nonce) throws Exception {
    byte[] h = new byte[H];
    h[0] = 1;
    System.arraycopy(sha256(key), 0, h, 1, 4);
    System.arraycopy(nonce, 0, h, 5, 12);
    return h;
  }

  /** Seals one piece as the format says, with the JCA only. */
  static byte[] sealPiece(byte[] key, byte[] header, byte[] aad, int index, boolean last, byte[] in)
      throws Exception {
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    byte[] nonce = Arrays.copyOfRange(header, 5, 17);
    gcm.init(
        Cipher.ENCRYPT_MODE,
        new SecretKeySpec(key, "AES"),
        new GCMParameterSpec(128, pieceNonce(nonce, index, last)));
    byte[] ad = Arrays.copyOf(header, header.length + aad.length);
    System.arraycopy(aad, 0, ad, header.length, aad.length);
    gcm.updateAAD(ad);
    return gcm.doFinal(in);
  }

  /** The whole message as the format says, for a chosen nonce. */
  static byte[] reference(byte[] key, byte[] nonce, byte[] aad, byte[] plain) throws Exception {
    byte[] header = header(key, nonce);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(header);
    int pieces = plain.length == 0 ? 1 : (plain.length + C - 1) / C;
    for (int i = 0; i < pieces; i++) {
      byte[] piece = Arrays.copyOfRange(plain, i * C, Math.min(plain.length, (i + 1) * C));
      out.write(sealPiece(key, header, aad, i, i == pieces - 1, piece));
    }
    return out.toByteArray();
  }

  static byte[] nonceOf(byte[] sealed) {
    return Arrays.copyOfRange(sealed, 5, 17);
  }

  static DataCipherException refusal(ThrowingRunnable r) {
    try {
      r.run();
    } catch (DataCipherException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no exception");
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  static byte[] streamEncrypt(DataCipher cipher, byte[] plain, byte[] aad, int step)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream enc = cipher.streaming().newEncryptingStream(out, aad)) {
      for (int off = 0; off < plain.length; off += step) {
        enc.write(plain, off, Math.min(step, plain.length - off));
      }
    }
    return out.toByteArray();
  }

  static byte[] streamDecrypt(DataCipher cipher, byte[] sealed, byte[] aad) throws IOException {
    try (InputStream in =
        cipher.streaming().newDecryptingStream(new ByteArrayInputStream(sealed), aad)) {
      return in.readAllBytes();
    }
  }

  @Test
  void outputIsExactlyTheDocumentedFormatAtEveryPieceBoundary() throws Exception {
    DataCipher cipher = DataCipher.of(KEY);
    for (int n : new int[] {0, 1, 15, 16, 17, C - 1, C, C + 1, 2 * C, 2 * C + 1}) {
      byte[] plain = random(n);
      byte[] sealed = cipher.encrypt(plain, AAD);
      assertThat(sealed).as("%d bytes", n).isEqualTo(reference(KEY, nonceOf(sealed), AAD, plain));
      byte[] streamed = streamEncrypt(cipher, plain, AAD, 4096);
      assertThat(streamed)
          .as("%d bytes, stream", n)
          .isEqualTo(reference(KEY, nonceOf(streamed), AAD, plain));
    }
    // Without associated data only the header is authenticated with the pieces.
    byte[] plain = random(100);
    byte[] sealed = cipher.encrypt(plain, new byte[0]);
    assertThat(sealed).isEqualTo(reference(KEY, nonceOf(sealed), new byte[0], plain));
    assertThat(cipher.decrypt(sealed, new byte[0])).isEqualTo(plain);
    assertThat(cipher.decrypt(sealed, new byte[0])).isEqualTo(plain);
  }

  @Test
  void decryptsTheDocumentedFormatBuiltElsewhere() throws Exception {
    DataCipher cipher = DataCipher.of(KEY);
    byte[] nonce = new byte[12];
    Arrays.fill(nonce, (byte) 0xa5);
    for (int n : new int[] {0, 1, C - 1, C, C + 1, 2 * C, 2 * C + 1}) {
      byte[] plain = random(n);
      byte[] sealed = reference(KEY, nonce, AAD, plain);
      assertThat(cipher.decrypt(sealed, AAD)).as("%d bytes", n).isEqualTo(plain);
      assertThat(streamDecrypt(cipher, sealed, AAD)).as("%d bytes, stream", n).isEqualTo(plain);
      // The final flag is bound: the same pieces with the last one sealed as not final fail.
      byte[] header = header(KEY, nonce);
      int pieces = n == 0 ? 1 : (n + C - 1) / C;
      int lastStart = (pieces - 1) * C;
      byte[] notFinal =
          sealPiece(KEY, header, AAD, pieces - 1, false, Arrays.copyOfRange(plain, lastStart, n));
      byte[] open = Arrays.copyOf(sealed, H + lastStart + 16 * (pieces - 1) + notFinal.length);
      System.arraycopy(notFinal, 0, open, H + lastStart + 16 * (pieces - 1), notFinal.length);
      DataCipherException e = refusal(() -> cipher.decrypt(open, AAD));
      assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED);
      assertThat(e.getMessage())
          .isEqualTo(
              "AUTHENTICATION_FAILED: piece "
                  + (pieces - 1)
                  + " does not verify: altered, truncated, or other associated data");
      assertThat(refusal(() -> streamDecrypt(cipher, open, AAD)).reason())
          .isEqualTo(Reason.AUTHENTICATION_FAILED);
    }
  }

  @Test
  void thePieceIndexIsBoundPastTheFirstByteOfTheCounter() throws Exception {
    // 257 pieces: piece 256 is the first whose index has a bit in the second byte of the counter.
    DataCipher cipher = DataCipher.of(KEY);
    int n = 256 * C + 1;
    byte[] plain = new byte[n];
    plain[n - 1] = 42;
    plain[255 * C] = 7;
    byte[] sealed = cipher.encrypt(plain, new byte[0]);
    assertThat(sealed).hasSize(H + n + 257 * 16);
    byte[] header = Arrays.copyOf(sealed, H);
    int at255 = H + 255 * (C + 16);
    assertThat(Arrays.copyOfRange(sealed, at255, at255 + C + 16))
        .isEqualTo(
            sealPiece(
                KEY, header, new byte[0], 255, false, Arrays.copyOfRange(plain, 255 * C, 256 * C)));
    int at256 = H + 256 * (C + 16);
    assertThat(Arrays.copyOfRange(sealed, at256, sealed.length))
        .isEqualTo(sealPiece(KEY, header, new byte[0], 256, true, new byte[] {42}));
  }

  @Test
  void theKeyIdIsTheFirstFourBytesOfTheKeysSha256() throws Exception {
    for (byte[] key : new byte[][] {KEY, OLD, THIRD, new byte[16], new byte[24]}) {
      byte[] sealed = DataCipher.of(key).encrypt(new byte[] {1}, new byte[0]);
      assertThat(sealed[0]).isEqualTo((byte) DataCipher.VERSION).isEqualTo((byte) 1);
      assertThat(Arrays.copyOfRange(sealed, 1, 5)).isEqualTo(Arrays.copyOf(sha256(key), 4));
      assertThat(DataCipher.of(key).keyGeneration(sealed).fingerprint())
          .isEqualTo("sha256:" + HexFormat.of().formatHex(sha256(key), 0, 8));
    }
  }

  @Test
  void theKeyNamedInTheHeaderDecrypts() throws Exception {
    DataCipher three = DataCipher.builder(KEY).nextKey(THIRD).previousKey(OLD).build();
    assertThat(three.keyGenerations())
        .containsExactly(
            new KeyGeneration(KeySlot.PRIMARY, Fingerprints.of(KEY), List.of(Fingerprints.of(KEY))),
            new KeyGeneration(
                KeySlot.NEXT, Fingerprints.of(THIRD), List.of(Fingerprints.of(THIRD))),
            new KeyGeneration(
                KeySlot.PREVIOUS, Fingerprints.of(OLD), List.of(Fingerprints.of(OLD))));
    assertThat(three.toString()).isEqualTo("DataCipher" + three.keyGenerations());
    byte[] plain = random(C + 5);
    for (int i = 0; i < 3; i++) {
      byte[] key = new byte[][] {KEY, OLD, THIRD}[i];
      byte[] sealed = DataCipher.of(key).encrypt(plain, AAD);
      assertThat(three.decrypt(sealed, AAD)).isEqualTo(plain);
      assertThat(streamDecrypt(three, sealed, AAD)).isEqualTo(plain);
      assertThat(three.keyGeneration(sealed).slot())
          .isEqualTo(new KeySlot[] {KeySlot.PRIMARY, KeySlot.PREVIOUS, KeySlot.NEXT}[i]);
      assertThat(three.keyGeneration(sealed).previous()).isEqualTo(i == 1);
    }
    // The current key is the first one given: what it writes, a cipher without it cannot read.
    byte[] fresh = three.encrypt(plain, new byte[0]);
    assertThat(DataCipher.of(KEY).decrypt(fresh, new byte[0])).isEqualTo(plain);
    DataCipherException unknown =
        refusal(
            () -> DataCipher.builder(OLD).previousKey(THIRD).build().decrypt(fresh, new byte[0]));
    assertThat(unknown.reason()).isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(unknown.getMessage())
        .isEqualTo(
            "UNKNOWN_KEY: encrypted under the key whose fingerprint starts "
                + Fingerprints.of(KEY).substring(0, 15)
                + ", none of the AES_BASE64_CYPHER_KEY values this cipher holds");
    assertThat(refusal(() -> streamDecrypt(DataCipher.of(OLD), fresh, new byte[0])).reason())
        .isEqualTo(Reason.UNKNOWN_KEY);
    // A key given twice, in any slots, is refused.
    for (byte[][] keys : new byte[][][] {{KEY, OLD, KEY}, {KEY, OLD, OLD}, {KEY, KEY}}) {
      assertThatThrownBy(
              () -> {
                DataCipher.Builder b = DataCipher.builder(keys[0]).nextKey(keys[1]);
                if (keys.length > 2) {
                  b.previousKey(keys[2]);
                }
              })
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "two keys have the same id "
                  + Fingerprints.of(keys[keys.length - 1])
                  + " (the same key given twice?)");
    }
  }

  @Test
  void aesKeysHave16Or24Or32Bytes() {
    for (int n : new int[] {0, 1, 15, 17, 23, 25, 31, 33, 64}) {
      assertThatThrownBy(() -> DataCipher.of(new byte[n]))
          .as("%d bytes", n)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("an AES key has 16, 24 or 32 bytes, this one " + n);
      assertThatThrownBy(() -> DataCipher.builder(KEY).previousKey(new byte[n]))
          .hasMessage("an AES key has 16, 24 or 32 bytes, this one " + n);
    }
    for (int n : new int[] {16, 24, 32}) {
      DataCipher cipher = DataCipher.of(new byte[n]);
      assertThat(cipher.decrypt(cipher.encrypt(new byte[] {3}, new byte[0]), new byte[0]))
          .containsExactly(3);
    }
    assertThatThrownBy(() -> DataCipher.of(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void lengthsThatNoWriterProducesAreMalformed() throws Exception {
    DataCipher cipher = DataCipher.of(KEY);
    byte[] empty = cipher.encrypt(new byte[0], new byte[0]);
    assertThat(empty).hasSize(H + 16);
    assertThat(cipher.decrypt(empty, new byte[0])).isEmpty();
    assertThat(streamDecrypt(cipher, empty, new byte[0])).isEmpty();
    // One byte short of a header and a tag.
    byte[] short1 = Arrays.copyOf(empty, H + 15);
    DataCipherException e = refusal(() -> cipher.decrypt(short1, new byte[0]));
    assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
    assertThat(e.getMessage()).isEqualTo("MALFORMED: shorter than a header and one tag");
    assertThat(refusal(() -> streamDecrypt(cipher, short1, new byte[0])).getMessage())
        .isEqualTo("MALFORMED: the last piece is cut short");
    assertThat(refusal(() -> cipher.decrypt(new byte[0], new byte[0])).reason())
        .isEqualTo(Reason.MALFORMED);

    byte[] two = cipher.encrypt(random(C + 1), AAD);
    assertThat(two).hasSize(H + C + 16 + 17);
    // The last piece cut to a bare tag, or shorter than a tag.
    for (int cut : new int[] {1, 2, 16}) {
      byte[] cutShort = Arrays.copyOf(two, two.length - cut);
      DataCipherException ce = refusal(() -> cipher.decrypt(cutShort, AAD));
      assertThat(ce.getMessage())
          .as("cut %d", cut)
          .isEqualTo("MALFORMED: the last piece is cut short");
      assertThat(refusal(() -> streamDecrypt(cipher, cutShort, AAD)).getMessage())
          .as("cut %d, stream", cut)
          .isEqualTo("MALFORMED: the last piece is cut short");
    }
    // Cut at the piece boundary: the first piece now looks final, and its nonce says otherwise.
    byte[] atBoundary = Arrays.copyOf(two, H + C + 16);
    assertThat(refusal(() -> cipher.decrypt(atBoundary, AAD)).getMessage())
        .startsWith("AUTHENTICATION_FAILED: piece 0 does not verify");
    assertThat(refusal(() -> streamDecrypt(cipher, atBoundary, AAD)).reason())
        .isEqualTo(Reason.AUTHENTICATION_FAILED);
    // One byte added to the last piece.
    byte[] longer = Arrays.copyOf(two, two.length + 1);
    assertThat(refusal(() -> cipher.decrypt(longer, AAD)).getMessage())
        .startsWith("AUTHENTICATION_FAILED: piece 1 does not verify");
    assertThat(refusal(() -> streamDecrypt(cipher, longer, AAD)).reason())
        .isEqualTo(Reason.AUTHENTICATION_FAILED);
    // A full piece followed by an empty final piece is never written (the full piece is the final
    // one), so it is refused before its tag is checked.
    byte[] header = header(KEY, nonceOf(two));
    byte[] first = sealPiece(KEY, header, AAD, 0, false, random(C));
    byte[] emptyLast = sealPiece(KEY, header, AAD, 1, true, new byte[0]);
    ByteArrayOutputStream built = new ByteArrayOutputStream();
    built.write(header);
    built.write(first);
    built.write(emptyLast);
    byte[] extended = built.toByteArray();
    assertThat(extended).hasSize(H + C + 16 + 16);
    assertThat(refusal(() -> cipher.decrypt(extended, AAD)).getMessage())
        .isEqualTo("MALFORMED: the last piece is cut short");
    assertThat(refusal(() -> streamDecrypt(cipher, extended, AAD)).getMessage())
        .isEqualTo("MALFORMED: the last piece is cut short");
    // The same full piece sealed as final is the whole message.
    byte[] full = cipher.encrypt(random(C), AAD);
    assertThat(full).hasSize(H + C + 16);
    assertThat(cipher.decrypt(full, AAD)).isEqualTo(random(C));
    assertThat(streamDecrypt(cipher, full, AAD)).isEqualTo(random(C));
  }

  @Test
  void theVersionByteIsChecked() {
    DataCipher cipher = DataCipher.of(KEY);
    for (int v : new int[] {0, 2, 0x81, 0xff}) {
      byte[] sealed = cipher.encrypt(new byte[] {1}, new byte[0]);
      sealed[0] = (byte) v;
      DataCipherException e = refusal(() -> cipher.decrypt(sealed, new byte[0]));
      assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
      assertThat(e.getMessage()).isEqualTo("MALFORMED: unknown format version " + v);
      assertThat(refusal(() -> cipher.keyGeneration(sealed)).reason()).isEqualTo(Reason.MALFORMED);
      assertThat(refusal(() -> streamDecrypt(cipher, sealed, new byte[0])).reason())
          .isEqualTo(Reason.MALFORMED);
    }
  }

  @Test
  void encryptingStreamWritesPiecesOnlyWhenTheyAreComplete() throws Exception {
    DataCipher cipher = DataCipher.of(KEY);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] plain = random(C + 3);
    OutputStream enc = cipher.streaming().newEncryptingStream(out, AAD);
    for (int i = 0; i < C; i++) {
      enc.write(plain[i]);
    }
    enc.flush();
    // A full piece is held back until more data shows it is not the last.
    assertThat(out.size()).isZero();
    enc.write(plain[C]);
    assertThat(out.size()).isEqualTo(H + C + 16);
    enc.write(plain, C + 1, 2);
    enc.write(plain, 0, 0);
    enc.close();
    byte[] sealed = out.toByteArray();
    assertThat(sealed).isEqualTo(reference(KEY, nonceOf(sealed), AAD, plain));
    // Closing again writes nothing; writing after close is refused.
    enc.close();
    assertThat(out.size()).isEqualTo(sealed.length);
    assertThatThrownBy(() -> enc.write(1))
        .isInstanceOf(IOException.class)
        .hasMessage("stream closed");
    assertThatThrownBy(() -> enc.write(new byte[3], 1, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
    // An empty stream is the same as an empty message.
    ByteArrayOutputStream none = new ByteArrayOutputStream();
    cipher.streaming().newEncryptingStream(none, AAD).close();
    assertThat(none.toByteArray())
        .isEqualTo(reference(KEY, nonceOf(none.toByteArray()), AAD, new byte[0]));
  }

  /** An output stream that records flush and close. */
  static final class Recording extends ByteArrayOutputStream {
    int flushes;
    int closes;

    @Override
    public void flush() {
      flushes++;
    }

    @Override
    public void close() {
      closes++;
    }
  }

  @Test
  void streamsPassFlushAndCloseOnAndCopyTheAssociatedData() throws Exception {
    DataCipher cipher = DataCipher.of(KEY);
    Recording out = new Recording();
    byte[] aad = AAD.clone();
    OutputStream enc = cipher.streaming().newEncryptingStream(out, aad);
    aad[0] ^= 1;
    enc.write(new byte[] {1, 2, 3});
    enc.flush();
    assertThat(out.flushes).isEqualTo(1);
    enc.close();
    enc.close();
    assertThat(out.closes).isEqualTo(1);
    assertThat(cipher.decrypt(out.toByteArray(), AAD)).containsExactly(1, 2, 3);

    boolean[] closed = {false};
    InputStream source =
        new ByteArrayInputStream(out.toByteArray()) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };
    byte[] aad2 = AAD.clone();
    InputStream dec = cipher.streaming().newDecryptingStream(source, aad2);
    aad2[0] ^= 1;
    assertThat(dec.readAllBytes()).containsExactly(1, 2, 3);
    dec.close();
    assertThat(closed[0]).isTrue();
  }

  @Test
  void decryptingStreamReadsByteByByteAndAnswersZeroLengthReads() throws Exception {
    DataCipher cipher = DataCipher.of(KEY);
    byte[] plain = new byte[C + 2];
    plain[0] = (byte) 0xff;
    plain[C] = (byte) 0x80;
    plain[C + 1] = 0x7f;
    byte[] sealed = cipher.encrypt(plain, AAD);
    InputStream in = cipher.streaming().newDecryptingStream(new ByteArrayInputStream(sealed), AAD);
    byte[] buf = new byte[4];
    assertThat(in.read(buf, 0, 0)).isZero();
    assertThat(in.read()).isEqualTo(0xff);
    for (int i = 1; i < C; i++) {
      assertThat(in.read()).isEqualTo(0);
    }
    assertThat(in.read()).isEqualTo(0x80);
    assertThat(in.read(buf, 1, 3)).isEqualTo(1);
    assertThat(buf[1]).isEqualTo((byte) 0x7f);
    assertThat(in.read()).isEqualTo(-1);
    assertThat(in.read(buf, 0, 4)).isEqualTo(-1);
    assertThat(in.read(buf, 0, 0)).isZero();
    assertThatThrownBy(() -> in.read(buf, 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    // A zero-length read does not touch the source, so even garbage is not looked at yet.
    InputStream garbage =
        cipher.streaming().newDecryptingStream(new ByteArrayInputStream(new byte[3]), AAD);
    assertThat(garbage.read(buf, 0, 0)).isZero();
    assertThat(refusal(garbage::read).getMessage()).isEqualTo("MALFORMED: shorter than a header");
  }

  @Test
  void decryptingStreamRefusesAShortHeaderEvenWhenItNamesAKnownKey() throws Exception {
    DataCipher cipher = DataCipher.of(KEY);
    byte[] sealed = cipher.encrypt(new byte[] {1}, new byte[0]);
    for (int n : new int[] {0, 1, 5, H - 1}) {
      byte[] head = Arrays.copyOf(sealed, n);
      DataCipherException e = refusal(() -> streamDecrypt(cipher, head, new byte[0]));
      assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
      assertThat(e.getMessage()).as("%d bytes", n).isEqualTo("MALFORMED: shorter than a header");
    }
    // A source that hands out one byte at a time is read to the end all the same.
    ByteArrayInputStream source = new ByteArrayInputStream(cipher.encrypt(random(C + 9), AAD));
    InputStream trickle =
        new InputStream() {
          @Override
          public int read() {
            return source.read();
          }

          @Override
          public int read(byte[] b, int off, int len) {
            return source.read(b, off, Math.min(len, 1));
          }
        };
    assertThat(cipher.streaming().newDecryptingStream(trickle, AAD).readAllBytes())
        .isEqualTo(random(C + 9));
  }
}
