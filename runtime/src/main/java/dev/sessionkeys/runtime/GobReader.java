package dev.sessionkeys.runtime;

import dev.sessionkeys.runtime.CookieException.Reason;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads any gob value Go's {@code encoding/gob} writes (one {@code Encoder.Encode} call) into a
 * tree of plain Java values, using only the type definitions on the wire — the Go types need not be
 * known. Go's decoder wants a destination type; this reader is the "decode into anything" view of a
 * debugger, so it follows the wire types instead.
 *
 * <p>The tree: {@code null}, {@link Boolean}, {@link Long} (ints), {@link BigInteger} (uints),
 * {@link Double}, {@link String}, {@code byte[]}, {@link List} (slices, arrays, complex numbers as
 * {@code [real, imag]}), {@link Map} with {@link String} keys (structs in field order, maps whose
 * keys are all strings; a string key inside an interface counts as a string), {@link Entries}
 * (other maps), {@link Typed} (an interface value with its Go type name), {@link Opaque} (a
 * GobEncoder, BinaryMarshaler or TextMarshaler value). Absent struct fields (gob sends no zero
 * values) read as the zero scalar ({@code false}, {@code 0}, {@code ""}) or {@code null} for
 * composite types.
 *
 * <p>Bounded for hostile input: total length, nesting depth, number of type definitions and of
 * values produced; counts are checked against the bytes left before anything is allocated. Errors
 * are {@link CookieException} ({@code CANNOT_DESERIALIZE}) that name Go types (printable, cut
 * short) but never echo data.
 */
final class GobReader {

  static final int MAX_INPUT = 1 << 20;

  /** Each level of a value nested in interfaces counts twice: the interface and its content. */
  static final int MAX_DEPTH = 128;

  static final int MAX_TYPES = 1024;
  static final int MAX_VALUES = 100_000;
  static final int MAX_NAME = 1024;

  // Predefined gob type ids (encoding/gob/type.go).
  static final int T_BOOL = 1;
  static final int T_INT = 2;
  static final int T_UINT = 3;
  static final int T_FLOAT = 4;
  static final int T_BYTES = 5;
  static final int T_STRING = 6;
  static final int T_COMPLEX = 7;
  static final int T_INTERFACE = 8;
  static final int FIRST_USER_ID = 65;

  private static final String[] BUILTIN_NAMES = {
    null, "bool", "int", "uint", "float64", "[]uint8", "string", "complex128", "interface {}"
  };

  /** An interface value: its registered Go type name, the id of its wire type, the value. */
  record Typed(String goType, int wireType, Object value) {}

  /** A map whose keys are not all strings, in wire order. */
  record Entries(List<Object> keys, List<Object> values) {}

  /**
   * A value that encodes itself (GobEncoder, BinaryMarshaler, TextMarshaler): the wire type's name
   * and the bytes its method wrote.
   */
  record Opaque(String wireName, byte[] data) {}

  /** The value read and the Go type it was sent as. */
  record Result(String goType, Object value) {}

  private enum Kind {
    ARRAY,
    SLICE,
    STRUCT,
    MAP,
    GOB_ENCODER,
    BINARY_MARSHALER,
    TEXT_MARSHALER
  }

  /** A struct field, also read for a CommonType (name and id); ids are checked before use. */
  private record Field(String name, long type) {}

  /** A wireType: kind, CommonType.Name, and the ids/length/fields its kind uses. */
  private record WireType(
      Kind kind, String name, int key, int elem, long len, List<Field> fields) {}

  private int values;
  private final Map<Integer, WireType> types = new HashMap<>();

  private GobReader(byte[] in) {
    if (in.length > MAX_INPUT) {
      throw fail("input of " + in.length + " bytes is longer than the limit of " + MAX_INPUT);
    }
    this.in = in;
  }

  static Result read(byte[] gob) {
    GobReader r = new GobReader(gob);
    int id = r.typeSequence(false);
    return new Result(r.typeName(id, 0), r.delimited(id, 0));
  }

