package dev.sessionkeys.benchmarks.core;

import dev.sessionkeys.benchmarks.SampleTimeBenchmark;
import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Generating the fairwinds-insights key set (5 keys, 224 characters): over SecureRandom as in
 * production, and over a fast non-cryptographic source to show what the rejection sampling itself
 * costs.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar GenerationBenchmark}
 */
public class GenerationBenchmark extends SampleTimeBenchmark {

  private KeyGenerator secure;
  private KeyGenerator fast;

  @Setup
  public void setUp() {
    secure = KeyGenerator.secure();
    SplittableRandom random = new SplittableRandom(1);
    fast = KeyGenerator.using(random::nextBytes);
  }

  @Benchmark
  public KeySet keySetOverSecureRandom() {
    return secure.generate(Profile.FAIRWINDS_INSIGHTS);
  }

  @Benchmark
  public KeySet keySetOverFastSource() {
    return fast.generate(Profile.FAIRWINDS_INSIGHTS);
  }
}
