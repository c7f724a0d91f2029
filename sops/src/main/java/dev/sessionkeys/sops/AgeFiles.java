package dev.sessionkeys.sops;

import com.exceptionfactory.jagged.DecryptingChannelFactory;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.UnsupportedRecipientStanzaException;
import com.exceptionfactory.jagged.framework.armor.ArmoredDecodingException;
import com.exceptionfactory.jagged.framework.armor.ArmoredDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.armor.ArmoredEncryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * ASCII-armored age files holding a small secret (sops' 32-byte data key), through jagged: X25519
 * stanzas, the header MAC, the ChaCha20-Poly1305 payload and the strict PEM armor all come from
 * there.
 */
final class AgeFiles {

  /**
   * Upper bound on what we accept as the plaintext of a data-key file; sops' is exactly 32 bytes.
   */
  private static final int MAX_PLAINTEXT = 1024;

  private AgeFiles() {}

  /** How opening an age file went. */
  sealed interface Opened permits Opened.Ok, Opened.NoMatch, Opened.Corrupt {
    record Ok(byte[] plaintext) implements Opened {
      @Override
      public String toString() {
        return "Ok[" + plaintext.length + " bytes]";
      }
    }

    /** No identity matched a stanza: wrong key, or the stanza's wrap was altered. */
    record NoMatch() implements Opened {}

    /**
     * The armor, header or payload is damaged; {@code problem} is a short description without
     * secrets.
     */
    record Corrupt(String problem) implements Opened {}
  }

  /**
   * One armored age file for one recipient ({@code -----BEGIN AGE ENCRYPTED FILE-----}, 64-column
   * lines).
   */
  static String encryptArmored(byte[] plaintext, AgeRecipient recipient) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (WritableByteChannel channel =
        new ArmoredEncryptingChannelFactory()
            .newEncryptingChannel(
                Channels.newChannel(out),
                List.of(
                    X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(
                        recipient.value())))) {
      channel.write(ByteBuffer.wrap(plaintext));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("age encryption failed", e);
    }
    String armored = out.toString(StandardCharsets.US_ASCII);
    return armored.endsWith("\n") ? armored : armored + "\n";
  }

  /**
   * Tries every identity on an armored age file. Reads the whole payload before trusting any of it.
   */
  static Opened decryptArmored(String armored, List<AgeIdentity> identities) {
    return decrypt(armored.getBytes(StandardCharsets.UTF_8), true, identities, MAX_PLAINTEXT);
  }

  /**
   * Tries every identity on an age file, armored or binary, releasing at most {@code limit}
   * plaintext bytes.
   */
  static Opened decrypt(byte[] input, boolean armored, List<AgeIdentity> identities, int limit) {
    List<RecipientStanzaReader> readers = new ArrayList<>();
    try {
      for (AgeIdentity identity : identities) {
        readers.add(identity.stanzaReader());
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("age identity rejected after validation", e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DecryptingChannelFactory factory =
        armored ? new ArmoredDecryptingChannelFactory() : new StandardDecryptingChannelFactory();
    try (ReadableByteChannel channel =
        factory.newDecryptingChannel(
            Channels.newChannel(new ByteArrayInputStream(input)), readers)) {
      ByteBuffer buffer = ByteBuffer.allocate(4096);
      int n;
      while ((n = channel.read(buffer)) != -1) {
        if (out.size() + n > limit) {
          return new Opened.Corrupt("the age payload is larger than expected");
        }
        out.write(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
    } catch (UnsupportedRecipientStanzaException e) {
      return new Opened.NoMatch();
    } catch (ArmoredDecodingException e) {
      return new Opened.Corrupt("its ASCII armor is damaged or truncated (" + e.getMessage() + ")");
    } catch (IOException e) {
      return new Opened.Corrupt("its payload is damaged (" + e.getMessage() + ")");
    } catch (GeneralSecurityException e) {
      return new Opened.Corrupt("its header is damaged (" + e.getMessage() + ")");
    } catch (RuntimeException e) {
      return new Opened.Corrupt("it is not a readable age file");
    }
    return new Opened.Ok(out.toByteArray());
  }
}
