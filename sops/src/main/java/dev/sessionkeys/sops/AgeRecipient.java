package dev.sessionkeys.sops;

import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import java.security.GeneralSecurityException;
import java.util.Objects;

/** An age X25519 recipient, the public {@code age1...} Bech32 string. Validated on construction. */
public record AgeRecipient(String value) {

  public AgeRecipient {
    Objects.requireNonNull(value, "value");
    // Lower case only: jagged's bech32 decoding refuses mixed case.
    if (!value.startsWith("age1")) {
      throw invalid(value);
    }
    try {
      X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(value);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw invalid(value);
    }
  }

  /**
   * Parses one recipient, trimming surrounding spaces (as in a comma-separated {@code .sops.yaml}
   * list).
   */
  public static AgeRecipient parse(String text) {
    return new AgeRecipient(text.strip());
  }

  private static SopsException invalid(String value) {
    if (value.regionMatches(true, 0, "AGE-SECRET-KEY-", 0, 15)) {
      // A pasted identity: never echo the secret.
      return new SopsException(
          SopsException.Reason.INVALID_KEY,
          "an age identity (AGE-SECRET-KEY-1...) was given where a recipient is expected; pass"
              + " its public key instead (age-keygen -y prints it)");
    }
    String shown = value.length() > 70 ? value.substring(0, 70) + "..." : value;
    return new SopsException(
        SopsException.Reason.INVALID_KEY,
        "'"
            + shown
            + "' is not an age X25519 recipient: expected 'age1' followed by 58 Bech32 characters,"
            + " as printed by 'age-keygen -y' or 'sessionkeys age-keygen'");
  }

  @Override
  public String toString() {
    return value;
  }
}
