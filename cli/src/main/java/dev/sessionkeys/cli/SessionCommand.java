package dev.sessionkeys.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sessionkeys session decode}: a gorilla/sessions cookie under SESSION_AUTH_KEY /
 * SESSION_ENCRYPTION_KEY.
 */
@Command(
    name = "session",
    mixinStandardHelpOptions = true,
    description = {
      "Decode a session cookie (gorilla/sessions CookieStore) with SESSION_AUTH_KEY",
      "and SESSION_ENCRYPTION_KEY (and their _PREVIOUS values). Key values are never printed."
    },
    subcommands = {SessionCommand.Decode.class})
final class SessionCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "decode",
      mixinStandardHelpOptions = true,
      description = {
        "Verify and decode a session cookie; print its values (with their Go types),",
        "its age and which key generation signed it, or the exact reason it is",
        "rejected (\"why was I logged out?\"). VALUE may be the value, NAME=value or",
        "a whole Cookie header; '-' reads stdin. The payload is gob unless --json/--raw.",
        "",
        "Examples:",
        "  sessionkeys session decode --name insights 'insights=MTcwMD...' --secret secrets.yaml",
        "  sessionkeys session decode --name insights -   # keys from the environment"
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:the session cookie is valid",
        "1:it is rejected (the reason is printed)",
        "2:usage or input error (missing or wrong key)"
      })
  static final class Decode extends CookieCommand.Decode {
    @Override
    boolean session() {
      return true;
    }
  }
}
