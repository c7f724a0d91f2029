package dev.sessionkeys.benchmarks.runtime;

import dev.sessionkeys.runtime.CookieOptions;
import dev.sessionkeys.runtime.CookieSessionStore;
import dev.sessionkeys.runtime.DecodedCookie;
import dev.sessionkeys.runtime.GobView;
import dev.sessionkeys.runtime.SecureCookie;
import dev.sessionkeys.runtime.Serializer;
import dev.sessionkeys.runtime.Session;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Secure cookies and cookie sessions on the payload of the Go harness's benchmarks
 * (runtime/src/test/go/interop/ bench_test.go): 5 string fields, 195 bytes of JSON, a 64-byte HMAC
 * key and a 32-byte AES key. Compare with {@code go test -bench} run back to back on the same
 * machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CookieBenchmark {

  static final byte[] HASH =
      "wLcyh7DcTPUF3c2ZQRNzwpRqbn9EzDvtSC9Y6DjvfZDytXuRWGEDs3XLEE7sPGsA"
          .getBytes(StandardCharsets.US_ASCII);
  static final byte[] BLOCK =
      "4VmsuvXPxA6eDQ2k9JWsnKRhd8pyKfL3".getBytes(StandardCharsets.US_ASCII);

  SecureCookie codec;
  CookieSessionStore store;
  Map<String, Object> payload;
  String jsonCookie;
  String gobCookie;
  byte[] gobBytes;
  String cookieHeader;
  Session session;

  /** The five string fields; 195 bytes as Go's JSON encoder writes them. */
  static Map<String, Object> payload() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("email", "alice.example@example.co.uk");
    m.put("name", "Alice Margaret Examples");
    m.put("org", "Acme Corporation International Ltd.");
    m.put("role", "owner,admin,billing");
    m.put("user_id", "a3f9c2e1-7b4d-4e8a-9c1f-2d6e8b0a4c7f");
    return m;
  }

  @Setup
  public void setUp() {
    codec = SecureCookie.builder(HASH, BLOCK).build();
    store = CookieSessionStore.of(codec, CookieOptions.gorillaDefaults());
    payload = payload();
    if (Serializer.JSON.serialize(payload).length != 195) {
      throw new IllegalStateException("the payload must be 195 bytes of JSON");
    }
    jsonCookie = codec.encode("session", payload, Serializer.JSON);
    gobCookie = codec.encode("session", payload, Serializer.GOB);
    gobBytes = Serializer.GOB.serialize(payload);
    session = store.newSession("session");
    session.values().putAll(payload);
    String setCookie = store.save(session);
    cookieHeader = setCookie.substring(0, setCookie.indexOf(';'));
  }

  @Benchmark
  public String jsonEncode() {
    return codec.encode("session", payload, Serializer.JSON);
  }

  @Benchmark
  public DecodedCookie<Object> jsonDecode() {
    return codec.decode("session", jsonCookie, Serializer.JSON);
  }

  @Benchmark
  public String gobEncode() {
    return codec.encode("session", payload, Serializer.GOB);
  }

  @Benchmark
  public DecodedCookie<Map<String, Object>> gobDecode() {
    return codec.decode("session", gobCookie, Serializer.GOB);
  }

  /** Only the gob part of gobDecode: the session values from their bytes. */
  @Benchmark
  public Map<String, Object> gobDeserialize() {
    return Serializer.GOB.deserialize(gobBytes);
  }

  /** The same bytes read as any gob value into its JSON view. */
  @Benchmark
  public GobView.Decoded gobViewDeserialize() {
    return GobView.decode(gobBytes);
  }

  /** The same gob cookie read as any gob value into its JSON view (cookie decode --gob). */
  @Benchmark
  public GobView.Decoded gobViewDecode() {
    return GobView.decode(codec.decode("session", gobCookie, Serializer.RAW).value());
  }

  /** gorilla's CookieStore.Save: gob, encrypt, sign, Set-Cookie. */
  @Benchmark
  public String sessionSave() {
    return store.save(session);
  }

  /** gorilla's CookieStore.New: find the cookie in the header, verify, decrypt, gob-decode. */
  @Benchmark
  public Session sessionLoad() {
    Session s = store.load("session", cookieHeader);
    if (s.isNew()) {
      throw new IllegalStateException("not loaded");
    }
    return s;
  }
}