  /**
   * Reads what gorilla/sessions stores: a {@code map[interface{}]interface{}} with string keys and
   * values of the Go types {@link Serializer#GOB} names; other types are refused naming them.
   */
  static Map<String, Object> readSessionValues(byte[] gob) {
    GobReader r = new GobReader(gob);
    int id = r.typeSequence(false);
    if (!r.isType(id, Kind.MAP, T_INTERFACE)) {
      throw fail("the value is not a map[interface{}]interface{} (type id " + id + ")");
    }
    Object map = r.delimited(id, 0);
    if (map instanceof Entries entries) {
      for (Object key : entries.keys()) {
        if (!(key instanceof String)) {
          throw fail(
              "a session key of Go type "
                  + (key == null ? "nil" : printable(((Typed) key).goType()))
                  + " is outside the supported subset (string)");
        }
      }
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> values = (Map<String, Object>) map;
    values.replaceAll((key, v) -> r.sessionValue(v, key, false));
    return values;
  }

  /** Whether {@code id} is a defined type of that kind and key with interface{} elements. */
  private boolean isType(int id, Kind kind, int key) {
    WireType t = types.get(id);
    return t != null && t.kind() == kind && t.key() == key && t.elem() == T_INTERFACE;
  }

  /**
   * A session value in {@link Serializer#GOB}'s Java types, its Go type checked against the wire
   * type as Go's decoder does; {@code []interface{}} only as flashes (not nested).
   */
  private Object sessionValue(Object v, String key, boolean inList) {
    if (v == null) {
      return null;
    }
    Typed t = (Typed) v;
    int id = t.wireType();
    boolean fits =
        switch (t.goType()) {
          case "string" -> id == T_STRING;
          case "bool" -> id == T_BOOL;
          case "int", "int64" -> id == T_INT;
          case "float64" -> id == T_FLOAT;
          case "[]uint8" -> id == T_BYTES;
          case "[]interface {}" -> !inList && isType(id, Kind.SLICE, 0);
          default ->
              throw fail(
                  "a value of Go type "
                      + printable(t.goType())
                      + " under key \""
                      + key
                      + "\" is outside the supported subset"
                      + " (string, bool, int, int64, float64, []byte, []interface{})");
        };
    if (!fits) {
      throw fail("type " + printable(t.goType()) + " does not match the wire type " + id);
    }
    if (t.value() instanceof List<?> flashes) {
      List<Object> list = new ArrayList<>(flashes);
      list.replaceAll(item -> sessionValue(item, key, true));
      return list;
    }
    return t.goType().equals("int64") ? new GoInt64((Long) t.value()) : t.value();
  }

  // ----------------------------------------------------------------------------------------------
  // messages and type definitions

  private final byte[] in;
  private int inPos;

  /** The current message is in[pos, end). */
  private int pos;

  private int end;

  static CookieException fail(String what) {
    return new CookieException(Reason.CANNOT_DESERIALIZE, "gob: " + what);
  }

  /** gob's decodeTypeSequence: reads type definitions until a value's type id. */
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
        uint(); // the count of a delimited value framed inside the message, as Go skips it
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

  /** A Go type name from the wire, safe to print: printable ASCII, at most 100 characters. */
  static String printable(String name) {
    StringBuilder sb = new StringBuilder(Math.min(name.length(), 100));
    for (int i = 0; i < name.length() && i < 100; i++) {
      char c = name.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return sb.toString();
  }

  /** Reads a wireType struct: exactly one of its seven fields, then the closing zero delta. */
  private void defineType(int id) {
    if (id < FIRST_USER_ID || types.containsKey(id)) {
      throw fail("duplicate or reserved type id " + id);
    }
    if (types.size() >= MAX_TYPES) {
      throw fail("more than " + MAX_TYPES + " type definitions");
    }
    long delta = uint();
    if (delta < 1 || delta > 7) {
      throw fail("corrupted type definition");
    }
    Kind kind = Kind.values()[(int) delta - 1];
    // The kind's struct: field 0 is CommonType; the others by kind.
    String name = "";
    long[] ids = {0, 0, 0};
    List<Field> fields = List.of();
    int field = -1;
    while (true) {
      long d = uint();
      if (d == 0) {
        break;
      }
      field = nextField(field, d, fieldCount(kind));
      if (field == 0) {
        name = nameAndId().name();
      } else if (kind == Kind.STRUCT) {
        fields = fieldList();
      } else {
        ids[field] = integer();
      }
    }
    if (uint() != 0) {
      throw fail("corrupted type definition");
    }
    for (int i = 1; i < 3; i++) {
      if (kind != Kind.ARRAY || i == 1) {
        checkId(ids[i]);
      }
    }
    types.put(
        id,
        switch (kind) {
          case ARRAY -> new WireType(kind, name, 0, (int) ids[1], ids[2], fields);
          case MAP -> new WireType(kind, name, (int) ids[1], (int) ids[2], 0, fields);
          default -> new WireType(kind, name, 0, (int) ids[1], 0, fields);
        });
  }

  private static int fieldCount(Kind kind) {
    return switch (kind) {
      case ARRAY, MAP -> 3;
      case SLICE, STRUCT -> 2;
      default -> 1;
    };
  }

  private static int nextField(int field, long delta, int count) {
    if (delta < 0 || delta > count - 1 - field) {
      throw fail("corrupted type definition");
    }
    return field + (int) delta;
  }

  private static void checkId(long id) {
    if (id < 0 || id > Integer.MAX_VALUE) {
      throw fail("corrupted type definition");
    }
  }

  /** structType.Field: []*fieldType{Name string; Id typeId}. */
  private List<Field> fieldList() {
    long n = count();
    List<Field> fields = new ArrayList<>((int) n);
    for (long i = 0; i < n; i++) {
      Field f = nameAndId();
      checkId(f.type());
      fields.add(f);
    }
    return List.copyOf(fields);
  }

  /** CommonType and fieldType alike: a struct {Name string; Id typeId}. */
  private Field nameAndId() {
    String name = "";
    long id = 0;
    int field = -1;
    while (true) {
      long d = uint();
      if (d == 0) {
        return new Field(name, id);
      }
      field = nextField(field, d, 2);
      if (field == 0) {
        name = text(MAX_NAME);
      } else {
        id = integer();
      }
    }
  }

  private WireType type(int id) {
    WireType t = types.get(id);
    if (t == null) {
      throw fail("type id " + id + " is not defined");
    }
    return t;
  }

  /** The Go spelling of a wire type: its sent name, else built from its parts. */
  String typeName(int id, int depth) {
    if (id >= T_BOOL && id <= T_INTERFACE) {
      return BUILTIN_NAMES[id];
    }
    WireType t = types.get(id);
    if (t == null || depth > 8) {
      return "?";
    }
    if (!t.name().isEmpty()) {
      return t.name();
    }
    return switch (t.kind()) {
      case SLICE -> "[]" + typeName(t.elem(), depth + 1);
      case ARRAY -> "[" + t.len() + "]" + typeName(t.elem(), depth + 1);
      case MAP -> "map[" + typeName(t.key(), depth + 1) + "]" + typeName(t.elem(), depth + 1);
      default -> "struct";
    };
  }

  // ----------------------------------------------------------------------------------------------
  // values

  /**
   * A top-level or interface value: a struct as its fields, anything else as a singleton (a zero
   * field delta, then the value).
   */
  private Object delimited(int id, int depth) {
    if (id > T_INTERFACE && type(id).kind() == Kind.STRUCT) {
      return value(id, depth);
    }
    if (uint() != 0) {
      throw fail("corrupted data: non-zero delta for singleton");
    }
    return value(id, depth);
  }

  private Object value(int id, int depth) {
    if (depth > MAX_DEPTH) {
      throw fail("nesting deeper than " + MAX_DEPTH);
    }
    if (++values > MAX_VALUES) {
      throw fail("more than " + MAX_VALUES + " values");
    }
    return switch (id) {
      case T_BOOL -> uint() != 0; // as Go: any non-zero value is true
      case T_INT -> integer();
      case T_UINT -> new BigInteger(Long.toUnsignedString(uint()));
      case T_FLOAT -> floatValue();
      case T_BYTES -> bytes();
      case T_STRING -> new String(bytes(), StandardCharsets.UTF_8);
      case T_COMPLEX -> List.of(floatValue(), floatValue()); // real, then imaginary
      case T_INTERFACE -> iface(depth);
      default -> composite(type(id), depth);
    };
  }

  private Object composite(WireType t, int depth) {
    return switch (t.kind()) {
      case ARRAY -> {
        long n = count();
        if (n != t.len()) {
          throw fail("array of " + t.len() + " elements holds " + Long.toUnsignedString(n));
        }
        yield list(t.elem(), n, depth);
      }
      case SLICE -> list(t.elem(), count(), depth);
      case MAP -> map(t, depth);
      case STRUCT -> struct(t, depth);
      default -> new Opaque(t.name(), bytes());
    };
  }

  private List<Object> list(int elem, long n, int depth) {
    List<Object> list = new ArrayList<>((int) n);
    for (long i = 0; i < n; i++) {
      list.add(value(elem, depth + 1));
    }
    return list;
  }

  private Object map(WireType t, int depth) {
    long n = count();
    List<Object> keys = new ArrayList<>((int) n);
    List<Object> vals = new ArrayList<>((int) n);
    boolean stringKeys = true;
    for (long i = 0; i < n; i++) {
      Object k = value(t.key(), depth + 1);
      if (k instanceof Typed typed
          && typed.goType().equals("string")
          && typed.value() instanceof String) {
        k = typed.value(); // an interface{} key holding a string
      }
      stringKeys &= k instanceof String;
      keys.add(k);
      vals.add(value(t.elem(), depth + 1));
    }
    if (!stringKeys) {
      return new Entries(keys, vals);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      m.put((String) keys.get(i), vals.get(i));
    }
    return m;
  }

  private Map<String, Object> struct(WireType t, int depth) {
    List<Field> fields = t.fields();
    Object[] got = new Object[fields.size()];
    boolean[] sent = new boolean[fields.size()];
    int field = -1;
    while (true) {
      long d = uint();
      if (d == 0) {
        break;
      }
      if (d < 0 || d > fields.size() - 1 - field) {
        throw fail("field delta out of range in struct " + printable(t.name()));
      }
      field += (int) d;
      got[field] = value((int) fields.get(field).type(), depth + 1);
      sent[field] = true;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < got.length; i++) {
      // Fields Go left out (zero values) still become entries of the view: they count like sent
      // ones, or a few bytes of empty structs with many fields would fill the heap.
      if (!sent[i] && ++values > MAX_VALUES) {
        throw fail("more than " + MAX_VALUES + " values");
      }
      m.put(fields.get(i).name(), sent[i] ? got[i] : zero((int) fields.get(i).type()));
    }
    return m;
  }

  private static Object zero(int id) {
    return switch (id) {
      case T_BOOL -> Boolean.FALSE;
      case T_INT -> 0L;
      case T_UINT -> BigInteger.ZERO;
      case T_FLOAT -> 0.0;
      case T_STRING -> "";
      case T_COMPLEX -> List.of(0.0, 0.0);
      default -> null;
    };
  }

  /** gob's decodeInterface: a Go type name, type definitions, the id, a delimited value. */
  private Object iface(int depth) {
    long n = uint();
    if (n == 0) {
      return null;
    }
    if (n < 0 || n > MAX_NAME || n > end - pos) {
      throw fail("invalid type name length " + Long.toUnsignedString(n));
    }
    String name = new String(in, pos, (int) n, StandardCharsets.UTF_8);
    pos += (int) n;
    int id = typeSequence(true);
    uint(); // the value's byte count, which Go's decoder also ignores
    return new Typed(name, id, delimited(id, depth + 1));
  }

  // ----------------------------------------------------------------------------------------------
  // primitives

  /** An element count: every element takes at least one byte, so more than the rest is corrupt. */
  private long count() {
    long n = uint();
    if (n < 0 || n > in.length - pos) {
      throw fail("a count of " + Long.toUnsignedString(n) + " exceeds the input");
    }
    return n;
  }

  private String text(int max) {
    byte[] b = bytes();
    if (b.length > max) {
      throw fail("a name longer than " + max + " bytes");
    }
    return new String(b, StandardCharsets.UTF_8);
  }

  private Double floatValue() {
    return Double.longBitsToDouble(Long.reverseBytes(uint()));
  }
}
