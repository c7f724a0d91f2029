package dev.sessionkeys.runtime;

import dev.sessionkeys.runtime.CookieException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code map[string]string} and {@code map[string]interface{}} as gob, for Go apps that
 * decode a cookie into one of them. Values of {@code map[string]interface{}}: {@link String},
 * {@link Boolean}, {@link Long}/{@link Integer} (Go {@code int}), {@link Double} ({@code float64}),
 * nested {@code Map<String, ?>} ({@code map[string]interface {}}), {@link List} ({@code []interface
 * {}}) and {@code null}. Go decodes nested maps and lists only when the app registered them ({@code
 * gob.Register(map[string]interface{}{})}, {@code gob.Register([]interface{}{})}), as for any
 * interface value.
 *
 * <p>Type definitions go first, each in a message of its own: the map as id 65, then {@code
 * []interface{}} as 66 when a list occurs. Go sends a definition at its first use instead, but
 * reads both; without lists the bytes are exactly a fresh Go process's.
 */
final class GobWriter {

  /** Well inside what GobReader reads back (each level is a map and an interface). */
  static final int MAX_DEPTH = 50;

  private static final int MAP_ID = 65;
  private static final int SLICE_ID = 66;

  /** Type definition bodies (after the negated id): mapType{CommonType{Id}, Key, Elem}. */
  private static final byte[] STRING_TO_STRING_TYPE = {
    0x04, 0x01, 0x02, (byte) 0xff, (byte) 0x82, 0x00, 0x01, 0x0c, 0x01, 0x0c, 0x00, 0x00
  };

  private static final byte[] STRING_TO_ANY_TYPE = {
    0x04, 0x01, 0x02, (byte) 0xff, (byte) 0x82, 0x00, 0x01, 0x0c, 0x01, 0x10, 0x00, 0x00
  };

  /** sliceType{CommonType{Id}, Elem interface}. */
  private static final byte[] SLICE_TYPE = {
    0x02, 0x01, 0x02, (byte) 0xff, (byte) 0x84, 0x00, 0x01, 0x10, 0x00, 0x00
  };

  private final ByteSink out = new ByteSink(256);

  private GobWriter() {}

  static byte[] encodeStringToString(Map<String, ?> values) {
    for (Map.Entry<String, ?> e : values.entrySet()) {
      if (!(e.getValue() instanceof String)) {
        throw refuse(
            "the value of \""
                + e.getKey()
                + "\" is "
                + kind(e.getValue())
                + "; map[string]string holds only strings");
      }
    }
    GobWriter w = new GobWriter();
    w.typeMessage(MAP_ID, STRING_TO_STRING_TYPE);
    ByteSink msg = new ByteSink(128);
    GoGob.writeInt(msg, MAP_ID);
    msg.write(0); // singleton field delta
    GoGob.writeUint(msg, values.size());
    for (Map.Entry<String, ?> e : values.entrySet()) {
      string(msg, e.getKey());
      string(msg, (String) e.getValue());
    }
    w.message(msg);
    return w.out.toByteArray();
  }

  static byte[] encodeStringToAny(Map<String, ?> values) {
    GobWriter w = new GobWriter();
    w.typeMessage(MAP_ID, STRING_TO_ANY_TYPE);
    if (hasList(values.values(), 0)) {
      w.typeMessage(SLICE_ID, SLICE_TYPE);
    }
    ByteSink msg = new ByteSink(128);
    GoGob.writeInt(msg, MAP_ID);
    msg.write(0);
    mapBody(msg, values, 0);
    w.message(msg);
    return w.out.toByteArray();
  }

  private void typeMessage(int id, byte[] body) {
    ByteSink msg = new ByteSink(16);
    GoGob.writeInt(msg, -id);
    msg.write(body);
    message(msg);
  }

  private void message(ByteSink msg) {
    GoGob.writeUint(out, msg.len);
    out.write(msg.buf, 0, msg.len);
  }

  private static boolean hasList(Iterable<?> values, int depth) {
    for (Object v : values) {
      if (v instanceof List<?>) {
        return true;
      }
      if (v instanceof Map<?, ?> m && depth < MAX_DEPTH && hasList(m.values(), depth + 1)) {
        return true;
      }
    }
    return false;
  }

  private static void mapBody(ByteSink msg, Map<?, ?> values, int depth) {
    GoGob.writeUint(msg, values.size());
    for (Map.Entry<?, ?> e : values.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw refuse("a map key is " + kind(e.getKey()) + "; the keys must be strings");
      }
      string(msg, key);
      iface(msg, e.getValue(), key, depth);
    }
  }

  /** An interface value: the Go type name, its type id, then the value delimited by its length. */
  private static void iface(ByteSink msg, Object v, String key, int depth) {
    if (depth > MAX_DEPTH) {
      throw refuse("the value of \"" + key + "\" nests deeper than " + MAX_DEPTH + " levels");
    }
    if (v == null) {
      msg.write(0); // a nil interface
      return;
    }
    ByteSink data = new ByteSink(32);
    data.write(0); // singleton field delta
    String name;
    int id;
    if (v instanceof String s) {
      name = "string";
      id = GobReader.T_STRING;
      string(data, s);
    } else if (v instanceof Boolean b) {
      name = "bool";
      id = GobReader.T_BOOL;
      data.write(b ? 1 : 0);
    } else if (v instanceof Long || v instanceof Integer) {
      name = "int";
      id = GobReader.T_INT;
      GoGob.writeInt(data, ((Number) v).longValue());
    } else if (v instanceof Double d) {
      name = "float64";
      id = GobReader.T_FLOAT;
      GoGob.writeUint(data, Long.reverseBytes(Double.doubleToRawLongBits(d)));
    } else if (v instanceof Map<?, ?> m) {
      name = "map[string]interface {}";
      id = MAP_ID;
      mapBody(data, m, depth + 1);
    } else if (v instanceof List<?> list) {
      name = "[]interface {}";
      id = SLICE_ID;
      GoGob.writeUint(data, list.size());
      for (Object item : list) {
        iface(data, item, key, depth + 1);
      }
    } else {
      throw refuse(
          "the value of \""
              + key
              + "\" is "
              + kind(v)
              + "; map[string]interface{} values are strings, booleans, numbers, objects, arrays"
              + " or null");
    }
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    GoGob.writeUint(msg, n.length);
    msg.write(n);
    GoGob.writeInt(msg, id);
    GoGob.writeUint(msg, data.len);
    msg.write(data.buf, 0, data.len);
  }

  private static void string(ByteSink msg, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    GoGob.writeUint(msg, b.length);
    msg.write(b);
  }

  private static String kind(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Map) {
      return "an object";
    }
    if (v instanceof List) {
      return "an array";
    }
    if (v instanceof Number) {
      return "a number";
    }
    return v instanceof Boolean ? "a boolean" : "a " + v.getClass().getSimpleName();
  }

  private static CookieException refuse(String what) {
    return new CookieException(Reason.CANNOT_SERIALIZE, "gob: " + what);
  }
}
