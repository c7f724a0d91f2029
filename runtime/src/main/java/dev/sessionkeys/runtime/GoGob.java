package dev.sessionkeys.runtime;

import dev.sessionkeys.runtime.CookieException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset of Go's {@code encoding/gob} that gorilla/sessions writes: one {@code
 * map[interface{}]interface{}} with string keys. Values map to Java as:
 *
 * <table>
 *   <caption>Go and Java types</caption>
 *   <tr><th>Go</th><th>Java</th></tr>
 *   <tr><td>{@code string}</td><td>{@link String}</td></tr>
 *   <tr><td>{@code bool}</td><td>{@link Boolean}</td></tr>
 *   <tr><td>{@code int}</td><td>{@link Long} (an {@link Integer} is written as {@code int} too)</td></tr>
 *   <tr><td>{@code int64}</td><td>{@link GoInt64}</td></tr>
 *   <tr><td>{@code float64}</td><td>{@link Double}</td></tr>
 *   <tr><td>{@code []byte}</td><td>{@code byte[]}</td></tr>
 *   <tr><td>{@code []interface{}} (flashes)</td><td>{@link List} of the scalar types above</td></tr>
 *   <tr><td>{@code nil}</td><td>{@code null}</td></tr>
 * </table>
 *
 * <p>Anything else — a registered struct, another map, a non-string key — is refused with a {@link
 * CookieException} naming the Go type ({@code CANNOT_DESERIALIZE} when reading, {@code
 * CANNOT_SERIALIZE} when writing). The reader follows the gob stream rules (type definitions may
 * arrive inside the value message, as Go sends them) rather than expecting Go's exact bytes — Go
 * numbers types per process in the order it first sends them, so a long-running Go service may use
 * other type ids than a fresh one. The writer produces the bytes of a fresh Go process (Go iterates
 * maps in random order, so only the order of entries may differ).
 */
final class GoGob {

  // Predefined gob type ids (encoding/gob/type.go).
  private static final int T_BOOL = 1;
  private static final int T_INT = 2;
  private static final int T_FLOAT = 4;
  private static final int T_BYTES = 5;
  private static final int T_STRING = 6;
  private static final int T_INTERFACE = 8;
  private static final int FIRST_USER_ID = 65;

  private static final String FLASH_TYPE = "[]interface {}";
  private static final int MAP_ID = 65;
  private static final int SLICE_ID = 66;

  /**
   * The first message Go sends for map[interface{}]interface{} in a fresh stream: its type
   * definition as id 65.
   */
  private static final byte[] MAP_TYPE_MESSAGE = {
    0x0e,
    (byte) 0xff,
    (byte) 0x81,
    0x04,
    0x01,
    0x02,
    (byte) 0xff,
    (byte) 0x82,
    0x00,
    0x01,
    0x10,
    0x01,
    0x10,
    0x00,
    0x00
  };

  /** The body of the type definition of []interface{} as id 66, sent before its first value. */
  private static final byte[] SLICE_TYPE_DEFINITION = {
    (byte) 0xff,
    (byte) 0x83,
    0x02,
    0x01,
    0x02,
    (byte) 0xff,
    (byte) 0x84,
    0x00,
    0x01,
    0x10,
    0x00,
    0x00
  };

  private static final byte[] NAME_STRING = name("string");
  private static final byte[] NAME_BOOL = name("bool");
  private static final byte[] NAME_INT = name("int");
  private static final byte[] NAME_INT64 = name("int64");
  private static final byte[] NAME_FLOAT64 = name("float64");
  private static final byte[] NAME_BYTES = name("[]uint8");
  private static final byte[] NAME_FLASHES = name(FLASH_TYPE);

  private GoGob() {}

  private static byte[] name(String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[b.length + 1];
    out[0] = (byte) b.length;
    System.arraycopy(b, 0, out, 1, b.length);
    return out;
  }

  // ----------------------------------------------------------------------------------------------
  // writing

