package dev.sessionkeys.benchmarks.runtime;

import dev.sessionkeys.runtime.DataCipher;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * AES-256-GCM data cipher on 64 KiB messages (one piece). Throughput in GB/s = 65536 / (ns per op).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DataCipherBenchmark {

  static final byte[] KEY = "Zx8KqLmN3pR5tV7wY9aB2cD4eF6gH8jK".getBytes(StandardCharsets.US_ASCII);

  static final byte[] NO_AAD = new byte[0];

  DataCipher cipher;
  byte[] message;
  byte[] sealed;

  @Setup
  public void setUp() {
    cipher = DataCipher.of(KEY);
    message = new byte[64 * 1024];
    new Random(1).nextBytes(message);
    sealed = cipher.encrypt(message, NO_AAD);
  }

  @Benchmark
  public byte[] encrypt64k() {
    return cipher.encrypt(message, NO_AAD);
  }

  @Benchmark
  public byte[] decrypt64k() {
    return cipher.decrypt(sealed, NO_AAD);
  }
}
