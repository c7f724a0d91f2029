package dev.sessionkeys.runtime;

import static dev.sessionkeys.runtime.GoGobDecodingTest.bytes;
import static dev.sessionkeys.runtime.GoGobDecodingTest.concat;
import static dev.sessionkeys.runtime.GoGobDecodingTest.msg;
import static dev.sessionkeys.runtime.GoGobDecodingTest.name;
import static dev.sessionkeys.runtime.GoGobDecodingTest.sint;
import static dev.sessionkeys.runtime.GoGobDecodingTest.uint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.runtime.CookieException.Reason;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GobView, GobReader and GobWriter on hand-made streams: every wire kind, limit and refusal with
 * its exact result. GobViewFixturesTest pins the reader and writer to Go's own bytes.
 */
class GobViewTest {

  // ----------------------------------------------------------------------------------------------
  // stream building

  static byte[] sliceDef(int id, int elem) {
    return concat(
        sint(-id), bytes(0x02, 0x01, 0x02), sint(id), bytes(0x00, 0x01), sint(elem), bytes(0, 0));
  }

  static byte[] mapDef(int id, int key, int elem) {
    return concat(
        sint(-id),
        bytes(0x04, 0x01, 0x02),
        sint(id),
        bytes(0x00, 0x01),
        sint(key),
        bytes(0x01),
        sint(elem),
        bytes(0, 0));
  }

  static byte[] arrayDef(int id, int elem, long len) {
    return concat(
        sint(-id),
        bytes(0x01, 0x01, 0x02),
        sint(id),
        bytes(0x00, 0x01),
        sint(elem),
        bytes(0x01),
        sint(len),
        bytes(0, 0));
  }

  /** A struct definition; fields as name, type id pairs. */
  static byte[] structDef(int id, String structName, Object... fields) {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    for (int i = 0; i < fields.length; i += 2) {
      f.writeBytes(concat(bytes(0x01), name((String) fields[i]), bytes(0x01)));
      f.writeBytes(concat(sint((Integer) fields[i + 1]), bytes(0x00)));
    }
    return concat(
        sint(-id),
        bytes(0x03, 0x01),
        structName.isEmpty() ? bytes(0x02) : concat(bytes(0x01), name(structName), bytes(0x01)),
        sint(id),
        bytes(0x00, 0x01),
        uint(fields.length / 2),
        f.toByteArray(),
        bytes(0, 0));
  }

  /** A GobEncoder (delta 5), BinaryMarshaler (6) or TextMarshaler (7) definition. */
  static byte[] encoderDef(int id, int delta, String typeName) {
    return concat(
        sint(-id),
        bytes(delta, 0x01, 0x01),
        name(typeName),
        bytes(0x01),
        sint(id),
        bytes(0x00, 0x00, 0x00));
  }

  /** A top-level singleton value of the given type id: its message. */
  static byte[] single(int id, byte[]... value) {
    return msg(sint(id), bytes(0x00), concat(value));
  }

  static GobView.Decoded view(byte[]... messages) {
    return GobView.decode(concat(messages));
  }

  static String json(byte[]... messages) {
    return view(messages).json();
  }

