package dev.sessionkeys.cli;

import dev.sessionkeys.core.Profile;
import dev.sessionkeys.manifest.ProfileFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --profile FILE|NAME}, shared by every command that needs to know which keys a Secret
 * holds.
 */
final class ProfileOption {

  @Option(
      names = "--profile",
      paramLabel = "FILE|NAME",
      description =
          "Key set to use: a profile YAML file (see README), or a built-in name. Default: fairwinds-insights.")
  String profile;

  @Option(
      names = "--allow-weak",
      description =
          "Accept profile keys under 128 bits of entropy (length x log2(alphabet size)), for an app that cannot take longer keys.")
  boolean allowWeak;

  /** The chosen profile; a bad profile file is an input error (exit 2). */
  Profile resolve() {
    if (profile == null) {
      return Profile.FAIRWINDS_INSIGHTS;
    }
    Path file = Path.of(profile);
    if (!Files.exists(file)) {
      return Profile.builtIn(profile)
          .orElseThrow(
              () ->
                  CliException.input(
                      "--profile "
                          + profile
                          + ": no such file, and not a built-in profile (built in: "
                          + String.join(", ", Profile.builtInNames())
                          + ")"));
    }
    return ProfileFiles.read(file, allowWeak);
  }
}
