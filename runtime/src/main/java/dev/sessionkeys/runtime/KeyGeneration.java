package dev.sessionkeys.runtime;

import java.util.List;
import java.util.Objects;

/**
 * Which keys of a codec authenticated a cookie (or encrypted a value): their position and
 * fingerprints, never the keys. Position 0 is the current generation; anything else is a previous
 * one, so the caller should re-issue the cookie (or re-encrypt the data) under the current keys.
 *
 * <p>A cookie or session generation is a pair (hash or auth key, block or encryption key), and
 * either half may rotate alone: {@link #fingerprint()} covers both, so two generations that differ
 * in any key have different fingerprints. {@link #keyFingerprints()} names each key as {@code
 * sessionkeys check} and {@code audit} show it.
 *
 * @param index 0 for the current generation, 1.. for previous ones in the order they were given
 * @param fingerprint 8 hex characters identifying the generation: with one key, that key's
 *     fingerprint (first 8 hex characters of its SHA-256); with a pair, the first 8 hex characters
 *     of SHA-256(SHA-256(first key) || SHA-256(second key))
 * @param keyFingerprints each key's fingerprint (first 8 hex characters of its SHA-256), in the
 *     order above: hash key then block key (when there is one) for cookies, auth key then
 *     encryption key for sessions, the key for data
 */
public record KeyGeneration(int index, String fingerprint, List<String> keyFingerprints) {

  public KeyGeneration {
    Objects.requireNonNull(fingerprint, "fingerprint");
    keyFingerprints = List.copyOf(keyFingerprints);
  }

  /** True when a previous (rotated-out) generation was needed: re-issue under the current keys. */
  public boolean previous() {
    return index > 0;
  }
}