  /**
   * Writes session values as gob, as Go's {@code
   * gob.NewEncoder(w).Encode(map[interface{}]interface{})}.
   */
  static byte[] encodeSessionValues(Map<String, ?> values) {
    Writer w = new Writer();
    w.out.write(MAP_TYPE_MESSAGE);
    ByteSink msg = w.msg;
    writeInt(msg, MAP_ID);
    msg.write(0); // singleton field delta
    writeUint(msg, values.size());
    for (Map.Entry<String, ?> e : values.entrySet()) {
      String key = e.getKey();
      if (key == null) {
        throw new CookieException(Reason.CANNOT_SERIALIZE, "gob: a session key is null");
      }
      // Key: interface{} holding a string.
      msg.write(NAME_STRING);
      writeInt(msg, T_STRING);
      byte[] k = key.getBytes(StandardCharsets.UTF_8);
      writeUint(msg, 1 + uintLength(k.length) + k.length);
      msg.write(0);
      writeUint(msg, k.length);
      msg.write(k);
      w.writeInterface(e.getValue(), key, true);
    }
    w.flush();
    return w.out.toByteArray();
  }

  private static final class Writer {
    final ByteSink out = new ByteSink(256);
    ByteSink msg = new ByteSink(256);
    boolean sliceTypeSent;
    final ByteSink scratch = new ByteSink(64);

    /** Frames the current message (length prefix) onto the output, as gob's writeMessage. */
    void flush() {
      writeUint(out, msg.len);
      out.write(msg.buf, 0, msg.len);
      msg.len = 0;
    }

    void writeInterface(Object v, String key, boolean topLevel) {
      if (v == null) {
        msg.write(0);
        return;
      }
      if (v instanceof List<?> list) {
        if (!topLevel) {
          throw new CookieException(
              Reason.CANNOT_SERIALIZE,
              "gob: a list inside the list under key \""
                  + key
                  + "\" is outside the supported subset");
        }
        msg.write(NAME_FLASHES);
        if (!sliceTypeSent) {
          // Go appends the type definition to the message being built and frames both as one
          // message.
          msg.write(SLICE_TYPE_DEFINITION);
          flush();
          sliceTypeSent = true;
        }
        writeInt(msg, SLICE_ID);
        ByteSink outer = msg;
        ByteSink data = new ByteSink(64);
        msg = data;
        data.write(0);
        writeUint(data, list.size());
        for (Object e : list) {
          writeInterface(e, key, false);
        }
        msg = outer;
        writeUint(msg, data.len);
        msg.write(data.buf, 0, data.len);
        return;
      }
      ByteSink s = scratch;
      s.len = 0;
      s.write(0);
      byte[] typeName;
      int typeId;
      if (v instanceof String str) {
        typeName = NAME_STRING;
        typeId = T_STRING;
        byte[] b = str.getBytes(StandardCharsets.UTF_8);
        writeUint(s, b.length);
        s.write(b);
      } else if (v instanceof Boolean b) {
        typeName = NAME_BOOL;
        typeId = T_BOOL;
        s.write(b ? 1 : 0);
      } else if (v instanceof Long
          || v instanceof Integer
          || v instanceof Short
          || v instanceof Byte) {
        typeName = NAME_INT;
        typeId = T_INT;
        writeInt(s, ((Number) v).longValue());
      } else if (v instanceof GoInt64 i) {
        typeName = NAME_INT64;
        typeId = T_INT;
        writeInt(s, i.value());
      } else if (v instanceof Double d) {
        typeName = NAME_FLOAT64;
        typeId = T_FLOAT;
        writeUint(s, Long.reverseBytes(Double.doubleToLongBits(d)));
      } else if (v instanceof byte[] b) {
        typeName = NAME_BYTES;
        typeId = T_BYTES;
        writeUint(s, b.length);
        s.write(b);
      } else {
        throw new CookieException(
            Reason.CANNOT_SERIALIZE,
            "gob: a "
                + v.getClass().getName()
                + " under key \""
                + key
                + "\" is outside the supported subset"
                + " (String, Boolean, Long/Integer, GoInt64, Double, byte[], List, null)");
      }
      msg.write(typeName);
      writeInt(msg, typeId);
      writeUint(msg, s.len);
      msg.write(s.buf, 0, s.len);
    }
  }

  static void writeUint(ByteSink out, long x) {
    if (x >= 0 && x < 0x80) {
      out.write((int) x);
      return;
    }
    int n = 8 - Long.numberOfLeadingZeros(x) / 8;
    out.ensure(n + 1);
    out.write(-n & 0xff);
    for (int i = n - 1; i >= 0; i--) {
      out.write((int) (x >>> (8 * i)));
    }
  }

  static int uintLength(long x) {
    return (x >= 0 && x < 0x80) ? 1 : 1 + 8 - Long.numberOfLeadingZeros(x) / 8;
  }

  static void writeInt(ByteSink out, long i) {
    long u = i < 0 ? (~i << 1) | 1 : i << 1;
    writeUint(out, u);
  }

