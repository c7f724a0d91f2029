package dev.sessionkeys.cli;

import dev.sessionkeys.runtime.SecureCookie;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
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
  static final class Decode implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CookieKeyOptions keyOptions;

    @Option(
        names = "--name",
        required = true,
        paramLabel = "NAME",
        description = "The session's name (the cookie's name).")
    String name;

    @Parameters(
        paramLabel = "VALUE",
        description = "The cookie value, NAME=value or a Cookie header; '-' for stdin.")
    String value;

    @Override
    public Integer call() {
      SecureCookie codec = CookieCommand.codec(keyOptions.keys(), keyOptions.maxAgeSeconds, true);
      return CookieCommand.print(
          spec.commandLine().getOut(),
          CookieInspector.decode(
              codec,
              name,
              CookieCommand.cookieValue(CookieKeyOptions.value(value), name),
              keyOptions.format(),
              Clock.systemUTC()));
    }
  }
}
