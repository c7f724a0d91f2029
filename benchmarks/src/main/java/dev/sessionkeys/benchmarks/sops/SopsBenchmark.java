package dev.sessionkeys.benchmarks.sops;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.sops.AgeIdentity;
import dev.sessionkeys.sops.AgeKeys;
import dev.sessionkeys.sops.EncryptOptions;
import dev.sessionkeys.sops.Sops;
import dev.sessionkeys.sops.SopsDocument;
import dev.sessionkeys.sops.SopsFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encrypting and decrypting the fairwinds-insights Secret (five keys) as a SOPS file for one age
 * recipient. Both are dominated by one X25519 agreement (age) plus YAML parsing; encrypt also
 * re-reads its own output as a self-check.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SopsBenchmark {

  private AgeIdentity identity;
  private EncryptOptions options;
  private String plaintext;
  private String encrypted;

  @Setup
  public void setUp() {
    identity = AgeKeys.generate();
    options = EncryptOptions.kubernetesSecret(List.of(identity.recipient()));
    StringBuilder yaml =
        new StringBuilder(
            """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: fwinsights-secrets
                  namespace: fairwinds-insights
                type: Opaque
                stringData:
                """);
    KeySet keys = KeyGenerator.secure().generate(Profile.FAIRWINDS_INSIGHTS);
    keys.values()
        .forEach(
            (name, value) ->
                yaml.append("  ").append(name).append(": ").append(value.reveal()).append('\n'));
    plaintext = yaml.toString();
    encrypted = Sops.encrypt(plaintext, "secrets.yaml", SopsFormat.YAML, options);
  }

  @Benchmark
  public String encrypt() {
    return Sops.encrypt(plaintext, "secrets.yaml", SopsFormat.YAML, options);
  }

  @Benchmark
  public SopsDocument decrypt() {
    return Sops.decrypt(encrypted, "secrets.enc.yaml", () -> List.of(identity));
  }
}
