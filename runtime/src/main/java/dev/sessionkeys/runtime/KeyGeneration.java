package dev.sessionkeys.runtime;

/**
 * Which key pair of a codec authenticated a cookie (or encrypted a value): its position and the fingerprint of its
 * authentication key. Position 0 is the current key; anything else is a previous key, so the caller should re-issue
 * the cookie (or re-encrypt the data) under the current one.
 *
 * @param index 0 for the current key pair, 1.. for previous pairs in the order they were given
 * @param fingerprint the first 8 hex characters of the SHA-256 of the key that verified (never the key itself)
 */
public record KeyGeneration(int index, String fingerprint) {

  /** True when a previous (rotated-out) key was needed: re-issue under the current key. */
  public boolean previous() {
    return index > 0;
  }
}
