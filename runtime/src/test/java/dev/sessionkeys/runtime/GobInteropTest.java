package dev.sessionkeys.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkeys.runtime.GoFixtures.Case;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Any gob value against the real Go (encoding/gob through gorilla/securecookie 1.1.1), both ways:
 * Go encodes the values apps keep in cookies and Java shows the view Go computes for them; Java
 * writes map[string]string and map[string]interface{} cookies and Go decodes them into those types.
 */
class GobInteropTest {

  static final String NAME = "gob-any";

  /**
   * Every scenario of the fixtures, encoded now by the running harness (a long-running process, so
   * other type ids than the fixtures' fresh ones), as an encrypted cookie.
   */
  @Test
  void javaReadsEveryValueGoWrites() {
    List<Case> scenarios = GobViewFixturesTest.cases();
    for (Case c : scenarios) {
      Map<String, Object> r = Interop.request("gob-any-encode", "gob", GoInteropTest.pairs(true));
      r.put("name", NAME);
      r.put("scenario", c.name());
      Map<String, Object> go = Interop.call(r);
      assertThat(go.get("ok")).as(c.name() + ": " + go.get("err")).isEqualTo(true);
      byte[] gob =
          GoInteropTest.codec(true).decode(NAME, (String) go.get("value"), Serializer.RAW).value();
      GobView.Decoded d = GobView.decode(gob);
      assertThat(GobViewFixturesTest.normalize(GobViewFixturesTest.json(d.json())))
          .as(c.name())
          .isEqualTo(
              GobViewFixturesTest.normalize(GobViewFixturesTest.json((String) go.get("view"))));
    }
  }

  @Test
  void goReadsWhatJavaWritesForEachMapType() {
    assertGoReads(
        "map[string]string",
        "{\"user\":\"alice\",\"role\":\"admin <&>\",\"\":\"\",\"clé\":\"é 中 😀\"}");
    assertGoReads(
        "map[string]interface{}",
        "{\"s\":\"x\",\"b\":true,\"f\":false,\"i\":-7,\"big\":9223372036854775807,\"x\":1.25,"
            + "\"neg\":-0.5,\"nil\":null,\"list\":[\"a\",1,false,null,{\"deep\":[]},[[]]],"
            + "\"map\":{\"k\":\"v\",\"n\":{},\"m\":{\"z\":[1.5]}}}");
    assertGoReads("map[string]interface{}", "{}");
  }

  /** Random values of both map types, a fixed set so a failure repeats. */
  @Test
  void goReadsRandomValuesJavaWrites() {
    Random random = new Random(16);
    for (int i = 0; i < 60; i++) {
      boolean strings = i % 3 == 0;
      Map<String, Object> value = GobWriterPropertiesTest.randomObject(random, strings, 0);
      assertGoReads(
          strings ? "map[string]string" : "map[string]interface{}",
          new String(GoJson.write(value), StandardCharsets.UTF_8));
    }
  }

  static void assertGoReads(String goType, String json) {
    byte[] gob = GobView.encodeJsonObject(json, GobView.MapType.parse(goType));
    String cookie = GoInteropTest.codec(true).encode(NAME, gob);
    Map<String, Object> r = Interop.request("gob-any-decode", "gob", GoInteropTest.pairs(true));
    r.put("name", NAME);
    r.put("value", cookie);
    r.put("target", goType);
    Map<String, Object> go = Interop.call(r);
    assertThat(go.get("ok")).as(json + ": " + go.get("err")).isEqualTo(true);
    assertThat(GobViewFixturesTest.json((String) go.get("value")))
        .as(json)
        .isEqualTo(emptyListsAsNull(viaGoJson(GobViewFixturesTest.json(json))));
  }

  /** Go decodes an empty []interface{} into a nil slice, which its JSON writes as null. */
  static Object emptyListsAsNull(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new java.util.LinkedHashMap<>();
      m.forEach((k, x) -> out.put(k, emptyListsAsNull(x)));
      return out;
    }
    if (v instanceof List<?> list) {
      if (list.isEmpty()) {
        return null;
      }
      List<Object> out = new java.util.ArrayList<>();
      list.forEach(x -> out.add(emptyListsAsNull(x)));
      return out;
    }
    return v;
  }

  /** What a JSON value reads back as after Go's JSON writes it (2.0 as 2, ...). */
  static Object viaGoJson(Object v) {
    return GoJson.read(GoJson.write(v));
  }
}
