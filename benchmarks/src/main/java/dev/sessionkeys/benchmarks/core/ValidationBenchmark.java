package dev.sessionkeys.benchmarks.core;

import dev.sessionkeys.benchmarks.SampleTimeBenchmark;
import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import dev.sessionkeys.core.validate.SecretDocument;
import dev.sessionkeys.core.validate.SecretValidator;
import dev.sessionkeys.core.validate.ValidationReport;
import dev.sessionkeys.manifest.ManifestWriter;
import dev.sessionkeys.manifest.SecretManifests;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Checking one Secret: validation of an already-parsed document, and the whole file path (YAML
 * bytes to report) that {@code sessionkeys check} runs.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ValidationBenchmark}
 */
public class ValidationBenchmark extends SampleTimeBenchmark {

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
