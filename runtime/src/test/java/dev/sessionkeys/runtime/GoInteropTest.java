package dev.sessionkeys.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.runtime.CookieException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Both directions against the real gorilla/securecookie 1.1.1 and gorilla/sessions 1.2.1. */
class GoInteropTest {

  static final byte[] HASH =
      "wLcyh7DcTPUF3c2ZQRNzwpRqbn9EzDvtSC9Y6DjvfZDytXuRWGEDs3XLEE7sPGsA"
          .getBytes(StandardCharsets.US_ASCII);
  static final byte[] BLOCK =
      "4VmsuvXPxA6eDQ2k9JWsnKRhd8pyKfL3".getBytes(StandardCharsets.US_ASCII);
  static final byte[] OLD_HASH =
      "x7QDuP4AqFpRjDGFYxHc6grr34qfTWwuZJ4g5QnnxmhNM8fzt9Y2WqjuKWKJ5AbT"
          .getBytes(StandardCharsets.US_ASCII);
  static final byte[] OLD_BLOCK =
      "mZk3dPq8vNrTKYcHfUWGa7BXsLe2hEJ9".getBytes(StandardCharsets.US_ASCII);

  static final String[] SERIALIZERS = {"json", "gob", "raw"};

  static Map<String, Object> sampleSession() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("user", "alice@example.com");
    v.put("admin", true);
    v.put("visits", 42L);
    v.put("big", new GoInt64(-1234567890123L));
    v.put("ratio", 0.75);
    v.put("blob", new byte[] {0, 1, 2, (byte) 0xff});
    v.put("nothing", null);
    v.put("_flash", new ArrayList<>(List.of("saved", "welcome <back> & more")));
    return v;
  }

  static final String SAMPLE_JSON =
      "{\"email\":\"alice@example.com\",\"org\":\"acme <&> co\",\"n\":3,\"f\":-0.5,\"tags\":[\"a\",true,null],"
          + "\"nested\":{\"z\":1,\"a\":\"\\u2028\"}}";

  static List<byte[][]> pairs(boolean block) {
    return List.<byte[][]>of(new byte[][] {HASH, block ? BLOCK : null});
  }

  static SecureCookie codec(boolean block) {
    return SecureCookie.builder(HASH, block ? BLOCK : null).build();
  }

  static Map<String, Object> goEncode(String ser, List<byte[][]> pairs, String name) {
    Map<String, Object> r = Interop.request("encode", ser, pairs);
    r.put("name", name);
    switch (ser) {
      case "json" -> r.put("value", SAMPLE_JSON);
      case "raw" ->
          r.put("value", Interop.b64("raw bytes \u0000\u00ff|".getBytes(StandardCharsets.UTF_8)));
      default -> r.put("values", Interop.typed(sampleSession()));
    }
    return Interop.call(r);
  }

  static Map<String, Object> goDecode(
      String ser, List<byte[][]> pairs, String name, String cookie) {
    Map<String, Object> r = Interop.request("decode", ser, pairs);
    r.put("name", name);
    r.put("value", cookie);
    return Interop.call(r);
  }

  static Object javaValue(String ser) {
    return switch (ser) {
      case "json" -> GoJson.read(SAMPLE_JSON.getBytes(StandardCharsets.UTF_8));
      case "raw" -> "raw bytes \u0000\u00ff|".getBytes(StandardCharsets.UTF_8);
      default -> sampleSession();
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static String javaEncode(SecureCookie codec, String ser, String name) {
    Serializer s = serializer(ser);
    return codec.encode(name, javaValue(ser), s);
  }

  static Serializer<?> serializer(String ser) {
    return switch (ser) {
      case "json" -> Serializer.JSON;
      case "raw" -> Serializer.RAW;
      default -> Serializer.GOB;
    };
  }

  /** Values compared through the harness's typed form, so byte arrays compare by content. */
  @SuppressWarnings("unchecked")
  static Object comparable(String ser, Object value) {
    return switch (ser) {
      case "json" -> new String(GoJson.write(value), StandardCharsets.UTF_8);
      case "raw" -> Arrays.toString((byte[]) value);
      default -> Interop.typed(new java.util.TreeMap<>((Map<String, Object>) value));
    };
  }

  @Test
  void javaDecodesWhatGoEncodes() {
    for (String ser : SERIALIZERS) {
      for (boolean block : new boolean[] {true, false}) {
        Map<String, Object> go = goEncode(ser, pairs(block), "session-" + ser);
        assertThat(go.get("ok"))
            .as("Go encode %s block=%s: %s", ser, block, go.get("err"))
            .isEqualTo(true);
        DecodedCookie<?> d =
            codec(block).decode("session-" + ser, (String) go.get("value"), serializer(ser));
        assertThat(comparable(ser, d.value()))
            .as("%s block=%s", ser, block)
            .isEqualTo(comparable(ser, javaValue(ser)));
        assertThat(d.key().previous()).isFalse();
        assertThat(Math.abs(d.timestamp() - System.currentTimeMillis() / 1000)).isLessThan(60);
      }
    }
  }

  @Test
  void lineBreaksInTheBase64AreSkippedByBothSides() {
    for (String ser : SERIALIZERS) {
      String value = (String) goEncode(ser, pairs(true), "wrapped").get("value");
      String wrapped =
          value.substring(0, 7)
              + "\r\n"
              + value.substring(7, 40)
              + "\n"
              + value.substring(40)
              + "\r";
      assertThat(goDecode(ser, pairs(true), "wrapped", wrapped).get("ok"))
          .as("Go's base64 decoder skips CR and LF (%s)", ser)
          .isEqualTo(true);
      assertThat(comparable(ser, codec(true).decode("wrapped", wrapped, serializer(ser)).value()))
          .isEqualTo(comparable(ser, javaValue(ser)));
    }
  }

  @Test
  void goDecodesWhatJavaEncodes() {
    for (String ser : SERIALIZERS) {
      for (boolean block : new boolean[] {true, false}) {
        String cookie = javaEncode(codec(block), ser, "c-" + ser);
        Map<String, Object> go = goDecode(ser, pairs(block), "c-" + ser, cookie);
        assertThat(go.get("ok"))
            .as("Go decode %s block=%s: %s", ser, block, go.get("err"))
            .isEqualTo(true);
        switch (ser) {
          case "json" ->
              assertThat(GoJson.read(((String) go.get("value")).getBytes(StandardCharsets.UTF_8)))
                  .isEqualTo(GoJson.read(SAMPLE_JSON.getBytes(StandardCharsets.UTF_8)));
          case "raw" ->
              assertThat(java.util.Base64.getDecoder().decode((String) go.get("value")))
                  .isEqualTo(javaValue("raw"));
          default -> assertThat(go.get("values")).isEqualTo(comparable("gob", sampleSession()));
        }
      }
    }
  }

  @Test
  void rotatedKeysDecodeBothWays() {
    List<byte[][]> old = List.<byte[][]>of(new byte[][] {OLD_HASH, OLD_BLOCK});
    List<byte[][]> rotated =
        List.<byte[][]>of(new byte[][] {HASH, BLOCK}, new byte[][] {OLD_HASH, OLD_BLOCK});
    SecureCookie javaRotated =
        SecureCookie.builder(HASH, BLOCK).previousKeys(OLD_HASH, OLD_BLOCK).build();
    SecureCookie javaOld = SecureCookie.builder(OLD_HASH, OLD_BLOCK).build();
    for (String ser : SERIALIZERS) {
      // Go wrote it before the rotation; Java reads it after, and says a previous key was needed.
      Map<String, Object> go = goEncode(ser, old, "rot");
      DecodedCookie<?> d = javaRotated.decode("rot", (String) go.get("value"), serializer(ser));
      assertThat(comparable(ser, d.value())).isEqualTo(comparable(ser, javaValue(ser)));
      assertThat(d.key().previous()).isTrue();
      assertThat(d.key()).isEqualTo(Fingerprints.generation(KeySlot.PREVIOUS, OLD_HASH, OLD_BLOCK));
      // Java wrote it before the rotation; Go reads it after.
      assertThat(goDecode(ser, rotated, "rot", javaEncode(javaOld, ser, "rot")).get("ok"))
          .isEqualTo(true);
      // After the rotation both write with the new key, which the old-only codecs cannot read.
      String javaNew = javaEncode(javaRotated, ser, "rot");
      assertThat(goDecode(ser, old, "rot", javaNew).get("err"))
          .isEqualTo("securecookie: the value is not valid");
      String goNew = (String) goEncode(ser, rotated, "rot").get("value");
      assertThat(javaRotated.decode("rot", goNew, serializer(ser)).key().slot())
          .isEqualTo(KeySlot.PRIMARY);
      assertThatThrownBy(() -> javaOld.decode("rot", goNew, serializer(ser)))
          .isInstanceOfSatisfying(
              CookieException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MAC_INVALID));
    }
  }

  /** The same bad cookies, and the class of error each side gives. */
  @Test
  void bothRejectTheSameBadCookies() {
    for (String ser : SERIALIZERS) {
      String good = (String) goEncode(ser, pairs(true), "bad").get("value");
      Map<String, String> bad = new LinkedHashMap<>();
      char[] chars = good.toCharArray();
      chars[chars.length / 2] = chars[chars.length / 2] == 'A' ? 'B' : 'A';
      bad.put("tampered", new String(chars));
      bad.put("truncated", good.substring(0, good.length() - 4));
      bad.put("not base64", good.substring(0, good.length() - 1) + "*");
      bad.put("too long", "A".repeat(4100));
      bad.put("empty", "");
      Map<String, Reason> expected =
          Map.of(
              "tampered",
              Reason.MAC_INVALID,
              "truncated",
              Reason.MAC_INVALID,
              "not base64",
              Reason.MALFORMED,
              "too long",
              Reason.TOO_LONG,
              "empty",
              Reason.MAC_INVALID);
      for (Map.Entry<String, String> e : bad.entrySet()) {
        Map<String, Object> go = goDecode(ser, pairs(true), "bad", e.getValue());
        assertThat(go.get("ok")).as("Go accepted the %s cookie", e.getKey()).isNotEqualTo(true);
        assertThat(reasonOfGoError((String) go.get("err")))
            .as(e.getKey() + ": " + go.get("err"))
            .isEqualTo(expected.get(e.getKey()));
        assertRejected(codec(true), "bad", e.getValue(), ser, expected.get(e.getKey()));
      }
      // Wrong name and wrong key: the MAC does not verify.
      assertThat(goDecode(ser, pairs(true), "other", good).get("err"))
          .isEqualTo("securecookie: the value is not valid");
      assertRejected(codec(true), "other", good, ser, Reason.MAC_INVALID);
      List<byte[][]> wrong = List.<byte[][]>of(new byte[][] {OLD_HASH, BLOCK});
      assertThat(goDecode(ser, wrong, "bad", good).get("err"))
          .isEqualTo("securecookie: the value is not valid");
      assertRejected(
          SecureCookie.builder(OLD_HASH, BLOCK).build(), "bad", good, ser, Reason.MAC_INVALID);
      // Expired: Java signs it 31 days ago; both refuse it now.
      SecureCookie past =
          SecureCookie.builder(HASH, BLOCK)
              .clock(Clock.offset(Clock.systemUTC(), Duration.ofDays(-31)))
              .build();
      String expired = javaEncode(past, ser, "bad");
      assertThat(goDecode(ser, pairs(true), "bad", expired).get("err"))
          .isEqualTo("securecookie: expired timestamp");
      assertRejected(codec(true), "bad", expired, ser, Reason.EXPIRED);
      // Encrypted by Go, read without the block key: the MAC holds, the payload is ciphertext. Both
      // sides must agree
      // on each cookie. Agreement, not rejection, because random bytes are sometimes a value: Go's
      // json.Decoder reads
      // one value and ignores the rest, so an IV starting with a digit then a non-digit decodes as
      // a number (about 1
      // cookie in 30). Across 8 cookies at least one must be refused.
      if (!ser.equals("raw")) {
        int refused = 0;
        for (int i = 0; i < 8; i++) {
          String ciphertext =
              i == 0 ? good : (String) goEncode(ser, pairs(true), "bad").get("value");
          Map<String, Object> go = goDecode(ser, pairs(false), "bad", ciphertext);
          if (Boolean.TRUE.equals(go.get("ok"))) {
            codec(false).decode("bad", ciphertext, serializer(ser));
          } else {
            assertThat(go.get("err")).asString().startsWith("securecookie: error - caused by: ");
            assertRejected(codec(false), "bad", ciphertext, ser, Reason.CANNOT_DESERIALIZE);
            refused++;
          }
        }
        assertThat(refused).as("ciphertext read as " + ser).isPositive();
      }
    }
  }

  static Reason reasonOfGoError(String err) {
    if (err.contains("the value is too long")) {
      return Reason.TOO_LONG;
    }
    if (err.contains("base64 decode failed") || err.contains("invalid timestamp")) {
      return Reason.MALFORMED;
    }
    if (err.contains("the value is not valid")) {
      return Reason.MAC_INVALID;
    }
    if (err.contains("expired timestamp")) {
      return Reason.EXPIRED;
    }
    if (err.contains("timestamp is too new")) {
      return Reason.TOO_NEW;
    }
    if (err.contains("could not be decrypted")) {
      return Reason.CANNOT_DECRYPT;
    }
    return Reason.CANNOT_DESERIALIZE;
  }

  static void assertRejected(
      SecureCookie codec, String name, String cookie, String ser, Reason reason) {
    assertThatThrownBy(() -> codec.decode(name, cookie, serializer(ser)))
        .isInstanceOfSatisfying(
            CookieException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void jsonBytesMatchGoEncoder() {
    List<String> samples =
        List.of(
            SAMPLE_JSON,
            "{\"a\":\"\\u0000\\u0001\\b\\f\\n\\r\\t\\u001f\\u007f\\\"\\\\/\",\"b\":\"\\u2028\\u2029\\ud83d\\ude00 é ü 中\"}",
            "[1,-1,0.1,1e-7,1.5e-7,123456789,1e20,1e21,-2.5e300,5e-324,1.7976931348623157e308,0.000001,3.14159]",
            "{\"z\":{},\"y\":[],\"\u00e9\":1,\"e\":2,\"\\ud83d\\ude00\":3,\"\\uffff\":4}",
            "\"<script>alert('x')&</script>\"",
            "true",
            "null",
            "\"\"",
            "{\"k1\":\"v1\",\"k2\":\"v2\",\"k3\":\"v3\",\"k4\":\"v4\",\"k5\":\"v5\"}",
            manyKeys());
    for (String sample : samples) {
      Map<String, Object> r = Interop.request("json-bytes", "json", List.of());
      r.put("value", sample);
      Map<String, Object> go = Interop.call(r);
      assertThat(go.get("ok")).as(sample + ": " + go.get("err")).isEqualTo(true);
      Object javaValue = GoJson.read(sample.getBytes(StandardCharsets.UTF_8));
      assertThat(new String(GoJson.write(javaValue), StandardCharsets.UTF_8))
          .as(sample)
          .isEqualTo(new String(Interop.unhex(go.get("hex")), StandardCharsets.UTF_8));
    }
  }

  /**
   * The committed Go codec fixtures (src/test/resources/go-fixtures, read by GoJsonFixturesTest and
   * GoGobFixturesTest without Go) are what Go writes and reads today: regenerated, byte for byte.
   */
  @Test
  void codecFixturesMatchGo() throws Exception {
    GoHarness.get();
    java.nio.file.Path out = GoHarness.WORK.toAbsolutePath().resolve("fixtures");
    java.nio.file.Files.createDirectories(out);
    Process p =
        new ProcessBuilder(GoHarness.build().toString(), "fixtures", out.toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(log).isZero();
    for (String file : List.of(GoFixtures.JSON, GoFixtures.GOB, GoFixtures.GOB_ANY)) {
      assertThat(java.nio.file.Files.readString(out.resolve(file)))
          .as("src/test/resources/go-fixtures/%s is stale: see the README there", file)
          .isEqualTo(
              java.nio.file.Files.readString(
                  java.nio.file.Path.of("src/test/resources/go-fixtures", file)));
    }
  }

  /** More keys than the small-object sort handles, in scrambled order. */
  static String manyKeys() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < 100; i++) {
      sb.append(i == 0 ? "" : ",")
          .append("\"k")
          .append((i * 37) % 100)
          .append("\u00e9\":")
          .append(i);
    }
    return sb.append("}").toString();
  }

  @Test
  void gobBytesMatchGoEncoder() {
    // Go writes map entries in random order, so byte equality is checked one entry at a time.
    List<Map<String, Object>> samples = new ArrayList<>();
    samples.add(new LinkedHashMap<>());
    for (Map.Entry<String, Object> e : sampleSession().entrySet()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put(e.getKey(), e.getValue());
      samples.add(one);
    }
    for (Object extreme :
        List.of(
            Long.MIN_VALUE,
            Long.MAX_VALUE,
            127L,
            128L,
            -64L,
            -65L,
            255L,
            256L,
            new GoInt64(Long.MIN_VALUE),
            -0.0,
            Double.NaN,
            Double.MAX_VALUE,
            Double.MIN_VALUE,
            1e300,
            "x".repeat(300),
            new byte[200],
            List.of(),
            List.of(1L, "two", 3.0, false, new byte[] {9}))) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("v", extreme);
      samples.add(one);
    }
    for (Map<String, Object> sample : samples) {
      Map<String, Object> r = Interop.request("gob-bytes", "gob", List.of());
      r.put("values", Interop.typed(sample));
      Map<String, Object> go = Interop.call(r);
      assertThat(go.get("ok")).as(go.get("err") + "").isEqualTo(true);
      byte[] goBytes = Interop.unhex(go.get("hex"));
      assertThat(GobWriter.encode(sample, GobView.MapType.SESSION))
          .as(Interop.typed(sample).toString())
          .isEqualTo(goBytes);
      assertThat(Interop.typed(GobReader.readSessionValues(goBytes)))
          .isEqualTo(Interop.typed(sample));
    }
    // Several entries (random order in Go): Java reads Go's bytes.
    Map<String, Object> r = Interop.request("gob-bytes", "gob", List.of());
    r.put("values", Interop.typed(sampleSession()));
    byte[] goBytes = Interop.unhex(Interop.call(r).get("hex"));
    Map<String, Object> decoded = new java.util.TreeMap<>(GobReader.readSessionValues(goBytes));
    assertThat(Interop.typed(decoded))
        .isEqualTo(Interop.typed(new java.util.TreeMap<>(sampleSession())));
  }

  @Test
  void sessionsWithFlashesTravelBothWays() {
    List<byte[][]> rotated =
        List.<byte[][]>of(new byte[][] {HASH, BLOCK}, new byte[][] {OLD_HASH, OLD_BLOCK});
    SecureCookie javaCodec =
        SecureCookie.builder(HASH, BLOCK).previousKeys(OLD_HASH, OLD_BLOCK).build();
    CookieSessionStore store = CookieSessionStore.of(javaCodec, CookieOptions.secureDefaults());

    // Go saves a session; Java loads it from the Cookie header a browser would send back.
    Map<String, Object> save = Interop.request("session-save", "gob", rotated);
    save.put("name", "insights");
    save.put("values", Interop.typed(sampleSession()));
    String setCookie = (String) Interop.call(save).get("value");
    assertThat(setCookie)
        .startsWith("insights=")
        .contains("; Path=/; Expires=")
        .endsWith("; Max-Age=2592000");
    String cookiePair = setCookie.substring(0, setCookie.indexOf(';'));
    Session loaded = store.load("insights", "other=1; " + cookiePair + "; third=x");
    assertThat(loaded.isNew()).isFalse();
    assertThat(loaded.rejection()).isEmpty();
    assertThat(Interop.typed(new java.util.TreeMap<>(loaded.values())))
        .isEqualTo(Interop.typed(new java.util.TreeMap<>(sampleSession())));
    assertThat(loaded.flashes()).containsExactly("saved", "welcome <back> & more");
    assertThat(loaded.values()).doesNotContainKey(Session.FLASHES_KEY);

    // Java saves (with a new flash); Go loads it.
    loaded.addFlash("from java");
    loaded.values().put("visits", 43L);
    String javaSetCookie = store.save(loaded);
    assertThat(javaSetCookie).contains("; HttpOnly; Secure; SameSite=Lax");
    Map<String, Object> load = Interop.request("session-load", "gob", rotated);
    load.put("name", "insights");
    load.put("header", javaSetCookie.substring(0, javaSetCookie.indexOf(';')));
    Map<String, Object> go = Interop.call(load);
    assertThat(go.get("ok")).as(String.valueOf(go.get("err"))).isEqualTo(true);
    Map<String, Object> goValues = Interop.untyped(go.get("values"));
    assertThat(goValues.get("visits")).isEqualTo(43L);
    assertThat(goValues.get(Session.FLASHES_KEY)).isEqualTo(List.of("from java"));

    // A session Go wrote under the previous keys: Java reads it, says so, and re-issues it under
    // the current keys.
    Map<String, Object> oldSave =
        Interop.request(
            "session-save", "gob", List.<byte[][]>of(new byte[][] {OLD_HASH, OLD_BLOCK}));
    oldSave.put("name", "insights");
    oldSave.put("values", Interop.typed(Map.of("user", "bob")));
    String oldCookie = (String) Interop.call(oldSave).get("value");
    Session old = store.load("insights", oldCookie.substring(0, oldCookie.indexOf(';')));
    assertThat(old.needsReissue()).isTrue();
    assertThat(old.keyGeneration().orElseThrow())
        .isEqualTo(Fingerprints.generation(KeySlot.PREVIOUS, OLD_HASH, OLD_BLOCK));
    String reissued = store.save(old);
    Session again = store.load("insights", reissued.substring(0, reissued.indexOf(';')));
    assertThat(again.needsReissue()).isFalse();
    assertThat(again.values()).containsEntry("user", "bob");

    // Both refuse a session cookie under another name.
    load.put("name", "other");
    load.put(
        "header",
        "other=" + javaSetCookie.substring("insights=".length(), javaSetCookie.indexOf(';')));
    assertThat(Interop.call(load).get("err"))
        .asString()
        .startsWith("securecookie: the value is not valid");
    Session refused = store.load("other", (String) load.get("header"));
    assertThat(refused.isNew()).isTrue();
    assertThat(refused.rejection().orElseThrow().reason()).isEqualTo(Reason.MAC_INVALID);
  }

  /**
   * The Go side of the benchmark comparison must keep compiling and agreeing with the payload: run
   * it once.
   */
  @Test
  void goBenchmarksRunOnce() throws Exception {
    GoHarness.get();
    String out =
        GoHarness.run(
            GoHarness.WORK.toAbsolutePath(),
            List.of(GoHarness.findGo(), "test", "-run", "XXX", "-bench", ".", "-benchtime", "1x"));
    assertThat(out).contains("BenchmarkJSONEncode", "BenchmarkStoreLoad", "PASS");
  }

  /**
   * A Go session holding a type outside the subset: Java refuses it with the Go type's name, Go
   * reads it.
   */
  @Test
  void goTypesOutsideTheSubsetAreRefusedByName() {
    for (String[] typeAndName :
        new String[][] {{"int32", "int32"}, {"strmap", "map[string]string"}}) {
      Map<String, Object> value = new LinkedHashMap<>();
      value.put("k", "x");
      value.put("t", typeAndName[0]);
      value.put("v", "7");
      Map<String, Object> r = Interop.request("encode", "gob", pairs(true));
      r.put("name", "s");
      r.put("values", List.of(value));
      Map<String, Object> go = Interop.call(r);
      assertThat(go.get("ok")).as(String.valueOf(go.get("err"))).isEqualTo(true);
      String cookie = (String) go.get("value");
      assertThat(goDecode("gob", pairs(true), "s", cookie).get("ok")).isEqualTo(true);
      assertThatThrownBy(() -> codec(true).decode("s", cookie, Serializer.GOB))
          .isInstanceOfSatisfying(
              CookieException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.CANNOT_DESERIALIZE);
                assertThat(e.getMessage())
                    .contains(
                        "Go type " + typeAndName[1],
                        "under key \"x\"",
                        "outside the supported subset");
              });
    }
  }
}
