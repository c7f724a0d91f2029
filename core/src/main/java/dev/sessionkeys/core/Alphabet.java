package dev.sessionkeys.core;

import java.util.Objects;

/**
 * The characters a key value may contain. Keys are printable strings (not raw bytes) because the
 * apps that read them take the Secret's value as text: a 32-character value is used directly as a
 * 32-byte AES-256 key.
 *
 * @param name a short human name, such as {@code alphanumeric}
 * @param characters every allowed character, each once, all printable ASCII
 */
public record Alphabet(String name, String characters) {

  /**
   * {@code [A-Za-z0-9]}: what the seed documentation's {@code tr -dc A-Za-z0-9} and Helm's {@code
   * randAlphaNum} give.
   */
  public static final Alphabet ALPHANUMERIC =
      new Alphabet(
          "alphanumeric", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

  public Alphabet {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(characters, "characters");
    if (characters.length() < 2) {
      throw new IllegalArgumentException(
          "an alphabet needs at least 2 characters, got " + characters.length());
    }
    if (characters.length() > 256) {
      throw new IllegalArgumentException(
          "an alphabet may hold at most 256 characters, got " + characters.length());
    }
    for (int i = 0; i < characters.length(); i++) {
      char c = characters.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException(
            "alphabet '%s' holds a character that is not printable ASCII at position %s"
                .formatted(name, i + 1));
      }
      if (characters.indexOf(c, i + 1) >= 0) {
        throw new IllegalArgumentException(
            "alphabet '" + name + "' lists the character '" + c + "' twice");
      }
    }
  }

  /** The number of distinct characters. */
  public int size() {
    return characters.length();
  }

  public boolean contains(char c) {
    return characters.indexOf(c) >= 0;
  }

  /** Whether every character of {@code value} is in this alphabet. */
  public boolean containsAll(CharSequence value) {
    for (int i = 0; i < value.length(); i++) {
      if (!contains(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Bits of entropy each uniformly chosen character carries: log2(size). 62 characters give 5.95
   * bits, so a 32-character key holds about 190 bits and a 64-character key about 381.
   */
  public double bitsPerCharacter() {
    return Math.log(size()) / Math.log(2);
  }
}
