package dev.sessionkeys.cli;

import picocli.CommandLine.Mixin;

/**
 * What the commands that change a live Secret ({@code apply}, {@code adopt}, {@code rotate}) share,
 * with kubectl's flag names: {@code --dry-run}, {@code -o}, {@code -i} for SOPS files, {@code
 * --kubeconfig} and {@code --context}.
 */
final class ClusterChangeOptions {

  @Mixin DryRunOption dryRun;

  @Mixin OutputOption output;

  @Mixin IdentityOption identity;

  @Mixin ClusterOptions cluster;

  /** Whether nothing may change: any {@code --dry-run} but {@code none}. */
  boolean dry() {
    return dryRun.enabled();
  }
}
