package dev.sessionkeys.sops;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.x25519.X25519KeyFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import javax.crypto.spec.SecretKeySpec;

/**
 * An age X25519 identity ({@code AGE-SECRET-KEY-1...}). Holds the secret; {@link #toString()} shows
 * only the public recipient, never the secret.
 */
public final class AgeIdentity {

  private final String secret;
  private final AgeRecipient recipient;

  private AgeIdentity(String secret, AgeRecipient recipient) {
    this.secret = secret;
    this.recipient = recipient;
  }

  /**
   * Parses an identity line. {@code where} names its origin for the error message (e.g. "keys.txt
   * line 3").
   */
  public static AgeIdentity parse(String text, String where) {
    String s = text.strip();
    if (!s.startsWith("AGE-SECRET-KEY-1")) {
      throw invalid(where);
    }
    try {
      // jagged derives the public key from the identity: X25519(identity, basepoint).
      Key publicKey =
          new X25519KeyFactory()
              .translateKey(new SecretKeySpec(s.getBytes(StandardCharsets.US_ASCII), "X25519"));
      return new AgeIdentity(s, new AgeRecipient(publicKey.toString()));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw invalid(where);
    }
  }

  private static SopsException invalid(String where) {
    return new SopsException(
        SopsException.Reason.INVALID_KEY,
        where
            + " is not a valid age identity: expected one 'AGE-SECRET-KEY-1...' per line"
            + " (run 'sessionkeys age-keygen' to make one)");
  }

  /** The public key matching this identity. */
  public AgeRecipient recipient() {
    return recipient;
  }

  RecipientStanzaReader stanzaReader() throws GeneralSecurityException {
    return X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(secret);
  }

  /**
   * The secret line, for writing a key file. Package-private: only {@link AgeKeys} writes key
   * files.
   */
  String secretForKeyFile() {
    return secret;
  }

  @Override
  public String toString() {
    return "AgeIdentity[" + recipient.value() + "]";
  }
}
