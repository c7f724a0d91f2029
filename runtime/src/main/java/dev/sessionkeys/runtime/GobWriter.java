package dev.sessionkeys.runtime;

import dev.sessionkeys.runtime.CookieException.Reason;
import dev.sessionkeys.runtime.GobView.MapType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes gob maps the way Go's {@code gob.NewEncoder(w).Encode(m)} does: gorilla/sessions values
 * ({@code map[interface{}]interface{}}, {@link Serializer#GOB}), and {@code map[string]string} and
 * {@code map[string]interface{}} for Go apps that decode a cookie into one of them.
 *
 * <p>Interface values: {@link String} ({@code string}), {@link Boolean} ({@code bool}), {@link
 * Long}/{@link Integer}/{@link Short}/{@link Byte} ({@code int}), {@link Double} ({@code float64}),
 * {@link List} ({@code []interface {}}) and {@code null}; session values also {@link GoInt64}
 * ({@code int64}) and {@code byte[]} ({@code []uint8}) but lists only as flashes (not nested);
 * {@code map[string]interface{}} values also nested {@code Map<String, ?>} ({@code
 * map[string]interface {}}). Go decodes nested maps and lists in the latter only when the app
 * registered them ({@code gob.Register(map[string]interface{}{})}, {@code
 * gob.Register([]interface{}{})}), as for any interface value.
 *
 * <p>Type definitions: the map's as id 65 in a message of its own, then {@code []interface{}} as
 * 66. For sessions it goes, as Go sends it, into the message that first uses it (the bytes are a
 * fresh Go process's; Go iterates maps in random order, so only the order of entries may differ).
 * For {@code map[string]interface{}} it goes up front in a message of its own (Go sends it at its
 * first use, possibly deep inside nested values, but reads both); without lists the bytes are a
 * fresh Go process's.
 */
final class GobWriter {

  /** Well inside what GobReader reads back (each level is a map and an interface). */
  static final int MAX_DEPTH = 50;

  private static final int MAP_ID = 65;
  private static final int SLICE_ID = 66;

  /** The fields of wireType that hold a slice's and a map's definition. */
  private static final int SLICE_KIND = 2;

  private static final int MAP_KIND = 4;

  private final ByteSink out = new ByteSink(256);
  private final MapType type;
  private final boolean session;

  /** Whether a list was written, so that {@code []interface{}} is defined. */
  private boolean listWritten;

  private GobWriter(MapType type) {
    this.type = type;
    this.session = type == MapType.SESSION;
  }

  /** The bytes of {@code gob.NewEncoder(w).Encode(values)} with {@code values} of the Go type. */
  static byte[] encode(Map<String, ?> values, MapType type) {
    GobWriter w = new GobWriter(type);
    // The key and element type ids are string or interface{}.
    int key = w.session ? GobReader.T_INTERFACE : GobReader.T_STRING;
    int elem = type == MapType.STRING_TO_STRING ? GobReader.T_STRING : GobReader.T_INTERFACE;
    w.typeMessage(MAP_KIND, MAP_ID, key, elem);
    ByteSink msg = new ByteSink(128);
    writeInt(msg, MAP_ID);
    msg.write(0);
    w.mapBody(msg, values, 0);
    if (w.listWritten && !w.session) {
      w.typeMessage(SLICE_KIND, SLICE_ID, GobReader.T_INTERFACE);
    }
    w.message(msg);
    return w.out.toByteArray();
  }

  private void typeMessage(int kind, int id, int... typeIds) {
    ByteSink msg = new ByteSink(16);
    typeDefinition(msg, kind, id, typeIds);
    message(msg);
  }

  /**
   * A type definition: -id, then wireType with only the kind's field set: {CommonType{Id}, the type
   * ids} (sliceType's Elem; mapType's Key and Elem).
   */
  private static void typeDefinition(ByteSink msg, int kind, int id, int... typeIds) {
    writeInt(msg, -id);
    msg.write(new byte[] {(byte) kind, 1, 2}); // the kind's field, its CommonType, Id (no Name)
    writeInt(msg, id);
    msg.write(0);
    for (int typeId : typeIds) {
      msg.write(1);
      writeInt(msg, typeId);
    }
    msg.write(new byte[] {0, 0}); // the ends of the kind's struct and of wireType
  }

  /** Frames a message (length prefix) onto the output, as gob's writeMessage. */
  private void message(ByteSink msg) {
    writeUint(out, msg.len);
    out.write(msg.buf, 0, msg.len);
    msg.len = 0;
  }

  private void mapBody(ByteSink msg, Map<?, ?> values, int depth) {
    writeUint(msg, values.size());
    for (Map.Entry<?, ?> e : values.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw refuse("a map key is " + kind(e.getKey()) + "; the keys must be strings");
      }
      if (session) {
        iface(msg, key, key, depth); // map[interface{}]...: the key is an interface value too
      } else {
        string(msg, key);
      }
      if (type != MapType.STRING_TO_STRING) {
        iface(msg, e.getValue(), key, depth);
      } else if (e.getValue() instanceof String s) {
        string(msg, s);
      } else {
        throw refuse(
            "the value of \""
                + key
                + "\" is "
                + kind(e.getValue())
                + "; map[string]string holds only strings");
      }
    }
  }

  /** An interface value: the Go type name, its type id, then the value delimited by its length. */
  private void iface(ByteSink msg, Object v, String key, int depth) {
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
    } else if (v instanceof Long
        || v instanceof Integer
        || v instanceof Short
        || v instanceof Byte) {
      name = "int";
      id = GobReader.T_INT;
      writeInt(data, ((Number) v).longValue());
    } else if (v instanceof Double d) {
      name = "float64";
      id = GobReader.T_FLOAT;
      writeUint(data, Long.reverseBytes(Double.doubleToRawLongBits(d)));
    } else if (session && v instanceof GoInt64 i) {
      name = "int64";
      id = GobReader.T_INT;
      writeInt(data, i.value());
    } else if (session && v instanceof byte[] b) {
      name = "[]uint8";
      id = GobReader.T_BYTES;
      writeUint(data, b.length);
      data.write(b);
    } else if (!session && v instanceof Map<?, ?> m) {
      name = "map[string]interface {}";
      id = MAP_ID;
      mapBody(data, m, depth + 1);
    } else if (v instanceof List<?> list && !(session && depth > 0)) {
      name = "[]interface {}";
      id = SLICE_ID;
      writeUint(data, list.size());
      for (Object item : list) {
        iface(data, item, key, depth + 1);
      }
    } else {
      throw refuse(refusal(v, key));
    }
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    writeUint(msg, n.length);
    msg.write(n);
    if (id == SLICE_ID && !listWritten && session) {
      // Lists are at depth 0 here, so msg is the value message: Go appends the definition to the
      // message being built and frames both as one message.
      typeDefinition(msg, SLICE_KIND, SLICE_ID, GobReader.T_INTERFACE);
      message(msg);
    }
    listWritten |= id == SLICE_ID;
    writeInt(msg, id);
    writeUint(msg, data.len);
    msg.write(data.buf, 0, data.len);
  }

  private String refusal(Object v, String key) {
    if (!session) {
      return "the value of \""
          + key
          + "\" is "
          + kind(v)
          + "; map[string]interface{} values are strings, booleans, numbers, objects, arrays"
          + " or null";
    }
    return v instanceof List
        ? "a list inside the list under key \"" + key + "\" is outside the supported subset"
        : "a "
            + v.getClass().getName()
            + " under key \""
            + key
            + "\" is outside the supported subset"
            + " (String, Boolean, Long/Integer, GoInt64, Double, byte[], List, null)";
  }

  private static void string(ByteSink msg, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    writeUint(msg, b.length);
    msg.write(b);
  }

  /**
   * gob's unsigned integer: below 128 one byte, else the negated byte count and big-endian bytes.
   */
  static void writeUint(ByteSink out, long x) {
    if (Long.compareUnsigned(x, 0x80) < 0) {
      out.write((int) x);
      return;
    }
    int n = 8 - Long.numberOfLeadingZeros(x) / 8;
    out.write(-n);
    for (int i = n - 1; i >= 0; i--) {
      out.write((int) (x >>> (8 * i)));
    }
  }

  /** gob's signed integer: zig-zag, the sign in the lowest bit. */
  static void writeInt(ByteSink out, long i) {
    writeUint(out, i < 0 ? (~i << 1) | 1 : i << 1);
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
