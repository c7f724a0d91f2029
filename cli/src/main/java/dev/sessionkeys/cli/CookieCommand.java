package dev.sessionkeys.cli;

import dev.sessionkeys.runtime.CookieException;
import dev.sessionkeys.runtime.CookieSessionStore;
import dev.sessionkeys.runtime.SecureCookie;
import dev.sessionkeys.runtime.SessionKeys;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sessionkeys cookie encode|decode}: gorilla/securecookie values under COOKIE_HASH_KEY /
 * COOKIE_BLOCK_KEY, for debugging. Decode prints the values and the cookie's age, or the exact
 * reason it is rejected.
 */
@Command(
    name = "cookie",
    mixinStandardHelpOptions = true,
    description = {
      "Encode or decode a secure cookie (gorilla/securecookie) with COOKIE_HASH_KEY",
      "and COOKIE_BLOCK_KEY (and their _PREVIOUS values). Key values are never printed."
    },
    subcommands = {CookieCommand.Encode.class, CookieCommand.Decode.class})
final class CookieCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The cookie (or session) codec of a validated key set, with the requested max age. */
  static SecureCookie codec(SessionKeys keys, long maxAgeSeconds, boolean session) {
    return (session ? keys.sessionCodecBuilder() : keys.cookieCodecBuilder())
        .maxAgeSeconds(maxAgeSeconds)
        .build();
  }

  @Command(
      name = "encode",
      mixinStandardHelpOptions = true,
      description = {
        "Print the cookie value for VALUE: JSON text with --json, a JSON object of",
        "session values with --gob (the default), text with --raw. '-' reads stdin.",
        "",
        "Examples:",
        "  sessionkeys cookie encode --name prefs --json '{\"theme\":\"dark\"}' --secret secrets.yaml",
        "  sessionkeys cookie encode --name insights '{\"user\":\"alice\"}'      # keys from the environment"
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:ok", "2:usage or input error (bad VALUE, missing or wrong key)"})
  static final class Encode implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CookieKeyOptions keyOptions;

    @Option(
        names = "--name",
        required = true,
        paramLabel = "NAME",
        description = "The cookie's name (it is signed).")
    String name;

    @Parameters(paramLabel = "VALUE", description = "The value to encode; '-' reads it from stdin.")
    String value;

    @Override
    public Integer call() {
      SecureCookie codec = codec(keyOptions.keys(), keyOptions.maxAgeSeconds, false);
      try {
        String cookie =
            CookieInspector.encode(codec, name, keyOptions.format(), CookieKeyOptions.value(value));
        spec.commandLine().getOut().println(cookie);
        return ExitCode.OK;
      } catch (IllegalArgumentException | CookieException e) {
        throw CliException.input("cannot encode VALUE: " + e.getMessage());
      }
    }
  }

  @Command(
      name = "decode",
      mixinStandardHelpOptions = true,
      description = {
        "Verify and decode a cookie value; print its values, its age and which key",
        "generation signed it, or the exact reason it is rejected.",
        "VALUE may be the value, NAME=value or a whole Cookie header; '-' reads stdin.",
        "",
        "Examples:",
        "  sessionkeys cookie decode --name prefs --json MTcwMD... --secret secrets.yaml",
        "  pbpaste | sessionkeys cookie decode --name insights -"
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:the cookie is valid",
        "1:the cookie is rejected (the reason is printed)",
        "2:usage or input error (missing or wrong key)"
      })
  static final class Decode implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CookieKeyOptions keyOptions;

    @Option(
        names = "--name",
        required = true,
        paramLabel = "NAME",
        description = "The cookie's name (it is signed).")
    String name;

    @Parameters(
        paramLabel = "VALUE",
        description = "The cookie value, NAME=value or a Cookie header; '-' for stdin.")
    String value;

    @Override
    public Integer call() {
      SecureCookie codec = codec(keyOptions.keys(), keyOptions.maxAgeSeconds, false);
      return print(
          spec.commandLine().getOut(),
          CookieInspector.decode(
              codec,
              name,
              cookieValue(CookieKeyOptions.value(value), name),
              keyOptions.format(),
              Clock.systemUTC()));
    }
  }

  /** Accepts a bare value, NAME=value, or a Cookie header holding NAME. */
  static String cookieValue(String argument, String name) {
    String fromHeader = CookieSessionStore.cookieValue(argument, name);
    return fromHeader != null ? fromHeader : argument.strip();
  }

  static int print(PrintWriter out, CookieInspector.Inspection inspection) {
    for (String line : inspection.lines()) {
      out.println(line);
    }
    return inspection.accepted() ? ExitCode.OK : ExitCode.FINDINGS_OR_REFUSED;
  }
}
