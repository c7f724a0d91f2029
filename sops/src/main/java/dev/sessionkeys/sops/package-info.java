/**
 * SOPS files with age recipients, read and written natively, so that plaintext keys never need to
 * touch disk.
 *
 * <p>Entry point: {@link dev.sessionkeys.sops.Sops} ({@code encrypt}, {@code decrypt}, {@code
 * isSopsFile}), {@link dev.sessionkeys.sops.SopsRewrite} and {@link
 * dev.sessionkeys.sops.SecretSource}; keys: {@link dev.sessionkeys.sops.AgeKeys} (age-keygen,
 * identities found the way sops finds them); recipients and rules from {@code .sops.yaml}: {@link
 * dev.sessionkeys.sops.SopsConfig}. Every failure is a {@link dev.sessionkeys.sops.SopsException}
 * with a user-facing message and a {@link dev.sessionkeys.sops.SopsException.Reason}.
 *
 * <p>The format follows {@code shared/specs/sops-age.md}: per-value AES-256-GCM (32-byte IVs) with
 * the key path as AAD, the SHA-512 MAC over the values as go-yaml v3 types them, encrypted with
 * {@code lastmodified} as AAD, one armored age file per recipient (through jagged, which passes the
 * C2SP X25519/armor vectors). Decisions where sops versions differ:
 *
 * <ul>
 *   <li>An unquoted date (a {@code time.Time} to go-yaml) is refused on both sides, as sops 3.9
 *       does; we always quote date-like strings when writing, so every sops version reads our
 *       files.
 *   <li>A missing, empty or non-semver {@code version} is refused, as the sops CLI ({@code sops
 *       -d}) refuses it; we write {@code "3.9.4"}, quoted.
 *   <li>One YAML document per file; Shamir key groups and the comment-regex rules are refused with
 *       a message saying so.
 * </ul>
 */
package dev.sessionkeys.sops;
