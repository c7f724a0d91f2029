package dev.sessionkeys.benchmarks.core;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.validate.SecretDocument;
import dev.sessionkeys.core.validate.SecretValidator;
import dev.sessionkeys.core.validate.ValidationReport;
import dev.sessionkeys.manifest.ManifestWriter;
import dev.sessionkeys.manifest.SecretManifests;
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
 * Checking one Secret: validation of an already-parsed document, and the whole file path (YAML
 * bytes to report) that {@code sessionkeys check} runs.
 *
 * <p>Sample-time mode, so JMH reports the median (p0.50) beside the mean. Run: {@code java -jar
 * benchmarks/target/benchmarks.jar ValidationBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ValidationBenchmark {

  private byte[] yaml;
  private SecretDocument document;

  @Setup
  public void setUp() {
    KeySet keys = KeyGenerator.secure().generate(Profile.FAIRWINDS_INSIGHTS);
    yaml = ManifestWriter.secret("fwinsights-secrets", "fairwinds-insights", keys);
    document = SecretManifests.parseOne("secrets.yaml", yaml);
  }

  @Benchmark
  public ValidationReport validateParsedSecret() {
    return SecretValidator.validate(Profile.FAIRWINDS_INSIGHTS, document);
  }

  @Benchmark
  public ValidationReport parseAndValidateSecretFile() {
    List<SecretDocument> secrets = SecretManifests.parse("secrets.yaml", yaml);
    return SecretValidator.validate(Profile.FAIRWINDS_INSIGHTS, secrets.get(0));
  }
}
