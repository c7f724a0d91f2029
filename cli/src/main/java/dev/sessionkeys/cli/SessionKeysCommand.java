package dev.sessionkeys.cli;

import picocli.CommandLine.Command;

/** The top-level command: lists the subcommands. */
@Command(
    name = "sessionkeys",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Generate, check, apply, rotate and encrypt the session keys of self-hosted web apps on Kubernetes.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok",
      "1:findings at error level, or a refusal",
      "2:usage or input error (nothing written)",
      "3:cluster or I/O failure"
    },
    footerHeading = "%n",
    footer = {
      "A failure is one line on stderr. --debug (anywhere on the command line) or SESSIONKEYS_DEBUG=1 adds its"
          + " stack trace; help wraps to $COLUMNS. Completion: sessionkeys completion bash|zsh|fish."
    })
final class SessionKeysCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
