package dev.sessionkeys.runtime;

import java.util.List;
import java.util.Objects;

/**
 * Which keys of a codec authenticated a cookie (or encrypted a value): their slot and fingerprints,
 * never the keys. A value read with a {@link KeySlot#PREVIOUS} key should be re-issued (or
 * re-encrypted) under the primary one; one read with a {@link KeySlot#NEXT} key is newer than this
 * process's primary key (a replica that was already promoted wrote it) and is left as it is.
 *
 * <p>A cookie or session generation is a pair (hash or auth key, block or encryption key), and
 * either half may rotate alone: {@link #fingerprint()} covers both, so two generations that differ
 * in any key have different fingerprints. {@link #keyFingerprints()} names each key as {@code
 * sessionkeys check} and {@code audit} show it.
 *
 * @param slot primary, next or previous
 * @param fingerprint {@code sha256:} and 16 hex characters identifying the generation: with one
 *     key, that key's fingerprint; with a pair, the first 16 hex characters of
 *     SHA-256(SHA-256(first key) || SHA-256(second key))
 * @param keyFingerprints each key's fingerprint ({@code sha256:} and the first 16 hex characters of
 *     its SHA-256), in the order above: hash key then block key (when there is one) for cookies,
 *     auth key then encryption key for sessions, the key for data
 */
public record KeyGeneration(KeySlot slot, String fingerprint, List<String> keyFingerprints) {

  public KeyGeneration {
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(fingerprint, "fingerprint");
    keyFingerprints = List.copyOf(keyFingerprints);
  }

  /** True when a previous (rotated-out) generation was needed: re-issue under the primary keys. */
  public boolean previous() {
    return slot == KeySlot.PREVIOUS;
  }
}
