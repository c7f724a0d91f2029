package dev.sessionkeys.cli;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.SecretValue;
import dev.sessionkeys.manifest.ManifestWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sessionkeys generate}: prints a fresh key set. The one command that prints key values,
 * because it is asked to.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Print a fresh key set to stdout (the values themselves: redirect them, do not paste them in chats or tickets).",
      "Values are uniform over the profile's alphabet, from the system's SecureRandom.",
      "",
      "Examples:",
      "  sessionkeys generate                       # KEY=value lines",
      "  sessionkeys generate -o yaml > secrets.yaml # a Secret manifest (prefer `sessionkeys init`)"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:ok", "2:usage or input error"})
final class GenerateCommand implements Callable<Integer> {

  enum Format {
    env,
    yaml,
    json
  }

  @Spec CommandSpec spec;

  @Mixin SecretTargetOptions target = new SecretTargetOptions();

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "env",
      description = "env (KEY=value lines, the default), yaml (a Secret manifest) or json.")
  Format format = Format.env;

  @Override
  public Integer call() {
    return run(spec.commandLine().getOut());
  }

  /** The command itself, for picocli and for {@link FastPath}. */
  int run(PrintWriter out) {
    Profile profile = target.profile();
    String name = target.name(profile);
    String ns = target.namespace(profile);
    KeySet keys = KeyGenerator.secure().generate(profile);
    switch (format) {
      case env -> {
        for (Map.Entry<String, SecretValue> entry : keys.values().entrySet()) {
          out.println(entry.getKey() + "=" + entry.getValue().reveal());
        }
      }
      case yaml ->
          out.print(new String(ManifestWriter.secret(name, ns, keys), StandardCharsets.UTF_8));
      case json -> {
        JsonObject json = new JsonObject();
        keys.values().forEach((key, value) -> json.put(key, value.reveal()));
        out.println(json);
      }
    }
    out.flush();
    return ExitCode.OK;
  }
}