  static void refused(String message, byte[]... messages) {
    byte[] gob = concat(messages);
    assertThatThrownBy(() -> GobView.decode(gob))
        .isInstanceOfSatisfying(
            CookieException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.CANNOT_DESERIALIZE);
              assertThat(e.getMessage()).isEqualTo("CANNOT_DESERIALIZE: gob: " + message);
            });
  }

  static byte[] f64(double d) {
    return uint(Long.reverseBytes(Double.doubleToRawLongBits(d)));
  }

  // ----------------------------------------------------------------------------------------------
  // predefined types

  @Test
  void readsEveryPredefinedType() {
    assertThat(view(single(6, name("x")))).isEqualTo(new GobView.Decoded("string", "\"x\""));
    assertThat(view(single(1, bytes(1)))).isEqualTo(new GobView.Decoded("bool", "true"));
    assertThat(json(single(1, bytes(2)))).isEqualTo("true");
    assertThat(json(single(1, bytes(0)))).isEqualTo("false");
    assertThat(view(single(2, sint(-5)))).isEqualTo(new GobView.Decoded("int", "-5"));
    assertThat(view(single(3, uint(7)))).isEqualTo(new GobView.Decoded("uint", "7"));
    assertThat(json(single(3, uint(Long.MAX_VALUE)))).isEqualTo("9223372036854775807");
    assertThat(json(single(3, uint(-1L)))).isEqualTo("18446744073709551615");
    assertThat(view(single(4, f64(1.5)))).isEqualTo(new GobView.Decoded("float64", "1.5"));
    assertThat(json(single(4, f64(Double.NaN)))).isEqualTo("\"NaN\"");
    assertThat(json(single(4, f64(Double.POSITIVE_INFINITY)))).isEqualTo("\"+Inf\"");
    assertThat(json(single(4, f64(Double.NEGATIVE_INFINITY)))).isEqualTo("\"-Inf\"");
    assertThat(json(single(4, f64(-0.0)))).isEqualTo("-0");
    assertThat(json(single(4, f64(1e21)))).isEqualTo("1e+21");
    assertThat(view(single(5, bytes(2, 0, 0xff))))
        .isEqualTo(new GobView.Decoded("[]uint8", "\"AP8=\""));
    assertThat(view(single(7, f64(1.5), f64(-2))))
        .isEqualTo(new GobView.Decoded("complex128", "[1.5,-2]"));
    // Strings are escaped as Go's JSON escapes them; invalid UTF-8 reads as U+FFFD.
    assertThat(json(single(6, bytes(4, '<', '"', 0x01, 0xff))))
        .isEqualTo("\"\\u003c\\\"\\u0001\ufffd\"");
  }

  @Test
  void readsInterfacesPlainOrWithTheirGoType() {
    assertThat(view(single(8, name("int"), sint(2), uint(2), bytes(0), sint(3))))
        .isEqualTo(new GobView.Decoded("interface {}", "3"));
    assertThat(json(single(8, bytes(0)))).isEqualTo("null");
    assertThat(json(single(8, name("int64"), sint(2), uint(2), bytes(0), sint(3))))
        .isEqualTo("{\"$type\":\"int64\",\"$value\":3}");
    for (String plain :
        List.of("string", "bool", "float64", "[]interface {}", "map[string]interface {}")) {
      assertThat(json(single(8, name(plain), sint(2), uint(2), bytes(0), sint(3))))
          .as(plain)
          .isEqualTo("3");
    }
    assertThat(
            json(single(8, name("map[interface {}]interface {}"), sint(1), uint(2), bytes(0, 1))))
        .isEqualTo("true");
    // A type definition inside the interface, then the framed value's count Go skips.
    byte[] def = sliceDef(65, 6);
    assertThat(
            json(
                single(
                    8, name("[]string"), def, uint(99), sint(65), uint(4), bytes(0, 1), name("a"))))
        .isEqualTo("{\"$type\":\"[]string\",\"$value\":[\"a\"]}");
  }

  // ----------------------------------------------------------------------------------------------
  // defined types

  @Test
  void readsSlicesArraysAndMaps() {
    assertThat(view(msg(sliceDef(65, 6)), single(65, uint(2), name("a"), name(""))))
        .isEqualTo(new GobView.Decoded("[]string", "[\"a\",\"\"]"));
    assertThat(view(msg(arrayDef(65, 2, 3)), single(65, uint(3), sint(1), sint(0), sint(-1))))
        .isEqualTo(new GobView.Decoded("[3]int", "[1,0,-1]"));
    assertThat(
            view(
                msg(mapDef(65, 6, 2)), single(65, uint(2), name("b"), sint(1), name("a"), sint(2))))
        .isEqualTo(new GobView.Decoded("map[string]int", "{\"b\":1,\"a\":2}"));
    // A repeated key keeps its first place and its last value, as a Go map holds one.
    assertThat(
            json(
                msg(mapDef(65, 6, 2)), single(65, uint(2), name("a"), sint(1), name("a"), sint(2))))
        .isEqualTo("{\"a\":2}");
    assertThat(
            view(
                msg(mapDef(65, 2, 6)),
                single(65, uint(2), sint(1), name("x"), sint(-2), name("y"))))
        .isEqualTo(
            new GobView.Decoded(
                "map[int]string", "[{\"key\":1,\"value\":\"x\"},{\"key\":-2,\"value\":\"y\"}]"));
    // Keys of interface type: strings make an object, any other key an entry list.
    assertThat(
            json(
                msg(mapDef(65, 8, 8)),
                single(
                    65,
                    uint(2),
                    name("string"),
                    sint(6),
                    uint(3),
                    bytes(0, 1, 'k'),
                    bytes(0),
                    name("bool"),
                    sint(1),
                    uint(2),
                    bytes(0, 1),
                    bytes(0))))
        .isEqualTo("[{\"key\":\"k\",\"value\":null},{\"key\":true,\"value\":null}]");
    // A name on the wire wins over the spelled-out type.
    byte[] named =
        concat(
            sint(-65),
            bytes(0x04, 0x01, 0x01),
            name("Flags"),
            bytes(0x01),
            sint(65),
            bytes(0x00, 0x01, 0x0c, 0x01, 0x02, 0x00, 0x00));
    assertThat(view(msg(named), single(65, uint(0)))).isEqualTo(new GobView.Decoded("Flags", "{}"));
  }

  @Test
  void readsStructsInFieldOrderWithZeroesForFieldsNotSent() {
    byte[] def =
        structDef(
            65, "All", "B", 1, "I", 2, "U", 3, "F", 4, "Y", 5, "S", 6, "C", 7, "X", 8, "N", 66);
    String zeroes =
        "{\"B\":false,\"I\":0,\"U\":0,\"F\":0,\"Y\":null,\"S\":\"\",\"C\":[0,0],\"X\":null,"
            + "\"N\":null}";
    assertThat(view(msg(def), msg(sint(65), bytes(0))))
        .isEqualTo(new GobView.Decoded("All", zeroes));
    // Fields 1 (I) and 6 (S) sent: a struct is not a singleton, no leading zero delta.
    assertThat(json(msg(def), msg(sint(65), bytes(2), sint(-3), bytes(4), name("s"), bytes(0))))
        .isEqualTo(zeroes.replace("\"I\":0", "\"I\":-3").replace("\"S\":\"\"", "\"S\":\"s\""));
    // Inside an interface, too.
    assertThat(json(single(8, name("main.All"), def, uint(99), sint(65), uint(3), bytes(1, 1, 0))))
        .isEqualTo(
            "{\"$type\":\"main.All\",\"$value\":"
                + zeroes.replace("\"B\":false", "\"B\":true")
                + "}");
    // Without a name, a struct is spelled "struct".
    assertThat(view(msg(structDef(65, "")), msg(sint(65), bytes(0))))
        .isEqualTo(new GobView.Decoded("struct", "{}"));
    refused(
        "field delta out of range in struct All",
        msg(def),
        msg(sint(65), bytes(10), bytes(1), bytes(0)));
    refused("field delta out of range in struct All", msg(def), msg(sint(65), uint(-1L)));
    // Recursive types read to the depth they are sent.
    byte[] node = structDef(65, "Node", "Val", 2, "Next", 65);
    assertThat(json(msg(node), msg(sint(65), bytes(1, 2, 1, 1, 4, 0, 0))))
        .isEqualTo("{\"Val\":1,\"Next\":{\"Val\":2,\"Next\":null}}");
  }

  @Test
  void readsSelfEncodingValues() {
    byte[] time = encoderDef(65, 5, "Time");
    byte[] utc = bytes(15, 1, 0, 0, 0, 14, 0xdd, 0x25, 0x74, 0x25, 0, 0, 0, 6, 0xff, 0xff);
    assertThat(view(msg(time), single(65, utc)))
        .isEqualTo(new GobView.Decoded("Time", "\"2024-01-02T03:04:05.000000006Z\""));
    // Offsets in minutes; 0 is Z as -1 (UTC) is; version 2 adds seconds.
    byte[] zoned = utc.clone();
    zoned[14] = 0;
    zoned[15] = 90;
    assertThat(json(msg(time), single(65, zoned)))
        .isEqualTo("\"2024-01-02T04:34:05.000000006+01:30\"");
    zoned[15] = 0;
    assertThat(json(msg(time), single(65, zoned))).isEqualTo("\"2024-01-02T03:04:05.000000006Z\"");
    byte[] v2 = concat(bytes(16, 2), java.util.Arrays.copyOfRange(utc, 2, 16), bytes(30));
    v2[14] = 0;
    v2[15] = 0;
    assertThat(json(msg(time), single(65, v2)))
        .isEqualTo("\"2024-01-02T03:04:35.000000006+00:00:30\"");
    // Not time.Time's binary form: the bytes, base64.
    byte[] v3 = utc.clone();
    v3[1] = 3;
    assertThat(json(msg(time), single(65, v3))).isEqualTo("\"AwAAAA7dJXQlAAAABv//\"");
    assertThat(json(msg(time), single(65, bytes(1, 1)))).isEqualTo("\"AQ==\"");
    assertThat(json(msg(time), single(65, bytes(0)))).isEqualTo("\"\"");
    byte[] v2Short = utc.clone();
    v2Short[1] = 2;
    assertThat(json(msg(time), single(65, v2Short))).isEqualTo("\"AgAAAA7dJXQlAAAABv//\"");
    byte[] v1Long = concat(bytes(16), java.util.Arrays.copyOfRange(utc, 1, 16), bytes(0));
    assertThat(json(msg(time), single(65, v1Long))).isEqualTo("\"AQAAAA7dJXQlAAAABv//AA==\"");
    byte[] lastNano = utc.clone();
    System.arraycopy(bytes(0x3b, 0x9a, 0xc9, 0xff), 0, lastNano, 10, 4);
    assertThat(json(msg(time), single(65, lastNano)))
        .isEqualTo("\"2024-01-02T03:04:05.999999999Z\"");
    lastNano[13] = 0; // 0x3b9aca00: one second of nanoseconds
    lastNano[12] = (byte) 0xca;
    assertThat(json(msg(time), single(65, lastNano))).startsWith("\"AQAAAA7dJXQlO5rKAP//");
    byte[] badNanos = utc.clone();
    badNanos[10] = 0x7f;
    assertThat(json(msg(time), single(65, badNanos))).startsWith("\"AQAAAA7dJXQlfwAA");
    byte[] negativeNanos = utc.clone();
    negativeNanos[10] = (byte) 0xff;
    assertThat(json(msg(time), single(65, negativeNanos))).startsWith("\"AQAAAA7dJXQl/wAA");
    byte[] farFuture = utc.clone();
    farFuture[2] = 0x7f;
    assertThat(json(msg(time), single(65, farFuture))).startsWith("\"AX8AAA7dJXQl");
    byte[] badZone = utc.clone();
    badZone[14] = 0x7f;
    badZone[15] = 0;
    assertThat(json(msg(time), single(65, badZone))).startsWith("\"AQAAAA7dJXQlAAAABn8A");
    // Other names and kinds: the bytes.
    assertThat(view(msg(encoderDef(65, 6, "URL")), single(65, bytes(1, 'h'))))
        .isEqualTo(new GobView.Decoded("URL", "\"aA==\""));
    assertThat(json(msg(encoderDef(65, 7, "IP")), single(65, bytes(1, 'h')))).isEqualTo("\"aA==\"");
    assertThat(json(msg(encoderDef(65, 5, "Int")), single(65, utc))).startsWith("\"AQAAAA7d");
    // In an interface registered as time.Time.
    assertThat(
            json(single(8, name("time.Time"), time, uint(99), sint(65), uint(17), bytes(0), utc)))
        .isEqualTo("{\"$type\":\"time.Time\",\"$value\":\"2024-01-02T03:04:05.000000006Z\"}");
  }

  @Test
  void spellsTypesFromTheirParts() {
    assertThat(view(msg(sliceDef(65, 66)), single(65, uint(0))).goType()).isEqualTo("[]?");
    // An unnamed type that refers to itself is cut short.
    assertThat(view(msg(sliceDef(65, 65)), single(65, uint(0))).goType())
        .isEqualTo("[]".repeat(9) + "?");
    assertThat(view(msg(mapDef(65, 8, 66)), msg(arrayDef(66, 7, 2)), single(65, uint(0))).goType())
        .isEqualTo("map[interface {}][2]complex128");
    assertThat(view(msg(encoderDef(65, 5, "")), single(65, bytes(0))).goType()).isEqualTo("struct");
    // A name is made printable and short.
    byte[] odd = concat(sint(-65), bytes(0x02, 0x01, 0x01), name("a\u0001" + "b".repeat(200)));
    odd = concat(odd, bytes(0x01), sint(65), bytes(0x00, 0x01, 0x0c, 0x00, 0x00));
    assertThat(view(msg(odd), single(65, uint(0))).goType()).isEqualTo("a?" + "b".repeat(98));
  }

  // ----------------------------------------------------------------------------------------------
  // refusals and limits

  @Test
  void refusesBrokenFramingAndTypeDefinitions() {
    refused("unexpected end of data");
    refused("message length 0 exceeds the remaining 0 bytes", bytes(0));
    refused("message length 5 exceeds the remaining 1 bytes", bytes(5, 1));
    refused("unexpected end of message", msg(sint(6)));
    refused("encoded unsigned integer out of range", msg(bytes(0x80)));
    refused("invalid uint data length 2", msg(bytes(0xfe, 1)));
    refused("type id out of range", msg(sint(1L << 40)));
    refused("type id out of range", msg(sint(-(1L << 40))));
    refused("type id 65 is not defined", single(65));
    refused("duplicate or reserved type id 64", msg(sliceDef(64, 6)));
    refused("duplicate or reserved type id 65", msg(sliceDef(65, 6)), msg(sliceDef(65, 6)));
    refused("extra data in buffer", msg(sliceDef(65, 6), bytes(0)));
    refused("corrupted type definition", msg(sint(-65), bytes(0)));
    refused("corrupted type definition", msg(sint(-65), bytes(8)));
    // A second field of wireType, or a field past the kind's own.
    refused("corrupted type definition", msg(sint(-65), bytes(2, 0, 1, 0)));
    refused("corrupted type definition", msg(sint(-65), bytes(2, 3)));
    refused("corrupted type definition", msg(sint(-65), bytes(5, 2)));
    refused("corrupted type definition", msg(sint(-65), bytes(2, 1, 3)));
    refused("corrupted type definition", msg(sint(-65), bytes(2, 2), sint(-1), bytes(0, 0)));
    refused("corrupted type definition", msg(sint(-65), bytes(2, 2), sint(1L << 40), bytes(0, 0)));
    refused("corrupted type definition", msg(sint(-65), bytes(4, 3), sint(-1), bytes(0, 0)));
    refused(
        "corrupted type definition",
        msg(sint(-65), bytes(3, 2, 1, 1, 1, 'a', 1), sint(-1), bytes(0, 0, 0)));
    refused("corrupted type definition", msg(sint(-65), bytes(3, 2, 1, 3), bytes(0, 0, 0)));
    refused("corrupted data: non-zero delta for singleton", msg(sint(6), bytes(1)));
    refused(
        "array of 3 elements holds 2",
        msg(arrayDef(65, 2, 3)),
        single(65, uint(2), sint(1), sint(2)));
    refused("a count of 1000 exceeds the input", msg(sliceDef(65, 2)), single(65, uint(1000)));
    refused(
        "a count of 18446744073709551615 exceeds the input",
        msg(arrayDef(65, 2, -1)),
        single(65, uint(-1L)));
    refused("a count of 9 exceeds the input", msg(mapDef(65, 2, 2)), single(65, uint(9)));
    refused("length 5 exceeds the remaining 1 bytes", single(6, bytes(5, 'a')));
    refused("invalid type name length 3", single(8, bytes(3, 'a')));
    refused("invalid type name length 1025", single(8, uint(1025), new byte[1025]));
    refused(
        "a name longer than 1024 bytes",
        msg(concat(sint(-65), bytes(0x02, 0x01, 0x01), uint(1025), new byte[1025])));
    refused(
        "a name longer than 1024 bytes",
        msg(concat(sint(-65), bytes(0x03, 0x02, 0x01, 0x01), uint(1025), new byte[1025])));
  }

  @Test
  void limitsHoldExactlyAtTheirValues() {
    // map[string]interface{} inside itself: each level is an interface and a map.
    byte[] nested = bytes(0);
    for (int i = 0; i < 70; i++) {
      byte[] body = concat(bytes(0, 1), name("k"), nested);
      nested = concat(name("map[string]interface {}"), sint(65), uint(body.length), body);
    }
    refused(
        "nesting deeper than 128", msg(mapDef(65, 6, 8)), single(65, uint(1), name("k"), nested));
    // Nesting through map keys counts as well: map[interface{}]int with a map as the key.
    byte[] key = bytes(0);
    for (int i = 0; i < 70; i++) {
      byte[] body = concat(bytes(0, 1), key, sint(0));
      key = concat(name("map[interface {}]int"), sint(65), uint(body.length), body);
    }
    refused("nesting deeper than 128", msg(mapDef(65, 8, 2)), single(65, uint(1), key, sint(0)));
    // Names of exactly 1,024 bytes: an interface value's and a type's.
    String longest = "n".repeat(GobReader.MAX_NAME);
    assertThat(json(single(8, name(longest), sint(2), uint(2), bytes(0), sint(3))))
        .isEqualTo("{\"$type\":\"" + longest + "\",\"$value\":3}");
    assertThat(json(msg(structDef(65, longest, longest, 2)), msg(sint(65), bytes(0))))
        .isEqualTo("{\"" + longest + "\":0}");
    // An array's count is checked against the input before anything is allocated.
    refused(
        "a count of 1000 exceeds the input", msg(arrayDef(65, 2, 1000)), single(65, uint(1000)));
    // Exactly 100,000 values: the slice and 41 structs of 2,438 fields not sent.
    Object[] fields = new Object[2 * 2_438];
    for (int i = 0; i < 2_438; i++) {
      fields[2 * i] = "F" + i;
      fields[2 * i + 1] = 1;
    }
    assertThat(
            json(
                msg(structDef(65, "W", fields)),
                msg(sliceDef(66, 65)),
                single(66, uint(41), new byte[41])))
        .startsWith("[{\"F0\":false,");
    // Types that contain themselves: names stop after nine levels, values at the depth limit.
    assertThat(view(msg(sliceDef(65, 65)), single(65, uint(0))).goType())
        .isEqualTo("[]".repeat(9) + "?");
    assertThat(view(msg(arrayDef(65, 65, 0)), single(65, uint(0))).goType())
        .isEqualTo("[0]".repeat(9) + "?");
    assertThat(view(msg(mapDef(65, 65, 65)), single(65, uint(0))).goType())
        .startsWith("map[".repeat(9) + "?]?]")
        .hasSize(100); // shown cut short
    byte[] struct = bytes(0);
    for (int i = 0; i < 200; i++) {
      struct = concat(bytes(1), struct, bytes(0));
    }
    refused("nesting deeper than 128", msg(structDef(65, "R", "R", 65)), msg(sint(65), struct));
    // type T []T, each element one level deeper: 128 levels below the top value are read (128
    // counts of 1, then an empty slice), 129 are refused.
    byte[] deepest = new byte[128 + 1];
    Arrays.fill(deepest, 0, 128, (byte) 1);
    assertThat(json(msg(sliceDef(65, 65)), single(65, deepest)))
        .isEqualTo("[".repeat(129) + "]".repeat(129));
    refused("nesting deeper than 128", msg(sliceDef(65, 65)), single(65, uint(1), deepest));
    // A struct may send only its last field.
    assertThat(
            json(msg(structDef(65, "S", "A", 2, "B", 2)), msg(sint(65), uint(2), sint(5), uint(0))))
        .isEqualTo("{\"A\":0,\"B\":5}");
    // Type ids up to the largest int are ids (undefined here); an array's element id is checked.
    refused(
        "type id 2147483647 is not defined",
        msg(sliceDef(65, Integer.MAX_VALUE)),
        single(65, uint(1), bytes(0)));
    refused("corrupted type definition", msg(arrayDef(65, -1, 1)));
    // Input of exactly the limit.
    byte[] exact = single(5, uint(GobReader.MAX_INPUT - 10), new byte[GobReader.MAX_INPUT - 10]);
    assertThat(exact).hasSize(GobReader.MAX_INPUT);
    assertThat(json(exact)).startsWith("\"AAAA");
  }

  @Test
  void boundsDepthValuesTypesAndLength() {
    // []interface{} inside itself, 70 levels: each level is an interface and a slice.
    byte[] list = bytes(0);
    for (int i = 0; i < 70; i++) {
      list = concat(name("[]interface {}"), sint(65), uint(list.length + 2), bytes(0, 1), list);
    }
    refused("nesting deeper than 128", msg(sliceDef(65, 8)), single(65, uint(1), list));
    // 30 levels are fine.
    byte[] ok = bytes(0);
    for (int i = 0; i < 30; i++) {
      ok = concat(name("[]interface {}"), sint(65), uint(ok.length + 2), bytes(0, 1), ok);
    }
    assertThat(json(msg(sliceDef(65, 8)), single(65, uint(1), ok)))
        .isEqualTo("[" + "[".repeat(30) + "null" + "]".repeat(31));

    byte[] many = new byte[GobReader.MAX_VALUES];
    assertThat(json(msg(sliceDef(65, 1)), single(65, uint(many.length - 1), many)))
        .startsWith("[false,false");
    refused("more than 100000 values", msg(sliceDef(65, 1)), single(65, uint(many.length), many));

    // Fields not sent count too: 100 empty structs of 1,000 bool fields are 100,101 values.
    Object[] thousand = new Object[2_000];
    for (int i = 0; i < 1_000; i++) {
      thousand[2 * i] = "F" + i;
      thousand[2 * i + 1] = 1;
    }
    byte[] wide = structDef(65, "Wide", thousand);
    assertThat(json(msg(wide), msg(sliceDef(66, 65)), single(66, uint(99), new byte[99])))
        .startsWith("[{\"F0\":false,");
    refused(
        "more than 100000 values",
        msg(wide),
        msg(sliceDef(66, 65)),
        single(66, uint(100), new byte[100]));

    ByteArrayOutputStream types = new ByteArrayOutputStream();
    for (int id = 65; id < 65 + GobReader.MAX_TYPES; id++) {
      types.writeBytes(msg(sliceDef(id, 6)));
    }
    byte[] all = types.toByteArray();
    assertThat(json(all, single(65, uint(0)))).isEqualTo("[]");
    refused("more than 1024 type definitions", all, msg(sliceDef(65 + GobReader.MAX_TYPES, 6)));

    byte[] tooLong = new byte[GobReader.MAX_INPUT + 1];
    refused("input of 1048577 bytes is longer than the limit of 1048576", tooLong);
    byte[] longest =
        concat(single(5, uint(GobReader.MAX_INPUT - 16), new byte[GobReader.MAX_INPUT - 16]));
    assertThat(longest.length).isLessThanOrEqualTo(GobReader.MAX_INPUT);
    assertThat(json(longest)).startsWith("\"AAAA");
  }

  // ----------------------------------------------------------------------------------------------
  // writing

  @Test
  void parsesTheGoMapTypes() {
    assertThat(GobView.MapType.parse("map[interface{}]interface{}"))
        .isEqualTo(GobView.MapType.SESSION);
    assertThat(GobView.MapType.parse("map[string]interface {}"))
        .isEqualTo(GobView.MapType.STRING_TO_ANY);
    assertThat(GobView.MapType.parse(" map[string]string "))
        .isEqualTo(GobView.MapType.STRING_TO_STRING);
    assertThatThrownBy(() -> GobView.MapType.parse("map[string]int"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown gob map type; use map[interface{}]interface{} (sessions),"
                + " map[string]interface{} or map[string]string");
  }

  @Test
  void encodesJsonObjectsOrSaysWhyNot() {
    assertThat(GobView.encodeJsonObject("{\"a\":[1]}", GobView.MapType.SESSION))
        .isEqualTo(GobWriter.encode(Map.of("a", List.of(1L)), GobView.MapType.SESSION));
    assertThatThrownBy(() -> GobView.encodeJsonObject("{\"a\":{}}", GobView.MapType.SESSION))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the value of \"a\" is an object; gob session values are strings, numbers, booleans,"
                + " null or lists (flashes)");
    assertThatThrownBy(() -> GobView.encodeJsonObject("[]", GobView.MapType.SESSION))
        .hasMessage("session values must be a JSON object, such as {\"user\":\"alice\"}");
    assertThatThrownBy(() -> GobView.encodeJsonObject("1", GobView.MapType.STRING_TO_STRING))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gob values must be a JSON object, such as {\"user\":\"alice\"}");
    assertThatThrownBy(() -> GobView.encodeJsonObject("{", GobView.MapType.STRING_TO_ANY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the value is not JSON (")
        .hasMessageNotContaining("CANNOT_DESERIALIZE");
    for (String[] c :
        new String[][] {
          {"null", "null"},
          {"1", "a number"},
          {"true", "a boolean"},
          {"{}", "an object"},
          {"[]", "an array"}
        }) {
      assertThatThrownBy(
              () ->
                  GobView.encodeJsonObject(
                      "{\"k\":" + c[0] + "}", GobView.MapType.STRING_TO_STRING))
          .isInstanceOfSatisfying(
              CookieException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CANNOT_SERIALIZE))
          .hasMessage(
              "CANNOT_SERIALIZE: gob: the value of \"k\" is "
                  + c[1]
                  + "; map[string]string holds only strings");
    }
  }

  @Test
  void writesWhatGoReadsForMapStringInterface() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("i", 7); // an Integer is a Go int, too
    nested.put("l", new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("x", -0.0)))));
    Map<String, Object> top = new LinkedHashMap<>();
    top.put("n", nested);
    byte[] gob = GobWriter.encode(top, GobView.MapType.STRING_TO_ANY);
    assertThat(GobView.decode(gob).json()).isEqualTo("{\"n\":{\"i\":7,\"l\":[{\"x\":-0}]}}");
    // The list's type is defined up front, after the map's, only when a list occurs.
    assertThat(GoFixtures.hex(gob))
        .startsWith("0eff81040102ff8200010c011000000cff83020102ff84000110000");
    assertThat(
            GoFixtures.hex(GobWriter.encode(Map.of("m", Map.of()), GobView.MapType.STRING_TO_ANY)))
        .doesNotContain("ff83020102ff84");

    assertThatThrownBy(
            () -> GobWriter.encode(Map.of("b", new byte[1]), GobView.MapType.STRING_TO_ANY))
        .isInstanceOf(CookieException.class)
        .hasMessage(
            "CANNOT_SERIALIZE: gob: the value of \"b\" is a byte[]; map[string]interface{} values"
                + " are strings, booleans, numbers, objects, arrays or null");
    assertThatThrownBy(
            () -> GobWriter.encode(Map.of("m", Map.of(1, "x")), GobView.MapType.STRING_TO_ANY))
        .hasMessage("CANNOT_SERIALIZE: gob: a map key is a number; the keys must be strings");
    Map<String, Object> deep = new LinkedHashMap<>();
    Map<String, Object> inner = deep;
    for (int i = 0; i < 70; i++) {
      Map<String, Object> next = new LinkedHashMap<>();
      inner.put("d", next);
      inner = next;
    }
    assertThatThrownBy(() -> GobWriter.encode(deep, GobView.MapType.STRING_TO_ANY))
        .hasMessage("CANNOT_SERIALIZE: gob: the value of \"d\" nests deeper than 50 levels");
    Map<String, Object> deepList = new LinkedHashMap<>();
    Object l = "x";
    for (int i = 0; i < 70; i++) {
      l = new ArrayList<>(List.of(l));
    }
    deepList.put("l", l);
    assertThatThrownBy(() -> GobWriter.encode(deepList, GobView.MapType.STRING_TO_ANY))
        .hasMessage("CANNOT_SERIALIZE: gob: the value of \"l\" nests deeper than 50 levels");
    // 50 levels of maps are written (and read); a list below them is still defined.
    Map<String, Object> fine = new LinkedHashMap<>();
    inner = fine;
    for (int i = 0; i < 50; i++) {
      Map<String, Object> next = new LinkedHashMap<>();
      inner.put("d", next);
      inner = next;
    }
    inner.put("l", new ArrayList<>());
    assertThat(GobView.decode(GobWriter.encode(fine, GobView.MapType.STRING_TO_ANY)).json())
        .endsWith("{\"l\":[]}" + "}".repeat(50));
  }
}
