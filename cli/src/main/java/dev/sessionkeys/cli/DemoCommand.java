package dev.sessionkeys.cli;

import dev.sessionkeys.demo.DemoException;
import dev.sessionkeys.demo.DemoOptions;
import dev.sessionkeys.demo.DemoServer;
import dev.sessionkeys.sops.AgeKeys;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sessionkeys demo}: runs the demo web app until Ctrl-C, to see users stay signed in across
 * restarts, replicas and key rotations.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run a small web app that signs users in with session cookies made from the",
      "keys, as the runtime library does. Sign in, restart it with the same keys:",
      "still signed in. Two of them on two ports with the same keys behave as two",
      "replicas behind a load balancer. During a rotation (old keys kept as",
      "<KEY>_PREVIOUS) cookies signed with the previous keys are accepted and",
      "re-issued under the new ones.",
      "Keys come from --secret (secrets.yaml; secrets.enc.yaml, decrypted in memory;",
      "or a mounted Secret directory) or the environment. It serves plain HTTP on",
      "127.0.0.1, so it sets ALLOW_HTTP_COOKIES=true (cookies without Secure) and",
      "says so.",
      "",
      "Examples:",
      "  sessionkeys init && sessionkeys demo --secret secrets.yaml",
      "  sessionkeys demo --secret secrets.yaml --port 8081"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped",
      "2:usage or input error (missing or invalid keys, unreadable secrets.yaml)",
      "3:I/O failure (the port is in use)"
    })
final class DemoCommand implements Callable<Integer> {

  /**
   * What runs while the demo serves; by default, until the process is stopped. Tests replace it.
   */
  interface Serving {
    void serve(DemoServer server) throws Exception;
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description = "Port to listen on (0: any free port). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      defaultValue = DemoOptions.DEFAULT_HOST,
      description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only).")
  String host;

  @Option(
      names = "--secret",
      paramLabel = "FILE|DIR",
      description =
          "secrets.yaml (a Secret manifest, as `sessionkeys init` writes it) or a mounted Secret"
              + " directory, or a SOPS-encrypted secrets.enc.yaml. Default: the keys from the environment.")
  Path secret;

  @Mixin IdentityOption identityOption;

  private final Serving serving;

  DemoCommand() {
    this(DemoCommand::untilStopped);
  }

  DemoCommand(Serving serving) {
    this.serving = serving;
  }

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw CliException.input("--port " + port + ": a port is 0..65535");
    }
    if (host.isBlank()) {
      throw CliException.input(
          "--host is empty; give an address such as " + DemoOptions.DEFAULT_HOST);
    }
    // The demo reads --secret itself, plain or SOPS-encrypted, through the same SecretSource as
    // every command; -i reaches it as sops' own SOPS_AGE_KEY_FILE.
    Map<String, String> environment = new HashMap<>(CliEnvironment.get());
    if (identityOption.identity != null) {
      environment.put(AgeKeys.SOPS_AGE_KEY_FILE, identityOption.identity.toString());
    }
    PrintWriter out = spec.commandLine().getOut();
    DemoServer server;
    try {
      server =
          DemoServer.start(
              DemoOptions.defaults()
                  .withSecret(secret)
                  .withEnvironment(environment)
                  .withHost(host)
                  .withPort(port)
                  .withConsole(
                      line -> {
                        out.println(line);
                        out.flush();
                      }));
    } catch (DemoException e) {
      throw new CliException(
          e.kind() == DemoException.Kind.INPUT ? ExitCode.USAGE_OR_INPUT : ExitCode.CLUSTER_OR_IO,
          e.getMessage(),
          e);
    }
    out.println("  open " + server.uri() + " in a browser; stop with Ctrl-C");
    out.flush();
    try {
      serving.serve(server);
    } finally {
      server.close();
    }
    return ExitCode.OK;
  }

  private static void untilStopped(DemoServer server) throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sessionkeys-demo-stop"));
    server.awaitClose();
  }
}
