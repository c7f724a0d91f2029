package dev.sessionkeys.runtime;

/**
 * A verified cookie value.
 *
 * @param value the deserialized value
 * @param timestamp when it was issued, Unix seconds (as signed into the cookie)
 * @param key which key pair verified it; {@link KeyGeneration#previous()} means re-issue under the
 *     primary key
 * @param <T> the value's type
 */
public record DecodedCookie<T>(T value, long timestamp, KeyGeneration key) {

  @Override
  public String toString() {
    // The value may be a session's content: keep it out of logs by default.
    return "DecodedCookie[timestamp=" + timestamp + ", key=" + key + "]";
  }
}