  // ----------------------------------------------------------------------------------------------
  // reading

  /** Reads the gob that gorilla/sessions writes for {@code Session.Values}. */
  static Map<String, Object> decodeSessionValues(byte[] gob) {
    return new Reader(gob).read();
  }

  /** A defined wire type: a slice or a map (the only kinds the subset needs). */
  private record WireType(boolean isMap, int key, int elem) {}

  private static final class Reader {
    private final byte[] in;
    private int inPos;

    /** The current message is in[pos, end). */
    private int pos;

    private int end;
    private final Map<Integer, WireType> types = new HashMap<>();

    Reader(byte[] in) {
      this.in = in;
    }

    CookieException fail(String what) {
      return new CookieException(Reason.CANNOT_DESERIALIZE, "gob: " + what);
    }

    Map<String, Object> read() {
      int id = typeSequence(false);
      WireType t = types.get(id);
      if (t == null || !t.isMap || t.key != T_INTERFACE || t.elem != T_INTERFACE) {
        throw fail("the value is not a map[interface{}]interface{} (type id " + id + ")");
      }
      if (uint() != 0) {
        throw fail("corrupted data: non-zero delta for singleton");
      }
      long count = uint();
      if (count < 0 || count > in.length) {
        throw fail(
            "map with " + Long.toUnsignedString(count) + " entries in " + in.length + " bytes");
      }
      Map<String, Object> values = new LinkedHashMap<>();
      for (long i = 0; i < count; i++) {
        Object key = iface(null, 0);
        if (!(key instanceof String k)) {
          throw fail(
              "a session key of Go type "
                  + goTypeName(key)
                  + " is outside the supported subset (string)");
        }
        values.put(k, iface(k, 0));
      }
      return values;
    }

    private String goTypeName(Object v) {
      if (v == null) {
        return "nil";
      }
      if (v instanceof Long) {
        return "int";
      }
      if (v instanceof GoInt64) {
        return "int64";
      }
      if (v instanceof Boolean) {
        return "bool";
      }
      if (v instanceof Double) {
        return "float64";
      }
      if (v instanceof byte[]) {
        return "[]uint8";
      }
      return FLASH_TYPE;
    }

    /** gob's decodeTypeSequence: read type definitions until a value's type id. */
    private int typeSequence(boolean isInterface) {
      while (true) {
        if (pos == end) {
          nextMessage();
        }
        long id = integer();
        if (id >= 0) {
          if (id > Integer.MAX_VALUE) {
            throw fail("type id out of range");
          }
          return (int) id;
        }
        if (id == Long.MIN_VALUE || -id > Integer.MAX_VALUE) {
          throw fail("type id out of range");
        }
        defineType((int) -id);
        if (pos < end) {
          if (!isInterface) {
            throw fail("extra data in buffer");
          }
          uint();
        }
      }
    }

    private void nextMessage() {
      if (inPos >= in.length) {
        throw fail("unexpected end of data");
      }
      pos = inPos;
      end = in.length;
      long n = uint();
      if (n <= 0 || n > in.length - pos) {
        throw fail(
            "message length "
                + Long.toUnsignedString(n)
                + " exceeds the remaining "
                + (in.length - pos)
                + " bytes");
      }
      end = pos + (int) n;
      inPos = end;
    }

    /** Reads a wireType struct: only SliceT (field 1) and MapT (field 3) are in the subset. */
    private void defineType(int id) {
      if (id < FIRST_USER_ID || types.containsKey(id)) {
        throw fail("duplicate or reserved type id " + id);
      }
      long delta = uint();
      WireType t;
      if (delta == 2) {
        // sliceType{CommonType, Elem}
        int[] f = struct(2);
        t = new WireType(false, 0, f[1]);
      } else if (delta == 4) {
        // mapType{CommonType, Key, Elem}
        int[] f = struct(3);
        t = new WireType(true, f[1], f[2]);
      } else {
        throw fail(
            "a type definition other than slice or map (struct, array or custom encoder) is outside the"
                + " supported subset");
      }
      if (uint() != 0) {
        throw fail("corrupted type definition");
      }
      types.put(id, t);
    }

    /** Reads CommonType then {@code n-1} type id fields; returns the ids (index 0 unused). */
    private int[] struct(int n) {
      int[] f = new int[n];
      int field = -1;
      while (true) {
        long delta = uint();
        if (delta == 0) {
          return f;
        }
        if (delta < 0 || delta > n) {
          throw fail("corrupted type definition");
        }
        field += (int) delta;
        if (field >= n) {
          throw fail("corrupted type definition");
        }
        if (field == 0) {
          commonType();
        } else {
          long v = integer();
          if (v < 0 || v > Integer.MAX_VALUE) {
            throw fail("corrupted type definition");
          }
          f[field] = (int) v;
        }
      }
    }

