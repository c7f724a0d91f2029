package dev.sessionkeys.runtime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request building and answer reading for the Go harness, plus the typed form of gob values it
 * speaks.
 */
final class Interop {

  private Interop() {}

  static Map<String, Object> call(Map<String, Object> request) {
    byte[] json = GoJson.write(request);
    String line = new String(json, 0, json.length - 1, StandardCharsets.UTF_8);
    @SuppressWarnings("unchecked")
    Map<String, Object> answer =
        (Map<String, Object>)
            GoJson.read(GoHarness.get().call(line).getBytes(StandardCharsets.UTF_8));
    return answer;
  }

  static Map<String, Object> request(String op, String ser, List<byte[][]> pairs) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("op", op);
    r.put("ser", ser);
    List<Object> ps = new ArrayList<>();
    for (byte[][] p : pairs) {
      ps.add(List.of(b64(p[0]), p[1] == null ? "" : b64(p[1])));
    }
    r.put("pairs", ps);
    return r;
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  static byte[] unhex(Object hex) {
    return HexFormat.of().parseHex((String) hex);
  }

  /** Session values in the harness's typed form. */
  static List<Object> typed(Map<String, Object> values) {
    List<Object> out = new ArrayList<>();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      Map<String, Object> t = typedValue(e.getValue());
      t.put("k", e.getKey());
      out.add(t);
    }
    return out;
  }

  static Map<String, Object> typedValue(Object v) {
    Map<String, Object> t = new LinkedHashMap<>();
    if (v == null) {
      t.put("t", "nil");
    } else if (v instanceof String s) {
      t.put("t", "string");
      t.put("v", s);
    } else if (v instanceof Boolean b) {
      t.put("t", "bool");
      t.put("v", b.toString());
    } else if (v instanceof Long l) {
      t.put("t", "int");
      t.put("v", l.toString());
    } else if (v instanceof GoInt64 l) {
      t.put("t", "int64");
      t.put("v", Long.toString(l.value()));
    } else if (v instanceof Double d) {
      t.put("t", "float64");
      t.put("v", Long.toHexString(Double.doubleToLongBits(d)));
    } else if (v instanceof byte[] b) {
      t.put("t", "bytes");
      t.put("v", b64(b));
    } else if (v instanceof List<?> list) {
      t.put("t", "flashes");
      List<Object> items = new ArrayList<>();
      for (Object o : list) {
        items.add(typedValue(o));
      }
      t.put("items", items);
    } else {
      throw new IllegalArgumentException(v.getClass().getName());
    }
    return t;
  }

  /** Reads the harness's typed values back into Java values. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> untyped(Object typedList) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (typedList == null) {
      return out;
    }
    for (Object o : (List<Object>) typedList) {
      Map<String, Object> t = (Map<String, Object>) o;
      out.put((String) t.getOrDefault("k", ""), untypedValue(t));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static Object untypedValue(Map<String, Object> t) {
    String v = (String) t.getOrDefault("v", "");
    return switch ((String) t.get("t")) {
      case "nil" -> null;
      case "string" -> v;
      case "bool" -> Boolean.parseBoolean(v);
      case "int" -> Long.parseLong(v);
      case "int64" -> new GoInt64(Long.parseLong(v));
      case "float64" -> Double.longBitsToDouble(Long.parseUnsignedLong(v, 16));
      case "bytes" -> Base64.getDecoder().decode(v);
      case "flashes" -> {
        List<Object> items = new ArrayList<>();
        for (Object o : (List<Object>) t.getOrDefault("items", List.of())) {
          items.add(untypedValue((Map<String, Object>) o));
        }
        yield items;
      }
      default -> throw new IllegalArgumentException(String.valueOf(t.get("t")));
    };
  }
}
