package dev.sessionkeys.benchmarks.runtime;

import dev.sessionkeys.runtime.CookieSessionStore;
import dev.sessionkeys.runtime.Session;
import dev.sessionkeys.runtime.SessionKeys;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decoding a session cookie with one key loaded against three (primary, _NEXT, _PREVIOUS), during a
 * staged rotation (issue 14). Decoding tries the primary key first, so a cookie under the primary
 * key (the common case) should cost the same with three keys as with one; a cookie under a next or
 * previous key pays one failed MAC per key tried before it. Every decode also counts into the key
 * set's {@code KeyUsage}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'runtime.KeySlotsBenchmark' -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KeySlotsBenchmark {

  /** Which key signed the cookie decoded, and how many slots are loaded. */
  @Param({"primary-of-1", "primary-of-3", "next-of-3", "previous-of-3"})
  public String cookie;

  CookieSessionStore store;
  String value;

  static Map<String, String> keys(char fill) {
    Map<String, String> m = new HashMap<>();
    for (SessionKeys.Key key : SessionKeys.Key.values()) {
      m.put(key.name(), String.valueOf(fill).repeat(key.length()));
    }
    return m;
  }

  @Setup
  public void setUp() {
    Map<String, String> primary = keys('p');
    Map<String, String> loaded = new HashMap<>(primary);
    if (cookie.endsWith("of-3")) {
      keys('n').forEach((k, v) -> loaded.put(k + "_NEXT", v));
      keys('o').forEach((k, v) -> loaded.put(k + "_PREVIOUS", v));
    }
    store = SessionKeys.of(loaded).sessionStore();
    char signer = cookie.startsWith("next") ? 'n' : cookie.startsWith("previous") ? 'o' : 'p';
    CookieSessionStore issuer = SessionKeys.of(keys(signer)).sessionStore();
    Session s = issuer.newSession("insights");
    s.values().put("user", "alice@example.com");
    s.values().put("org", "acme");
    s.values().put("visits", 42L);
    String header = issuer.save(s);
    value = header.substring("insights=".length(), header.indexOf(';'));
    if (store.read("insights", value).keyGeneration().isEmpty()) {
      throw new IllegalStateException("the cookie does not decode");
    }
  }

  @Benchmark
  public Session decodeSession() {
    return store.read("insights", value);
  }
}
