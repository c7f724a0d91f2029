package dev.sessionkeys.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the version Maven put in the jar's manifest. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"sessionkeys " + (version == null ? "development build" : version)};
  }
}
