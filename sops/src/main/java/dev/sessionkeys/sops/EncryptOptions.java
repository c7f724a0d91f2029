package dev.sessionkeys.sops;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * How to encrypt: the age recipients (each gets the data key), the one encryption rule, whether the
 * MAC covers only encrypted values, and the clock for {@code lastmodified}.
 */
public record EncryptOptions(
    List<AgeRecipient> recipients, EncryptionRule rule, boolean macOnlyEncrypted, Clock clock) {

  public EncryptOptions {
    recipients = List.copyOf(recipients);
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(clock, "clock");
    if (recipients.isEmpty()) {
      throw new SopsException(
          SopsException.Reason.MISSING_IDENTITY,
          "no age recipient given: pass --age age1... or add a creation rule with 'age:' to .sops.yaml");
    }
  }

  /**
   * The usual options for a Kubernetes Secret: {@code encrypted_regex: ^(data|stringData)$},
   * classic MAC.
   */
  public static EncryptOptions kubernetesSecret(List<AgeRecipient> recipients) {
    return new EncryptOptions(
        recipients, EncryptionRule.kubernetesSecret(), false, Clock.systemUTC());
  }
}
