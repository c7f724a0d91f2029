package dev.sessionkeys.kube;

/**
 * One key whose value would change, shown by fingerprints only.
 *
 * @param key the Secret key
 * @param liveFingerprint the fingerprint of the live value, or {@code null} when the live Secret
 *     lacks the key
 * @param newFingerprint the fingerprint of the value to write
 * @param consequence what replacing it does to users or data, in one line
 */
public record KeyDifference(
    String key, String liveFingerprint, String newFingerprint, String consequence) {}
