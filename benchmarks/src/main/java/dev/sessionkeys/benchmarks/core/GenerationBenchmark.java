package dev.sessionkeys.benchmarks.core;

import dev.sessionkeys.core.KeyGenerator;
import dev.sessionkeys.core.KeySet;
import dev.sessionkeys.core.Profile;
import java.util.SplittableRandom;
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
 * Generating the fairwinds-insights key set (5 keys, 224 characters): over SecureRandom as in
 * production, and over a fast non-cryptographic source to show what the rejection sampling itself
 * costs.
 *
 * <p>Sample-time mode, so JMH reports the median (p0.50) beside the mean. Run: {@code java -jar
 * benchmarks/target/benchmarks.jar GenerationBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GenerationBenchmark {

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
