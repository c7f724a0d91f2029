package dev.sessionkeys.cli;

import dev.sessionkeys.sops.SopsException;

/**
 * The exit codes of SOPS failures, apart from {@link Failures} so that only commands that met an
 * encrypted input load SOPS classes: 2 for what the user gave wrong (input, not a SOPS file,
 * unsupported version, invalid key, no identity found); 1 for a file that must not be trusted or
 * cannot be opened with the identities given (wrong identity, tampered value or MAC, damaged age
 * file), a refusal; 3 for I/O.
 */
final class SopsFailures {

  private SopsFailures() {}

  static Failures.Outcome outcome(Throwable failure) {
    SopsException e = (SopsException) failure;
    int code =
        switch (e.reason()) {
          case INVALID_INPUT, NOT_A_SOPS_FILE, UNSUPPORTED_VERSION, INVALID_KEY, MISSING_IDENTITY ->
              ExitCode.USAGE_OR_INPUT;
          case WRONG_IDENTITY, CORRUPT_AGE_FILE, TAMPERED_VALUE, TAMPERED_MAC ->
              ExitCode.FINDINGS_OR_REFUSED;
          case IO -> ExitCode.CLUSTER_OR_IO;
        };
    return new Failures.Outcome(code, message(e), false);
  }

  /** A SOPS failure's message on one line. */
  static String message(SopsException e) {
    return e.getMessage() == null ? "SOPS failure" : Failures.oneLine(e.getMessage());
  }
}