    private void commonType() {
      int field = -1;
      while (true) {
        long delta = uint();
        if (delta == 0) {
          return;
        }
        field += (int) (delta < 0 || delta > 3 ? 3 : delta);
        if (field == 0) {
          bytes();
        } else if (field == 1) {
          integer();
        } else {
          throw fail("corrupted type definition");
        }
      }
    }

    /** gob's decodeInterface: a Go type name, then a delimited value of that concrete type. */
    private Object iface(String key, int depth) {
      long nameLen = uint();
      if (nameLen == 0) {
        return null;
      }
      if (nameLen < 0 || nameLen > 1024 || nameLen > end - pos) {
        throw fail("invalid type name length " + Long.toUnsignedString(nameLen));
      }
      String name = new String(in, pos, (int) nameLen, StandardCharsets.ISO_8859_1);
      pos += (int) nameLen;
      int expected =
          switch (name) {
            case "string" -> T_STRING;
            case "bool" -> T_BOOL;
            case "int", "int64" -> T_INT;
            case "float64" -> T_FLOAT;
            case "[]uint8" -> T_BYTES;
            case FLASH_TYPE -> -1;
            default ->
                throw fail(
                    "a value of Go type "
                        + printable(name)
                        + (key == null ? "" : " under key \"" + key + "\"")
                        + " is outside the supported subset"
                        + " (string, bool, int, int64, float64, []byte, []interface{})");
          };
      int id = typeSequence(true);
      uint(); // the value's byte count, which gob's own decoder also ignores
      if (expected == -1) {
        WireType t = types.get(id);
        if (t == null || t.isMap || t.elem != T_INTERFACE || depth > 0) {
          throw fail("type " + FLASH_TYPE + " does not match the wire type " + id);
        }
      } else if (id != expected) {
        throw fail("type " + name + " does not match the wire type " + id);
      }
      if (uint() != 0) {
        throw fail("corrupted data: non-zero delta for singleton");
      }
      switch (name) {
        case "string":
          return new String(bytes(), StandardCharsets.UTF_8);
        case "bool":
          // As Go: any non-zero value is true.
          return uint() != 0;
        case "int":
          return integer();
        case "int64":
          return new GoInt64(integer());
        case "float64":
          return Double.longBitsToDouble(Long.reverseBytes(uint()));
        case "[]uint8":
          return bytes();
        default:
          {
            long n = uint();
            if (n < 0 || n > end - pos) {
              throw fail(
                  "slice with "
                      + Long.toUnsignedString(n)
                      + " elements in "
                      + (end - pos)
                      + " bytes");
            }
            List<Object> list = new ArrayList<>((int) n);
            for (long i = 0; i < n; i++) {
              list.add(iface(key, depth + 1));
            }
            return list;
          }
      }
    }

    private String printable(String name) {
      StringBuilder sb = new StringBuilder(name.length());
      for (int i = 0; i < name.length() && i < 100; i++) {
        char c = name.charAt(i);
        sb.append(c >= 0x20 && c < 0x7f ? c : '?');
      }
      return sb.toString();
    }

    private byte[] bytes() {
      long n = uint();
      if (n < 0 || n > end - pos) {
        throw fail(
            "length "
                + Long.toUnsignedString(n)
                + " exceeds the remaining "
                + (end - pos)
                + " bytes");
      }
      byte[] b = new byte[(int) n];
      System.arraycopy(in, pos, b, 0, (int) n);
      pos += (int) n;
      return b;
    }

    private long uint() {
      if (pos >= end) {
        throw fail("unexpected end of message");
      }
      int b = in[pos++] & 0xff;
      if (b < 0x80) {
        return b;
      }
      int n = 256 - b;
      if (n > 8) {
        throw fail("encoded unsigned integer out of range");
      }
      if (n > end - pos) {
        throw fail("invalid uint data length " + n);
      }
      long x = 0;
      for (int i = 0; i < n; i++) {
        x = (x << 8) | (in[pos++] & 0xff);
      }
      return x;
    }

    private long integer() {
      long u = uint();
      return (u & 1) != 0 ? ~(u >>> 1) : (u >>> 1);
    }
  }
}
