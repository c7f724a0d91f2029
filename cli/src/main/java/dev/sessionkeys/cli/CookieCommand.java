package dev.sessionkeys.cli;

import dev.sessionkeys.runtime.CookieException;
import dev.sessionkeys.runtime.CookieSessionStore;
import dev.sessionkeys.runtime.GobView;
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

  /** What encode and decode (of a cookie or a session) share: the keys and the cookie's name. */
  abstract static class Keyed implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CookieKeyOptions keyOptions;

    /** The cookie (or session) codec of the validated key set, with the requested max age. */
    SecureCookie codec(boolean session) {
      SessionKeys keys = keyOptions.keys();
      return (session ? keys.sessionCodecBuilder() : keys.cookieCodecBuilder())
          .maxAgeSeconds(keyOptions.maxAge.getSeconds())
          .build();
    }
  }

  @Command(
      name = "encode",
      mixinStandardHelpOptions = true,
      description = {
        "Print the cookie value for VALUE: JSON text with --json, a JSON object of",
        "session values with --gob (the default), text with --raw. '-' reads stdin.",
        "--gob-type writes the object as the Go map type the app decodes into.",
        "",
        "Examples:",
        "  sessionkeys cookie encode --name prefs --json '{\"theme\":\"dark\"}' --secret secrets.yaml",
        "  sessionkeys cookie encode --name insights '{\"user\":\"alice\"}'      # keys from the environment",
        "  sessionkeys cookie encode --name app --gob-type 'map[string]string' '{\"user\":\"alice\"}'"
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:ok", "2:usage or input error (bad VALUE, missing or wrong key)"})
  static final class Encode extends Keyed {
    @Option(
        names = "--gob-type",
        paramLabel = "TYPE",
        defaultValue = "map[interface{}]interface{}",
        description = {
          "The Go type of a gob value: map[interface{}]interface{} (gorilla/sessions, the",
          "default), map[string]interface{} (nested objects allowed) or map[string]string."
        })
    String gobType;

    @Parameters(paramLabel = "VALUE", description = "The value to encode; '-' reads it from stdin.")
    String value;

    @Override
    public Integer call() {
      GobView.MapType type;
      try {
        type = GobView.MapType.parse(gobType);
      } catch (IllegalArgumentException e) {
        throw CliException.input("--gob-type: " + e.getMessage());
      }
      SecureCookie codec = codec(false);
      try {
        String cookie =
            CookieInspector.encode(
                codec, keyOptions.name, keyOptions.format(), CookieKeyOptions.value(value), type);
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
        "generation signed it, or the exact reason it is rejected. With --gob, session",
        "values are listed with their Go types, any other gob value shown as JSON.",
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
  static class Decode extends Keyed {
    @Parameters(
        paramLabel = "VALUE",
        description = "The cookie value, NAME=value or a Cookie header; '-' for stdin.")
    String value;

    /** Whether the session keys decode it (session decode) rather than the cookie keys. */
    boolean session() {
      return false;
    }

    /**
     * Decodes VALUE ({@code -}: stdin; a bare value, NAME=value or a Cookie header), prints the
     * inspection and returns 0 or 1.
     */
    @Override
    public Integer call() {
      String name = keyOptions.name;
      String argument = CookieKeyOptions.value(value);
      String fromHeader = CookieSessionStore.cookieValue(argument, name);
      CookieInspector.Inspection inspection =
          CookieInspector.decode(
              codec(session()),
              name,
              fromHeader != null ? fromHeader : argument.strip(),
              keyOptions.format(),
              Clock.systemUTC());
      PrintWriter out = spec.commandLine().getOut();
      inspection.lines().forEach(out::println);
      return inspection.accepted() ? ExitCode.OK : ExitCode.FINDINGS_OR_REFUSED;
    }
  }
}
